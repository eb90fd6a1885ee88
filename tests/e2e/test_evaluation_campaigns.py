"""Evaluation campaigns (三项评议) on the running system: a 基层评机关 campaign answered by a
street office's handler, a 企业评政府 one by an enterprise with its credit code and a 群众评服务
one by residents with invitation codes; closed, the results rank and summon, the 约谈 is in
the accountability ledger, the department writes its public commitment, the problem raised
is an entry of the campaign's ledger, and the scorecards carry the evaluations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from common.clock import local_date, utcnow
from common.vocabulary import Role
from tests.support.handling import case_in
from tests.support.kafka import eventually
from tests.support.stack import Stack
from tests.support.staff import headers_for

SUPERVISOR = headers_for(Role.SUPERVISOR)
STREET = headers_for(Role.HANDLER, "street-yuelu")
UM = "urban-management"
CREDIT = "91350100M000100Y43"


def campaign(kind: str, title: str) -> dict[str, Any]:
    today = local_date(utcnow())
    return {
        "title": title,
        "kind": kind,
        "targets": [UM, "housing-construction"],
        "opens_on": (today - timedelta(days=1)).isoformat(),
        "closes_on": (today + timedelta(days=1)).isoformat(),
        "questionnaire": {
            "indicators": [
                {"code": "buck", "text": "推诿扯皮", "weight": 0.5},
                {"code": "slow", "text": "办事拖沓", "weight": 0.5},
            ],
            "satisfaction_labels": ["很不满意", "不满意", "一般", "满意", "很满意"],
        },
        "weights": {"negative_list": 0.4, "satisfaction": 0.6},
        "min_responses": 1,
        "threshold": 60,
    }


def answer(um: int, *ticked: str, **more: Any) -> dict[str, Any]:
    return {
        "ratings": [
            {"department": UM, "indicators": list(ticked), "satisfaction": um},
            {"department": "housing-construction", "indicators": [], "satisfaction": 4},
        ],
        **more,
    }


async def opened(http: httpx.AsyncClient, base: str, kind: str, title: str) -> str:
    created = await http.post(f"{base}/campaigns", json=campaign(kind, title), headers=SUPERVISOR)
    assert created.status_code == 201, created.text
    campaign_id: str = created.json()["campaign_id"]
    started = await http.post(f"{base}/campaigns/{campaign_id}/open", headers=SUPERVISOR)
    assert started.json()["status"] == "open", started.text
    return campaign_id


async def test_campaigns_are_answered_closed_and_scored(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    base = f"{stack.url('supervision')}/api/v1"
    await case_in(http, stack, "assigned")  # a scorecard row for urban-management this month

    grassroots = await opened(http, base, "grassroots_rate_agencies", "基层评机关")
    problem = {"text": "占道审批推来推去", "department": UM}
    office = answer(0, "buck", "slow", problems=[problem])
    sent = await http.post(f"{base}/campaigns/{grassroots}/responses", json=office, headers=STREET)
    assert sent.status_code == 201, sent.text
    again = await http.post(f"{base}/campaigns/{grassroots}/responses", json=office, headers=STREET)
    assert (again.status_code, again.json()["error"]) == (409, "already_responded")
    bureau = headers_for(Role.HANDLER, "housing-construction")
    refused = await http.post(
        f"{base}/campaigns/{grassroots}/responses", json=office, headers=bureau
    )
    assert (refused.status_code, refused.json()["error"]) == (403, "office_staff_only")

    enterprises = await opened(http, base, "enterprises_rate_government", "企业评政府")
    public = f"{base}/public/campaigns/{enterprises}"
    shown = (await http.get(public)).json()
    assert shown["accepting"] is True and shown["targets"][0]["code"] == UM
    wrong = await http.post(f"{public}/responses", json=answer(3, credit_code=CREDIT[:-1] + "4"))
    assert (wrong.status_code, wrong.json()["field"]) == (422, "credit_code"), wrong.text
    ok = await http.post(f"{public}/responses", json=answer(3, credit_code=CREDIT))
    assert ok.status_code == 201, ok.text
    twice = await http.post(f"{public}/responses", json=answer(3, credit_code=CREDIT))
    assert twice.status_code == 409

    residents = await opened(http, base, "residents_rate_services", "群众评服务")
    codes = await http.post(
        f"{base}/campaigns/{residents}/invitations", json={"count": 2}, headers=SUPERVISOR
    )
    assert codes.status_code == 201, codes.text
    for invitation in codes.json():
        body = answer(4, invitation_code=invitation["code"])
        sent = await http.post(f"{base}/public/campaigns/{residents}/responses", json=body)
        assert sent.status_code == 201, sent.text
    reused = await http.post(
        f"{base}/public/campaigns/{residents}/responses",
        json=answer(4, invitation_code=codes.json()[0]["code"]),
    )
    assert reused.status_code == 409

    for campaign_id in (grassroots, enterprises, residents):
        closed = await http.post(f"{base}/campaigns/{campaign_id}/close", headers=SUPERVISOR)
        assert closed.json()["status"] == "closed", closed.text

    results = await http.get(f"{base}/campaigns/{grassroots}/results", headers=SUPERVISOR)
    rows = {row["department"]: row for row in results.json()["departments"]}
    # satisfaction 0; both indicators ticked: negative list 0; overall 0
    assert (rows[UM]["overall"], rows[UM]["rank"], rows[UM]["summoned"]) == (0.0, 2, True)
    assert rows["housing-construction"]["overall"] == 100.0
    exported = await http.get(f"{base}/campaigns/{grassroots}/results.csv", headers=SUPERVISOR)
    assert "综合得分" in exported.content.decode("utf-8-sig")

    talks = await http.get(f"{base}/accountability", params={"department": UM}, headers=SUPERVISOR)
    (talk,) = [t for t in talks.json() if t["case_id"] == f"campaign:{grassroots}"]
    assert talk["measure"] == "admonition_talk"

    handler = headers_for(Role.HANDLER, UM)
    commitments = (await http.get(f"{base}/commitments", headers=handler)).json()
    # the unit may have commitments from the suite's other campaigns: this talk's is one of them
    (commitment,) = [c for c in commitments if c["record_id"] == talk["record_id"]]
    assert commitment["campaign_id"] == grassroots
    written = await http.put(
        f"{base}/commitments/{commitment['commitment_id']}",
        json={"text": "一个月内整改到位，限时办结"},
        headers=handler,
    )
    assert written.status_code == 200, written.text
    published = (await http.get(f"{base}/public/commitments")).json()
    assert [c["text"] for c in published if c["campaign_id"] == grassroots] == [
        "一个月内整改到位，限时办结"
    ]

    ledger_id = results.json()["campaign"]["ledger_id"]
    ledger = (await http.get(f"{base}/ledgers/{ledger_id}", headers=SUPERVISOR)).json()
    assert ledger["campaign_id"] == grassroots and ledger["figures"]["collected"] == 1
    assert [(e["text"], e["responsible_unit"], e["raised_by"]) for e in ledger["entries"]] == [
        ("占道审批推来推去", UM, "street-yuelu")
    ]

    async def evaluated() -> list[dict[str, Any]]:
        scorecards = await http.get(f"{base}/scorecards", headers=SUPERVISOR)
        found = [row for row in scorecards.json() if row["department"] == UM]
        return found[0]["evaluations"] if found and found[0]["evaluations"] else []

    evaluations = {e["kind"]: e for e in await eventually(evaluated)}
    assert evaluations["grassroots_rate_agencies"]["overall"] == 0.0
    assert evaluations["residents_rate_services"]["overall"] == 100.0
    sheet = await http.get(f"{base}/scorecards.csv", headers=SUPERVISOR)
    assert "基层评机关综合得分" in sheet.content.decode("utf-8-sig")
