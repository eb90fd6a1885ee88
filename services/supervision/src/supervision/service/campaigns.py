"""Evaluation campaigns (三项评议): a supervisor drafts one (who rates whom, the days, the
questionnaire and weights), opens it and closes it. Closing summons each ranked department
scoring below the threshold for a talk (约谈, an accountability record) with a commitment
to write, and turns the problems raised into entries of the campaign's ledger. The results
are computed from the responses each time they are read (domain.campaigns)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from common.auth import Principal
from common.clock import local_date, utcnow
from common.errors import Conflict, NotFound, Unprocessable
from common.vocabulary import AccountabilityMeasure
from supervision.domain import campaigns as rules
from supervision.domain.campaigns import KIND_ZH, Kind, Status
from supervision.repository.store import Unit
from supervision.service import ledgers
from supervision.service.records import add_accountability, new_id

#: The accountability ledger is keyed by case: a campaign's talks are filed under this key.
CASE_KEY = "campaign:{campaign_id}"


def _invalid(code: str, message: str, field: str) -> Unprocessable:
    return Unprocessable(code, message, field=field)


def _check_questionnaire(questionnaire: Mapping[str, Any], weights: Mapping[str, float]) -> None:
    indicators = questionnaire["indicators"]
    codes = [indicator["code"] for indicator in indicators]
    if len(set(codes)) != len(codes):
        raise _invalid(
            "duplicate_indicator", "负面清单指标代码不能重复", "questionnaire.indicators"
        )
    if problem := rules.weights_problem(i["weight"] for i in indicators):
        raise _invalid("indicator_weights", f"负面清单指标的{problem}", "questionnaire.indicators")
    if problem := rules.weights_problem(weights.values()):
        raise _invalid("dimension_weights", f"负面清单与满意度的{problem}", "weights")


async def create_campaign(
    uow: Unit,
    *,
    title: str,
    kind: Kind,
    targets: Sequence[str],
    opens_on: Any,
    closes_on: Any,
    questionnaire: dict[str, Any],
    weights: dict[str, float],
    min_responses: int,
    threshold: float,
    departments: Mapping[str, str],
    principal: Principal,
) -> dict[str, Any]:
    """A draft campaign. `departments`: the district's department codes and their kinds."""
    unknown = [code for code in targets if code not in departments]
    if unknown:
        raise Unprocessable(
            "unknown_department",
            f"被评议单位不存在：{'、'.join(unknown)}（targets）",
            field="targets",
            departments=unknown,
        )
    if problem := rules.period_problem(opens_on, closes_on):
        raise _invalid("closes_before_opening", problem + "（closes_on）", "closes_on")
    _check_questionnaire(questionnaire, weights)
    return await uow.store.campaigns.add(
        {
            "campaign_id": new_id(),
            "title": title,
            "kind": kind.value,
            "targets": list(dict.fromkeys(targets)),
            "opens_on": opens_on,
            "closes_on": closes_on,
            "questionnaire": questionnaire,
            "weights": weights,
            "min_responses": min_responses,
            "threshold": threshold,
            "created_by": principal.actor,
        }
    )


async def existing(uow: Unit, campaign_id: str, *, lock: bool = False) -> dict[str, Any]:
    campaign = await uow.store.campaigns.get(campaign_id, lock=lock)
    if campaign is None:
        raise NotFound("campaign_not_found", f"没有编号为 {campaign_id} 的评议活动")
    return campaign


async def list_campaigns(uow: Unit) -> list[dict[str, Any]]:
    return await uow.store.campaigns.listed()


async def open_campaign(uow: Unit, *, campaign_id: str, principal: Principal) -> dict[str, Any]:
    campaign = await existing(uow, campaign_id, lock=True)
    if campaign["status"] != Status.DRAFT:
        raise Conflict(
            "campaign_not_draft", "只有草稿状态的评议活动可以开始", status=campaign["status"]
        )
    changes = {"status": Status.OPEN.value, "opened_at": utcnow()}
    await uow.store.campaigns.update(campaign_id, **changes)
    return {**campaign, **changes}


async def results(uow: Unit, *, campaign_id: str) -> dict[str, Any]:
    """The campaign with one row per target department (domain.campaigns.results)."""
    campaign = await existing(uow, campaign_id)
    responses = await uow.store.campaigns.responses([campaign_id])
    return {
        "campaign": campaign,
        "responses": len(responses),
        "departments": rules.results(campaign, responses),
    }


def _talk_reason(campaign: Mapping[str, Any], row: Mapping[str, Any]) -> str:
    kind = KIND_ZH[Kind(campaign["kind"])]
    return (
        f"{campaign['title']}（{kind}）综合得分 {row['overall']}，"
        f"低于约谈线 {float(campaign['threshold']):g} 分，予以约谈并作出公开承诺"
    )


async def close_campaign(uow: Unit, *, campaign_id: str, principal: Principal) -> dict[str, Any]:
    """Closed once: the talks and commitments, and the problems raised in the campaign's
    ledger (opened now, unless the campaign has one), each with its department responsible."""
    campaign = await existing(uow, campaign_id, lock=True)
    if campaign["status"] != Status.OPEN:
        raise Conflict(
            "campaign_not_open", "只有进行中的评议活动可以结束", status=campaign["status"]
        )
    now = utcnow()
    responses = await uow.store.campaigns.responses([campaign_id])
    for row in rules.summoned(rules.results(campaign, responses)):
        record = await add_accountability(
            uow,
            record_id=new_id(),
            case_id=CASE_KEY.format(campaign_id=campaign_id),
            department=row["department"],
            measure=AccountabilityMeasure.ADMONITION_TALK,
            reason=_talk_reason(campaign, row),
            evidence=[],
            actor=principal.actor,
            at=now,
        )
        await uow.store.campaigns.add_commitment(
            {
                "commitment_id": new_id(),
                "campaign_id": campaign_id,
                "department": row["department"],
                "record_id": record["record_id"],
                "overall": row["overall"],
            }
        )
    changes = {
        "status": Status.CLOSED.value,
        "closed_at": now,
        "closed_by": principal.actor,
        "ledger_id": await _ledger_problems(uow, campaign, responses, principal),
    }
    await uow.store.campaigns.update(campaign_id, **changes)
    return {**campaign, **changes}


async def _ledger_problems(
    uow: Unit,
    campaign: Mapping[str, Any],
    responses: Sequence[Mapping[str, Any]],
    principal: Principal,
) -> int | None:
    problems = [(r, p) for r in responses for p in r["problems"]]
    ledger_id: int | None = campaign["ledger_id"]
    if not problems:
        return ledger_id
    if ledger_id is None:
        ledger = await ledgers.open_ledger(
            uow,
            title=f"{campaign['title']}：反映问题",
            campaign_id=campaign["campaign_id"],
            principal=principal,
        )
        ledger_id = int(ledger["ledger_id"])
    for response, problem in problems:
        await ledgers.add_entry(
            uow,
            ledger_id=ledger_id,
            source="opinion",
            text=problem["text"],
            raised_by=response.get("rater_name"),
            collected_on=local_date(response["submitted_at"]),
            responsible_unit=problem["department"],
            principal=principal,
        )
    return ledger_id


async def latest_evaluations(uow: Unit) -> dict[str, list[dict[str, Any]]]:
    """Per department, for each kind of campaign, its scores in the latest closed campaign
    that rated it (the scorecards' `evaluations`)."""
    closed = sorted(
        await uow.store.campaigns.listed(Status.CLOSED.value),
        key=lambda campaign: campaign["closed_at"],
        reverse=True,
    )
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for campaign in closed:
        for department in campaign["targets"]:
            latest.setdefault((department, campaign["kind"]), campaign)
    needed = {c["campaign_id"]: c for c in latest.values()}
    responses = await uow.store.campaigns.responses(list(needed))
    evaluations: dict[str, list[dict[str, Any]]] = {}
    for campaign_id, campaign in needed.items():
        own = [r for r in responses if r["campaign_id"] == campaign_id]
        for row in rules.results(campaign, own):
            if latest.get((row["department"], campaign["kind"])) is not campaign:
                continue
            evaluations.setdefault(row["department"], []).append(
                {
                    "campaign_id": campaign_id,
                    "title": campaign["title"],
                    "kind": campaign["kind"],
                    "closed_at": campaign["closed_at"],
                    **{k: row[k] for k in EVALUATION_FIGURES},
                }
            )
    return evaluations


EVALUATION_FIGURES = (
    "responses",
    "negative_list",
    "satisfaction",
    "overall",
    "ranked",
    "rank",
    "note",
    "summoned",
)
