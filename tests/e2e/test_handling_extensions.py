"""延期 and 挂起 on the running system: a request decided by the dispatcher, the per-case cap,
and suspension while waiting for the submitter."""

from __future__ import annotations

import httpx

from tests.support.handling import DISPATCHER, case_in, events_of, handler, ok, post
from tests.support.infra import TestRun
from tests.support.stack import Stack

UM = "urban-management"


async def test_extensions_are_granted_or_denied_within_the_cap(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    case_id = await case_in(http, stack, "assigned")
    early = await post(
        http, stack, case_id, "extensions", handler(UM), working_days=3, reason="等待配件"
    )
    assert early.status_code == 409 and early.json()["state"] == "assigned"
    await ok(await post(http, stack, case_id, "sign", handler(UM)))

    nothing = await post(http, stack, case_id, "extensions/grant", DISPATCHER)
    assert nothing.status_code == 409 and nothing.json()["error"] == "no_extension_pending"
    zero = await post(http, stack, case_id, "extensions", handler(UM), working_days=0, reason="x")
    assert zero.status_code == 422

    asked = await ok(
        await post(
            http, stack, case_id, "extensions", handler(UM), working_days=7, reason="等待配件到货"
        )
    )
    assert asked["pending_extension"] == {"department": UM, "working_days": 7}
    pending = await post(
        http, stack, case_id, "extensions", handler(UM), working_days=1, reason="再申请"
    )
    assert pending.status_code == 409 and pending.json()["error"] == "extension_already_pending"
    by_handler = await post(http, stack, case_id, "extensions/grant", handler(UM))
    assert by_handler.status_code == 403 and by_handler.json()["error"] == "forbidden_role"
    granted = await ok(await post(http, stack, case_id, "extensions/grant", DISPATCHER))
    assert (granted["extensions_granted"], granted["extension_days_granted"]) == (1, 7)
    assert granted["pending_extension"] is None

    over = await post(
        http, stack, case_id, "extensions", handler(UM), working_days=4, reason="还需时间"
    )
    assert over.status_code == 422
    body = over.json()
    assert body["error"] == "extension_cap_reached"
    assert body["cap"] == "MAX_EXTENSION_WORKING_DAYS"
    assert body["max_extension_working_days"] == 10 and body["remaining_working_days"] == 3

    await ok(
        await post(
            http, stack, case_id, "extensions", handler(UM), working_days=2, reason="还需时间"
        )
    )
    no_reason = await post(http, stack, case_id, "extensions/deny", DISPATCHER, reason="")
    assert no_reason.status_code == 422
    denied = await ok(
        await post(http, stack, case_id, "extensions/deny", DISPATCHER, reason="可先行处置")
    )
    assert denied["pending_extension"] is None and denied["extension_days_granted"] == 7

    await ok(
        await post(
            http, stack, case_id, "extensions", handler(UM), working_days=3, reason="最后一次"
        )
    )
    await ok(await post(http, stack, case_id, "extensions/grant", DISPATCHER))
    count_cap = await post(
        http, stack, case_id, "extensions", handler(UM), working_days=1, reason="再延"
    )
    assert count_cap.status_code == 422
    assert count_cap.json()["cap"] == "MAX_EXTENSIONS"
    assert count_cap.json()["max_extensions"] == 2

    expected = [
        "CaseAssigned",
        "CaseSigned",
        "ExtensionRequested",
        "ExtensionGranted",
        "ExtensionRequested",
        "ExtensionDenied",
        "ExtensionRequested",
        "ExtensionGranted",
    ]
    events = await events_of(e2e_run, case_id, lambda types: types == expected)
    grants = [e.payload for e in events if e.event_type == "ExtensionGranted"]
    assert [(g["working_days"], g["total_extension_days"]) for g in grants] == [(7, 7), (3, 10)]
    assert grants[0]["actor"] == "dispatcher:dispatcher-e2e"


async def test_a_suspended_case_waits_and_resumes(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    case_id = await case_in(http, stack, "assigned")
    too_early = await post(http, stack, case_id, "suspend", handler(UM), reason="等待补充材料")
    assert too_early.status_code == 409
    await ok(await post(http, stack, case_id, "sign", handler(UM)))
    await ok(
        await post(
            http, stack, case_id, "contact", handler(UM), note="电话联系张先生，约定周三现场查看"
        )
    )
    suspended = await ok(
        await post(http, stack, case_id, "suspend", handler(UM), reason="群众外出，约定返回后查看")
    )
    assert suspended["state"] == "suspended"
    assert suspended["allowed_actions"] == [
        "resume"
    ]  # the lead's; the rulings are the dispatcher's
    blocked = await post(http, stack, case_id, "resolve", handler(UM), result="solved", summary="x")
    assert blocked.status_code == 409 and blocked.json()["state"] == "suspended"
    resumed = await ok(await post(http, stack, case_id, "resume", handler(UM)))
    assert resumed["state"] == "signed"

    expected = [
        "CaseAssigned",
        "CaseSigned",
        "SubmitterContacted",
        "CaseSuspended",
        "CaseResumed",
    ]
    events = await events_of(e2e_run, case_id, lambda types: types == expected)
    assert events[2].payload["note"] == "电话联系张先生，约定周三现场查看"
    assert events[3].payload["reason"] == "群众外出，约定返回后查看"
    assert all(e.payload["department"] == UM for e in events[1:])
