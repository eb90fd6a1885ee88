"""A campaign ledger (专项整治台账) on the running system: a supervisor opens it, tags a case
supervision knows and collected opinions into it, decides their dispositions and time limits,
the responsible unit's handler rectifies its entry, the figures count it all, the ledger is
published on the public problem list without anyone's name, withdrawn again, and exported."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from openpyxl import load_workbook

from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.loop import submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

UM, HS = "urban-management", "housing-construction"
SUPERVISOR = headers_for(Role.SUPERVISOR)
UM_HANDLER = headers_for(Role.HANDLER, UM, "um-handler")
ENTERPRISE = "岳麓某某科技有限公司"


async def test_a_ledger_from_tagging_to_publishing_and_export(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    api = f"{stack.url('supervision')}/api/v1"
    case_id = (await submit(http, stack))["case_id"]  # a streetlight: urban-management's
    await wait_state(http, stack, case_id, "assigned")

    opened = await http.post(
        f"{api}/ledgers", json={"title": "营商环境专项整治台账"}, headers=SUPERVISOR
    )
    assert opened.status_code == 201, opened.text
    ledger = opened.json()
    entries = f"{api}/ledgers/{ledger['ledger_id']}/entries"

    async def tagged() -> httpx.Response | None:
        body = {"source": "case", "case_id": case_id, "responsible_unit": UM}
        response = await http.post(entries, json=body, headers=SUPERVISOR)
        return response if response.status_code != 404 else None  # not yet known

    tagged_case = await eventually(tagged, timeout=60)
    assert tagged_case.status_code == 201, tagged_case.text
    assert tagged_case.json()["responsible_unit"] == UM
    unknown = await http.post(
        entries, json={"source": "case", "case_id": "19990101000001"}, headers=SUPERVISOR
    )
    assert (unknown.status_code, unknown.json()["error"]) == (404, "case_not_found")
    no_text = await http.post(entries, json={"source": "opinion"}, headers=SUPERVISOR)
    assert (no_text.status_code, no_text.json()["field"]) == (422, "text")

    opinions = []
    for text, limit in [("承诺的审批时限未兑现", None), ("奖补资金迟迟未拨付", "2026-01-10")]:
        body = {
            "source": "opinion",
            "text": text,
            "raised_by": ENTERPRISE,
            "collected_on": "2026-01-05",
            "responsible_unit": HS,
            "time_limit": limit,
        }
        added = await http.post(entries, json=body, headers=SUPERVISOR)
        assert added.status_code == 201, added.text
        opinions.append(added.json()["entry_id"])

    async def change(entry_id: int, body: dict[str, Any], headers: dict[str, str]) -> Any:
        return await http.patch(f"{entries}/{entry_id}", json=body, headers=headers)

    case_entry = tagged_case.json()["entry_id"]
    decisions = [
        (case_entry, {"disposition": "key_supervision", "time_limit": "2099-12-31"}),
        (opinions[0], {"disposition": "fixed_at_once"}),
        (opinions[1], {"disposition": "special_study"}),
    ]
    for entry_id, decision in decisions:
        decided = await change(entry_id, decision, SUPERVISOR)
        assert decided.status_code == 200, decided.text
    wrong = await change(opinions[0], {"disposition": "forgotten"}, SUPERVISOR)
    assert (wrong.status_code, wrong.json()["field"]) == (422, "disposition")
    assert "处置方式" in wrong.json()["message"]

    elsewhere = await change(case_entry, {"progress": "in_progress"}, headers_for(Role.HANDLER, HS))
    assert elsewhere.status_code == 404
    unfinished = await change(case_entry, {"progress": "rectified"}, UM_HANDLER)
    assert (unfinished.status_code, unfinished.json()["field"]) == (422, "outcome")
    rectified = await change(case_entry, {"progress": "rectified", "outcome": "已修复"}, UM_HANDLER)
    assert rectified.status_code == 200, rectified.text
    # the unit's entries of this ledger (other tests' ledgers have the unit's entries too)
    ours = {"mine": "true", "ledger_id": ledger["ledger_id"]}
    mine = await http.get(f"{api}/ledger-entries", params=ours, headers=UM_HANDLER)
    assert [entry["case_id"] for entry in mine.json()] == [case_id]

    detail = await http.get(f"{api}/ledgers/{ledger['ledger_id']}", headers=SUPERVISOR)
    figures = detail.json()["figures"]
    assert [d["count"] for d in figures["by_disposition"]][:3] == [1, 1, 1]
    assert {key: value for key, value in figures.items() if key != "by_disposition"} == {
        "collected": 3,
        "undecided": 0,
        "rectified": 1,
        "rectified_on_time": 1,
        "overdue": 1,  # the second opinion's 2026-01-10
        "open": 2,
    }

    published = await http.post(f"{api}/ledgers/{ledger['ledger_id']}/publish", headers=SUPERVISOR)
    assert published.json()["published"] is True
    listed = await http.get(f"{api}/public/ledgers")
    assert ledger["ledger_id"] in [item["ledger_id"] for item in listed.json()]
    shown = await http.get(f"{api}/public/ledgers/{ledger['ledger_id']}")
    assert shown.status_code == 200, shown.text
    assert shown.json()["figures"] == figures
    assert len(shown.json()["entries"]) == 3
    assert ENTERPRISE not in shown.text and "um-handler" not in shown.text

    withdrawn = await http.post(f"{api}/ledgers/{ledger['ledger_id']}/withdraw", headers=SUPERVISOR)
    assert withdrawn.json()["published"] is False
    hidden = await http.get(f"{api}/public/ledgers/{ledger['ledger_id']}")
    assert hidden.status_code == 404
    listed = await http.get(f"{api}/public/ledgers")
    assert ledger["ledger_id"] not in [item["ledger_id"] for item in listed.json()]

    exported = await http.get(f"{api}/ledgers/{ledger['ledger_id']}.csv", headers=SUPERVISOR)
    assert exported.status_code == 200, exported.text
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [(row["处置方式"], row["整改进展"], row["是否超期"]) for row in rows] == [
        ("重点督办", "已整改", "否"),
        ("立行立改", "待整改", "否"),
        ("列入专项研究", "待整改", "是"),
    ]
    workbook = await http.get(f"{api}/ledgers/{ledger['ledger_id']}.xlsx", headers=SUPERVISOR)
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None and sheet.title == "专项整治台账"
    assert sheet.max_row == 4
