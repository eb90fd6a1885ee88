"""Evaluation campaigns (三项评议) on supervision's in-memory store: drafting, opening,
invitation codes, one response per invitation code / credit code / office and only while
open, closing with the talks (约谈) in the accountability ledger, the commitments and the
problems in the campaign's ledger, the scorecards' evaluations; refusals change nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.auth import Principal
from common.events import AccountabilityRecorded
from common.vocabulary import AccountabilityMeasure, Role
from supervision.domain.campaigns import Kind
from supervision.service import campaign_responses as responses
from supervision.service import campaigns
from tests.support.supervision_memory import SUPERVISOR, Database, database, refused, run, staff_of

DEPARTMENTS = {
    "urban-management": "bureau",
    "housing-construction": "bureau",
    "street-yuelu": "street",
    "town-lianhua": "town",
}
TODAY = date(2026, 3, 10)
CREDIT = "91350100M000100Y43"
OTHER_CREDIT = "91110000600037341L"


def draft(**changes: Any) -> dict[str, Any]:
    return {
        "title": "2026年一季度评议",
        "kind": Kind.ENTERPRISES_RATE_GOVERNMENT,
        "targets": ["urban-management", "housing-construction"],
        "opens_on": date(2026, 3, 1),
        "closes_on": date(2026, 3, 31),
        "questionnaire": {
            "indicators": [
                {"code": "buck", "text": "推诿扯皮", "weight": 0.5},
                {"code": "slow", "text": "办事拖沓", "weight": 0.5},
            ],
            "satisfaction_labels": ["很不满意", "不满意", "一般", "满意", "很满意"],
        },
        "weights": {"negative_list": 0.5, "satisfaction": 0.5},
        "min_responses": 1,
        "threshold": 60,
        "departments": DEPARTMENTS,
        "principal": SUPERVISOR,
        **changes,
    }


async def opened(db: Database, **changes: Any) -> str:
    campaign = await run(db, campaigns.create_campaign, **draft(**changes))
    await run(
        db, campaigns.open_campaign, campaign_id=campaign["campaign_id"], principal=SUPERVISOR
    )
    return str(campaign["campaign_id"])


def rate(department: str, satisfaction: int, *ticked: str) -> dict[str, Any]:
    return {"department": department, "indicators": list(ticked), "satisfaction": satisfaction}


def answer(campaign_id: str, **more: Any) -> dict[str, Any]:
    return {
        "campaign_id": campaign_id,
        "ratings": [rate("urban-management", 4)],
        "problems": [],
        "today": TODAY,
        "departments": DEPARTMENTS,
        **more,
    }


async def test_a_draft_names_known_departments_and_weights_summing_to_one() -> None:
    db = database()
    unknown = await refused(
        db, "unknown_department", campaigns.create_campaign, **draft(targets=["nowhere"])
    )
    assert unknown.details["field"] == "targets" and "nowhere" in unknown.message
    weights = await refused(
        db,
        "dimension_weights",
        campaigns.create_campaign,
        **draft(weights={"negative_list": 0.5, "satisfaction": 0.6}),
    )
    assert weights.details["field"] == "weights"
    indicators = draft()["questionnaire"]
    indicators["indicators"][0]["weight"] = 0.2
    refusal = await refused(
        db, "indicator_weights", campaigns.create_campaign, **draft(questionnaire=indicators)
    )
    assert refusal.details["field"] == "questionnaire.indicators"
    await refused(
        db, "closes_before_opening", campaigns.create_campaign, **draft(closes_on=date(2026, 2, 1))
    )
    created = await run(db, campaigns.create_campaign, **draft())
    assert (created["status"], created["created_by"]) == ("draft", "supervisor:s1")


async def test_responses_only_while_open_and_within_its_days() -> None:
    db = database()
    campaign = await run(db, campaigns.create_campaign, **draft())
    campaign_id = campaign["campaign_id"]
    await refused(
        db, "campaign_not_found", responses.respond, **answer(campaign_id, credit_code=CREDIT)
    )
    await run(db, campaigns.open_campaign, campaign_id=campaign_id, principal=SUPERVISOR)
    await refused(
        db,
        "campaign_not_draft",
        campaigns.open_campaign,
        campaign_id=campaign_id,
        principal=SUPERVISOR,
    )
    early = await refused(
        db,
        "campaign_not_open",
        responses.respond,
        **answer(campaign_id, credit_code=CREDIT, today=date(2026, 2, 28)),
    )
    assert "2026-03-01" in early.message
    await refused(
        db,
        "campaign_not_open",
        responses.respond,
        **answer(campaign_id, credit_code=CREDIT, today=date(2026, 4, 1)),
    )
    await run(db, responses.respond, **answer(campaign_id, credit_code=CREDIT))
    await run(db, campaigns.close_campaign, campaign_id=campaign_id, principal=SUPERVISOR)
    await refused(
        db, "campaign_not_open", responses.respond, **answer(campaign_id, credit_code=OTHER_CREDIT)
    )
    await refused(
        db,
        "campaign_not_open",
        campaigns.close_campaign,
        campaign_id=campaign_id,
        principal=SUPERVISOR,
    )


async def test_an_enterprise_answers_once_by_a_valid_credit_code() -> None:
    db = database()
    campaign_id = await opened(db)
    wrong = await refused(
        db,
        "invalid_credit_code",
        responses.respond,
        **answer(campaign_id, credit_code=CREDIT[:-1] + "4"),
    )
    assert wrong.details["field"] == "credit_code" and "校验位" in wrong.message
    await refused(db, "credit_code_required", responses.respond, **answer(campaign_id))
    receipt = await run(
        db, responses.respond, **answer(campaign_id, credit_code=CREDIT, enterprise_name="某公司")
    )
    assert (receipt["rater_kind"], receipt["departments"]) == ("enterprise", ["urban-management"])
    again = await refused(
        db, "already_responded", responses.respond, **answer(campaign_id, credit_code=CREDIT)
    )
    assert "统一社会信用代码" in again.message
    not_target = await refused(
        db,
        "not_a_target",
        responses.respond,
        **answer(campaign_id, credit_code=OTHER_CREDIT, ratings=[rate("street-yuelu", 3)]),
    )
    assert not_target.details["field"] == "ratings[0].department"
    await refused(
        db,
        "unknown_indicator",
        responses.respond,
        **answer(campaign_id, credit_code=OTHER_CREDIT, ratings=[rate("urban-management", 3, "x")]),
    )


async def test_residents_answer_once_per_invitation_code() -> None:
    db = database()
    campaign_id = await opened(db, kind=Kind.RESIDENTS_RATE_SERVICES)
    codes = await run(db, responses.invite, campaign_id=campaign_id, count=2, principal=SUPERVISOR)
    assert len({c["code"] for c in codes}) == 2
    assert codes[0]["link"] == f"/portal/campaigns/{campaign_id}?code={codes[0]['code']}"
    assert all(codes[0]["code"] not in str(row) for row in db.store.campaigns.invitations)
    await refused(db, "invitation_code_required", responses.respond, **answer(campaign_id))
    unknown = await refused(
        db,
        "unknown_invitation_code",
        responses.respond,
        **answer(campaign_id, invitation_code="ZZZZZZZZZZ"),
    )
    assert unknown.details["field"] == "invitation_code"
    await run(db, responses.respond, **answer(campaign_id, invitation_code=codes[0]["code"]))
    again = await refused(
        db,
        "already_responded",
        responses.respond,
        **answer(campaign_id, invitation_code=codes[0]["code"]),
    )
    assert "邀请码" in again.message
    await run(
        db, responses.respond, **answer(campaign_id, invitation_code=codes[1]["code"].lower())
    )
    assert len(db.store.campaigns.responses_) == 2


async def test_only_a_street_or_town_office_rates_agencies_once() -> None:
    db = database()
    campaign_id = await opened(db, kind=Kind.GRASSROOTS_RATE_AGENCIES)
    bureau = await refused(
        db,
        "office_staff_only",
        responses.respond,
        **answer(campaign_id, principal=staff_of("housing-construction")),
    )
    assert "街道" in bureau.message
    await refused(db, "office_staff_only", responses.respond, **answer(campaign_id))
    await refused(
        db,
        "office_staff_only",
        responses.respond,
        **answer(campaign_id, principal=Principal("s2", Role.SUPERVISOR)),
    )
    await run(db, responses.respond, **answer(campaign_id, principal=staff_of("street-yuelu")))
    await run(db, responses.respond, **answer(campaign_id, principal=staff_of("town-lianhua")))
    again = await refused(
        db,
        "already_responded",
        responses.respond,
        **answer(campaign_id, principal=staff_of("street-yuelu")),
    )
    assert "本单位" in again.message


async def test_closing_summons_the_ranked_below_the_threshold_and_files_the_problems() -> None:
    db = database()
    campaign_id = await opened(db, min_responses=2)
    problem = {"text": "审批材料反复退回", "department": "housing-construction"}
    for credit, bad in ((CREDIT, 0), (OTHER_CREDIT, 1)):
        ratings = [rate("urban-management", 4), rate("housing-construction", bad, "buck")]
        await run(
            db,
            responses.respond,
            **answer(
                campaign_id,
                credit_code=credit,
                enterprise_name="企业",
                ratings=ratings,
                problems=[problem],
            ),
        )
    # housing-construction: satisfaction (0+1)/4/2 x 100 = 12.5; buck ticked by both:
    # 100 - 0.5 x 100 = 50; overall 0.5 x 50 + 0.5 x 12.5 = 31.25 < 60
    result = await run(db, campaigns.results, campaign_id=campaign_id)
    rows = {row["department"]: row for row in result["departments"]}
    assert rows["housing-construction"]["overall"] == 31.25
    assert (rows["urban-management"]["overall"], rows["urban-management"]["rank"]) == (100.0, 1)

    closed = await run(db, campaigns.close_campaign, campaign_id=campaign_id, principal=SUPERVISOR)
    assert closed["status"] == "closed" and closed["ledger_id"] is not None
    (talk,) = db.events(AccountabilityRecorded)
    assert (talk.department, talk.measure) == (
        "housing-construction",
        AccountabilityMeasure.ADMONITION_TALK,
    )
    (record,) = db.store.accountability.rows
    assert record["case_id"] == f"campaign:{campaign_id}" and "31.25" in record["reason"]
    (commitment,) = db.store.campaigns.commitments_
    assert (commitment["department"], commitment["record_id"], commitment["text"]) == (
        "housing-construction",
        record["record_id"],
        None,
    )
    entries = db.store.ledgers.entry_rows
    assert [(e["text"], e["responsible_unit"], e["raised_by"]) for e in entries] == [
        ("审批材料反复退回", "housing-construction", "企业")
    ] * 2
    assert {e["ledger_id"] for e in entries} == {closed["ledger_id"]}


async def test_the_summoned_departments_handler_writes_its_public_commitment() -> None:
    db = database()
    campaign_id = await opened(db)
    await run(
        db,
        responses.respond,
        **answer(
            campaign_id,
            credit_code=CREDIT,
            ratings=[rate("housing-construction", 0, "buck", "slow")],
        ),
    )
    await run(db, campaigns.close_campaign, campaign_id=campaign_id, principal=SUPERVISOR)
    (commitment,) = await run(db, responses.list_commitments, principal=SUPERVISOR)
    assert await run(db, responses.list_commitments, principal=staff_of("urban-management")) == []
    assert await run(db, responses.public_commitments) == []
    cid = commitment["commitment_id"]
    await refused(
        db,
        "not_found",
        responses.write_commitment,
        commitment_id=cid,
        text="整改",
        principal=staff_of("urban-management"),
    )
    await refused(
        db,
        "department_writes",
        responses.write_commitment,
        commitment_id=cid,
        text="整改",
        principal=SUPERVISOR,
    )
    owner = staff_of("housing-construction")
    written = await run(
        db, responses.write_commitment, commitment_id=cid, text="一月内整改到位", principal=owner
    )
    assert (written["text"], written["campaign_title"]) == ("一月内整改到位", "2026年一季度评议")
    (public,) = await run(db, responses.public_commitments)
    assert public["text"] == "一月内整改到位" and "written_by" not in public
    await refused(
        db,
        "commitment_written",
        responses.write_commitment,
        commitment_id=cid,
        text="改了",
        principal=owner,
    )


async def test_scorecards_carry_each_kinds_latest_closed_campaign() -> None:
    db = database()
    first = await opened(db, title="第一次")
    await run(
        db,
        responses.respond,
        **answer(first, credit_code=CREDIT, ratings=[rate("urban-management", 2)]),
    )
    await run(db, campaigns.close_campaign, campaign_id=first, principal=SUPERVISOR)
    second = await opened(db, title="第二次", min_responses=2)
    await run(db, responses.respond, **answer(second, credit_code=CREDIT))
    still_open = await opened(db, title="进行中")
    await run(db, responses.respond, **answer(still_open, credit_code=CREDIT))
    assert (await run(db, campaigns.latest_evaluations))["urban-management"][0]["title"] == "第一次"
    await run(db, campaigns.close_campaign, campaign_id=second, principal=SUPERVISOR)
    evaluations = await run(db, campaigns.latest_evaluations)
    (latest,) = evaluations["urban-management"]
    assert (latest["title"], latest["responses"], latest["ranked"], latest["note"]) == (
        "第二次",
        1,
        False,
        "样本不足",
    )
