"""Supervision as a consumer of the running system's topics, over real Kafka and PostgreSQL.

Upstream events are published onto the owners' topics as those services would (producer
name, topic, case id as key), so supervision is tested exactly as it runs: the escalation
ladder gives one urge, one supervision order and one accountability referral per escalation
event, redeliveries included, each announced once on supervision's topic; a department
answers its order; evidence is checked; buck-passing is detected once per rule; the
problem list is public."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from common.events import (
    CallbackCompleted,
    CaseReferredToSupervision,
    DeadlineEscalated,
)
from common.vocabulary import EscalationStep, Role, Satisfaction, TimerStage
from tests.support.events import publish
from tests.support.kafka import eventually
from tests.support.ladder import (
    LEAD,
    OTHER,
    SUPERVISOR,
    assigned,
    escalated,
    listed,
    new_case,
    overdue,
    returned,
    supervision_events,
    wrap,
)
from tests.support.stack import Stack
from tests.support.staff import headers_for
from tests.support.supervision_stories import Story, at, envelopes


async def test_the_escalation_ladder_acts_once_per_escalation_even_when_redelivered(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    exceeded = overdue(case_id)
    ladder = [
        escalated(case_id, EscalationStep.URGE, 1),
        escalated(case_id, EscalationStep.SUPERVISION_ORDER, 3),
        escalated(case_id, EscalationStep.ACCOUNTABILITY, 5),
    ]
    bootstrap, prefix = stack.run.servers.kafka_bootstrap, stack.run.topic_prefix
    # each escalation is delivered twice: the same envelope, the same event id
    await publish(bootstrap, prefix, [assigned(case_id), exceeded, *ladder, *ladder])

    (urge,) = await listed(http, stack, "urges", case_id, 1)
    assert (urge["source"], urge["department"]) == ("escalation", LEAD)
    assert urge["evidence_event_ids"] == [str(ladder[0].event_id)]
    (order,) = await listed(http, stack, "orders", case_id, 1)
    assert order["department"] == LEAD and order["response"] is None
    assert datetime.fromisoformat(order["respond_by"]) > datetime.now(UTC)
    (record,) = await listed(http, stack, "accountability", case_id, 1)
    assert record["measure"] == "disciplinary_referral"
    assert record["evidence_event_ids"] == [str(exceeded.event_id), str(ladder[2].event_id)]

    wanted = {"CaseUrged", "SupervisionOrderIssued", "AccountabilityRecorded"}
    events = await supervision_events(
        stack, case_id, lambda found: wanted <= {e["event_type"] for e in found}
    )
    counts = Counter(e["event_type"] for e in events)
    assert {name: counts[name] for name in wanted} == dict.fromkeys(wanted, 1)
    # a second delivery of the whole ladder later on still changes nothing
    await publish(bootstrap, prefix, ladder)
    assert len(await listed(http, stack, "urges", case_id, 1)) == 1
    assert len(await listed(http, stack, "orders", case_id, 1)) == 1
    assert len(await listed(http, stack, "accountability", case_id, 1)) == 1


async def test_an_automatic_order_is_answered_by_the_time_deadline_stamped(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    """Deadline owns working time: the order takes its answer-by time from the escalation."""
    case_id = new_case()
    stamped = datetime(2030, 1, 7, 9, 30, tzinfo=UTC)  # 17:30 in Shanghai
    order_step = wrap(
        case_id,
        DeadlineEscalated(
            timer_id=7,
            stage=TimerStage.RESOLUTION,
            department=LEAD,
            step=EscalationStep.SUPERVISION_ORDER,
            working_days_overdue=3,
            due_at=datetime.now(UTC) - timedelta(days=3),
            policy="ordinary",
            respond_by=stamped,
        ),
        "deadline",
    )
    await publish(stack.run.servers.kafka_bootstrap, stack.run.topic_prefix, [order_step])
    (order,) = await listed(http, stack, "orders", case_id, 1)
    assert datetime.fromisoformat(order["respond_by"]) == stamped
    assert "请于2030-01-07 17:30前书面报告" in order["demand"]


async def test_a_department_answers_its_own_supervision_order(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    await publish(
        stack.run.servers.kafka_bootstrap,
        stack.run.topic_prefix,
        [assigned(case_id), escalated(case_id, EscalationStep.SUPERVISION_ORDER, 3)],
    )
    (order,) = await listed(http, stack, "orders", case_id, 1)
    base = stack.url("supervision")
    answer = {"response": "已组织人员现场整改，路灯已全部恢复"}
    url = f"{base}/api/v1/orders/{order['order_id']}/answer"

    stranger = await http.post(url, json=answer, headers=headers_for(Role.HANDLER, OTHER))
    assert stranger.status_code == 404
    supervisor = await http.post(url, json=answer, headers=SUPERVISOR)
    assert supervisor.status_code == 403
    mine = headers_for(Role.HANDLER, LEAD)
    # the department sees its orders, and only its own
    own = await http.get(f"{base}/api/v1/orders", headers=mine)
    assert {o["department"] for o in own.json()} == {LEAD}
    others = await http.get(f"{base}/api/v1/orders", headers=headers_for(Role.HANDLER, OTHER))
    assert order["order_id"] not in {o["order_id"] for o in others.json()}

    answered = await http.post(url, json=answer, headers=mine)
    assert answered.status_code == 200, answered.text
    assert answered.json()["answered_by"] == f"handler:test-handler-{LEAD}"
    twice = await http.post(url, json=answer, headers=mine)
    assert twice.status_code == 409
    assert twice.json()["error"] == "order_already_answered"

    events = await supervision_events(
        stack,
        case_id,
        lambda found: any(e["event_type"] == "SupervisionOrderAnswered" for e in found),
    )
    (answer_event,) = [e for e in events if e["event_type"] == "SupervisionOrderAnswered"]
    assert answer_event["payload"]["response"] == answer["response"]


async def test_a_department_reads_the_urges_addressed_to_it_and_no_others(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    await publish(
        stack.run.servers.kafka_bootstrap,
        stack.run.topic_prefix,
        [assigned(case_id), escalated(case_id, EscalationStep.URGE, 1)],
    )
    (urge,) = await listed(http, stack, "urges", case_id, 1)
    url = f"{stack.url('supervision')}/api/v1/urges"

    own = await http.get(url, headers=headers_for(Role.HANDLER, LEAD))
    assert own.status_code == 200, own.text
    assert urge["urge_id"] in {u["urge_id"] for u in own.json()}
    assert {u["department"] for u in own.json()} == {LEAD}
    # another department, even asking for this one by name, sees only its own
    others = await http.get(
        url, params={"department": LEAD}, headers=headers_for(Role.HANDLER, OTHER)
    )
    assert others.status_code == 200, others.text
    assert urge["urge_id"] not in {u["urge_id"] for u in others.json()}
    assert {u["department"] for u in others.json()} <= {OTHER}


async def test_returns_bouncing_between_two_departments_are_detected_once_per_rule(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    returns = [returned(case_id, LEAD, 1), returned(case_id, OTHER, 2), returned(case_id, LEAD, 3)]
    bootstrap, prefix = stack.run.servers.kafka_bootstrap, stack.run.topic_prefix
    await publish(bootstrap, prefix, [assigned(case_id), *returns, returns[2]])

    found = await listed(http, stack, "buck-passing", case_id, 2)
    assert sorted(f["rule"] for f in found) == [f"bounced:{OTHER}|{LEAD}", "too_many_returns"]
    assert sorted(f["description"] for f in found) == [
        "两个单位之间来回退单，本件共退单3次",
        "本件已退单3次，超过允许的次数",
    ]
    events = await supervision_events(
        stack,
        case_id,
        lambda es: sum(e["event_type"] == "BuckPassingDetected" for e in es) >= 2,
    )
    detected = [e for e in events if e["event_type"] == "BuckPassingDetected"]
    assert len(detected) == 2
    assert all(
        e["payload"]["evidence_event_ids"] == [str(r.event_id) for r in returns] for e in detected
    )


async def test_accountability_cites_only_evidence_supervision_has_seen_for_the_department(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    first_return = returned(case_id, OTHER, 1)
    unhappy = wrap(
        case_id,
        CallbackCompleted(
            round=1,
            satisfaction=Satisfaction.DISSATISFIED,
            solved=False,
            agent="callback_agent:test",
            completed_at=datetime.now(UTC),
        ),
        "callback",
    )
    await publish(
        stack.run.servers.kafka_bootstrap,
        stack.run.topic_prefix,
        [assigned(case_id, OTHER, 90), first_return, assigned(case_id, LEAD, 5), unhappy],
    )

    async def kept() -> bool:
        response = await http.get(
            f"{stack.url('supervision')}/api/v1/signals",
            headers=headers_for(Role.SUPERVISOR),
            params={"case_id": case_id, "kind": "dissatisfied"},
        )
        return bool(response.json())

    await eventually(kept)
    url = f"{stack.url('supervision')}/api/v1/accountability"
    body = {"case_id": case_id, "measure": "admonition_talk", "reason": "推诿扯皮，群众不满意"}

    # the return was housing's, not urban management's; an invented id is nobody's
    invented = str(uuid.uuid4())
    wrong = await http.post(
        url,
        json={
            **body,
            "department": LEAD,
            "evidence_event_ids": [str(first_return.event_id), invented],
        },
        headers=SUPERVISOR,
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"] == "unknown_evidence"
    assert wrong.json()["evidence_event_ids"] == [str(first_return.event_id), invented]

    handler = await http.post(
        url,
        json={**body, "department": OTHER, "evidence_event_ids": [str(first_return.event_id)]},
        headers=headers_for(Role.HANDLER, OTHER),
    )
    assert handler.status_code == 403

    talk = await http.post(
        url,
        json={**body, "department": OTHER, "evidence_event_ids": [str(first_return.event_id)]},
        headers=SUPERVISOR,
    )
    assert talk.status_code == 201, talk.text
    # the dissatisfied callback names no department: it counts against the lead now handling
    notice = await http.post(
        url,
        json={
            **body,
            "measure": "notice",
            "department": LEAD,
            "evidence_event_ids": [str(unhappy.event_id)],
        },
        headers=SUPERVISOR,
    )
    assert notice.status_code == 201, notice.text
    records = await listed(http, stack, "accountability", case_id, 2)
    assert {(r["department"], r["measure"]) for r in records} == {
        (OTHER, "admonition_talk"),
        (LEAD, "notice"),
    }


async def test_manual_urge_order_and_joint_meeting(stack: Stack, http: httpx.AsyncClient) -> None:
    case_id = new_case()
    await publish(
        stack.run.servers.kafka_bootstrap,
        stack.run.topic_prefix,
        [assigned(case_id, LEAD)],
    )
    base = f"{stack.url('supervision')}/api/v1"

    async def known() -> bool:
        urge = await http.post(
            f"{base}/cases/{case_id}/urges",
            json={"department": LEAD, "reason": "群众反映强烈，请加快办理"},
            headers=SUPERVISOR,
        )
        return urge.status_code == 201

    await eventually(known)
    past = await http.post(
        f"{base}/orders",
        json={
            "case_id": case_id,
            "department": LEAD,
            "demand": "书面报告",
            "respond_by": "2020-01-01T18:00:00+08:00",
        },
        headers=SUPERVISOR,
    )
    assert past.status_code == 422 and past.json()["error"] == "respond_by_in_past"
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    order = await http.post(
        f"{base}/orders",
        json={"case_id": case_id, "department": LEAD, "demand": "书面报告", "respond_by": future},
        headers=SUPERVISOR,
    )
    assert order.status_code == 201, order.text

    meeting: dict[str, Any] = {
        "case_id": case_id,
        "departments": [LEAD, OTHER],
        "attendees": [{"name": "王主任", "department": LEAD}, {"name": "李科长"}],
        "decisions": [{"decision": "三日内完成路灯线路改造", "owner": LEAD, "due": "2030-01-03"}],
        "held_at": datetime.now(UTC).isoformat(),
    }
    alone = await http.post(
        f"{base}/meetings", json={**meeting, "departments": [LEAD, LEAD]}, headers=SUPERVISOR
    )
    assert alone.status_code == 422 and alone.json()["error"] == "too_few_departments"
    stranger = {**meeting, "decisions": [{**meeting["decisions"][0], "owner": "water"}]}
    refused = await http.post(f"{base}/meetings", json=stranger, headers=SUPERVISOR)
    assert refused.status_code == 422 and refused.json()["owners"] == ["water"]
    held = await http.post(f"{base}/meetings", json=meeting, headers=SUPERVISOR)
    assert held.status_code == 201, held.text
    dispatcher = await http.post(
        f"{base}/meetings", json=meeting, headers=headers_for(Role.DISPATCHER)
    )
    assert dispatcher.status_code == 403

    wanted = {"CaseUrged", "SupervisionOrderIssued", "JointMeetingRecorded"}
    events = await supervision_events(
        stack, case_id, lambda found: wanted <= {e["event_type"] for e in found}
    )
    (urged,) = [e for e in events if e["event_type"] == "CaseUrged"]
    assert (urged["payload"]["source"], urged["payload"]["actor"]) == (
        "manual",
        "supervisor:test-supervisor",
    )
    (met,) = [e for e in events if e["event_type"] == "JointMeetingRecorded"]
    assert met["payload"]["departments"] == [LEAD, OTHER]


async def test_the_problem_list_is_public_and_edited_by_supervisors(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    base = f"{stack.url('supervision')}/api/v1"
    item = {
        "title": "主干道路灯长期不亮",
        "responsible_unit": LEAD,
        "time_limit": "2030-04-14",
        "linked_cases": ["C1", "C2"],
    }
    denied = await http.post(
        f"{base}/problem-list", json=item, headers=headers_for(Role.HANDLER, LEAD)
    )
    assert denied.status_code == 403
    added = await http.post(f"{base}/problem-list", json=item, headers=SUPERVISOR)
    assert added.status_code == 201, added.text
    item_id = added.json()["item_id"]

    closing = await http.patch(
        f"{base}/problem-list/{item_id}", json={"status": "done"}, headers=SUPERVISOR
    )
    assert closing.status_code == 422 and closing.json()["error"] == "outcome_required"
    closed = await http.patch(
        f"{base}/problem-list/{item_id}",
        json={"status": "done", "outcome": "42盏路灯全部恢复照明"},
        headers=SUPERVISOR,
    )
    assert closed.status_code == 200, closed.text

    public = await http.get(f"{base}/public/problem-list")
    assert public.status_code == 200
    (shown,) = [i for i in public.json() if i["item_id"] == item_id]
    assert (shown["responsible_unit"], shown["time_limit"], shown["status"]) == (
        LEAD,
        "2030-04-14",
        "done",
    )
    assert shown["outcome"] == "42盏路灯全部恢复照明" and "created_by" not in shown
    exported = await http.get(f"{base}/public/problem-list.csv")
    text = exported.content.decode("utf-8-sig")
    assert "责任单位" in text and "已销号" in text and "C1、C2" in text


async def test_a_case_referred_by_dispatch_becomes_a_signal(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    referral = wrap(
        case_id,
        CaseReferredToSupervision(
            lead_department=LEAD,
            round=3,
            reason="重办两次后回访仍不满意",
            actor="system:dispatch",
            referred_at=datetime.now(UTC),
        ),
        "dispatch",
    )
    bootstrap, prefix = stack.run.servers.kafka_bootstrap, stack.run.topic_prefix
    await publish(bootstrap, prefix, [assigned(case_id), referral, referral])

    async def referred() -> list[dict[str, Any]]:
        response = await http.get(
            f"{stack.url('supervision')}/api/v1/signals",
            headers=headers_for(Role.SUPERVISOR),
            params={"case_id": case_id, "kind": "referred"},
        )
        rows: list[dict[str, Any]] = response.json()
        return rows

    (signal,) = await eventually(referred)
    assert signal["department"] == LEAD
    assert signal["evidence_event_id"] == str(referral.event_id)


async def test_the_same_matter_at_the_same_place_after_closure_is_recurring(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    first, again = new_case(), new_case()
    place = "湘江新区 望城大道 88号"
    stories = [
        Story(first)
        .registered(at(2, 9, month=3), "drainage", area="wangcheng", address=place)
        .closed(at(5, 9, month=3)),
        Story(again).registered(
            at(20, 9, month=3), "drainage", area="wangcheng", address="湘江新区望城大道８８号"
        ),
    ]
    await publish(stack.run.servers.kafka_bootstrap, stack.run.topic_prefix, envelopes(stories))
    params = {"from": "2024-03-01", "to": "2024-03-31"}

    async def found() -> list[dict[str, Any]]:
        response = await http.get(
            f"{stack.url('supervision')}/api/v1/recurring", params=params, headers=SUPERVISOR
        )
        rows: list[dict[str, Any]] = response.json()
        return [r for r in rows if r["case_id"] == again]

    (recurrence,) = await eventually(found)
    assert (recurrence["earlier_case_id"], recurrence["days_after_closure"]) == (first, 15)
