"""Supervisors' and departments' records on supervision's in-memory store: urging, orders
and their answers, joint meetings, accountability and appeals, each with its main refusals,
which change nothing and publish nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from common.envelope import Envelope
from common.events import (
    AccountabilityRecorded,
    AppealDecided,
    AppealFiled,
    CaseUrged,
    JointMeetingRecorded,
    SupervisionOrderAnswered,
    SupervisionOrderIssued,
)
from common.vocabulary import AccountabilityMeasure, TimerStage
from supervision.service import appeals, meetings, orders
from tests.support.supervision_memory import (
    NOW,
    SUPERVISOR,
    Database,
    database,
    deliver_all,
    refused,
    run,
    staff_of,
)
from tests.support.supervision_stories import Story, envelopes


async def overdue_case(case_id: str = "C-1") -> tuple[Database, Envelope]:
    """A case assigned to roads whose resolution limit passed: the evidence to cite."""
    db = database()
    story = (
        Story(case_id)
        .registered(NOW, "road")
        .accepted(NOW, "road")
        .assigned(NOW, "roads")
        .overdue(NOW + timedelta(days=5), TimerStage.RESOLUTION, "roads")
    )
    kept = envelopes([story])
    await deliver_all(db, kept)
    db.published.clear()  # the overdue signal: not what these tests are about
    return db, kept[-1]


def later() -> datetime:
    return datetime.now(UTC) + timedelta(days=2)


# --- urging -------------------------------------------------------------------------------


async def test_a_supervisor_urges_a_department_citing_its_overdue_limit() -> None:
    db, overdue = await overdue_case()
    urge = await run(
        db,
        orders.urge,
        case_id="C-1",
        department="roads",
        reason="请加快办理",
        evidence=[str(overdue.event_id)],
        principal=SUPERVISOR,
    )
    assert db.store.urges.rows == [urge]
    (urged,) = db.events(CaseUrged)
    assert (urged.source, urged.department, urged.actor) == ("manual", "roads", "supervisor:s1")
    assert urged.evidence_event_ids == [str(overdue.event_id)]


async def test_an_urge_about_an_unknown_case_is_refused() -> None:
    db, _ = await overdue_case()
    await refused(
        db,
        "case_not_found",
        orders.urge,
        case_id="C-404",
        department="roads",
        reason="r",
        evidence=[],
        principal=SUPERVISOR,
    )


async def test_evidence_about_another_department_or_not_an_event_is_refused() -> None:
    db, overdue = await overdue_case()
    refusal = await refused(
        db,
        "unknown_evidence",
        orders.urge,
        case_id="C-1",
        department="water",
        reason="r",
        evidence=[str(overdue.event_id), "not-an-id"],
        principal=SUPERVISOR,
    )
    assert refusal.details["evidence_event_ids"] == [str(overdue.event_id), "not-an-id"]


# --- supervision orders -------------------------------------------------------------------


async def issue(db: Database, evidence: list[str]) -> dict[str, object]:
    return dict(
        await run(
            db,
            orders.issue_order,
            case_id="C-1",
            department="roads",
            demand="书面报告办理情况",
            respond_by=later(),
            evidence=evidence,
            principal=SUPERVISOR,
        )
    )


async def test_an_order_is_issued_and_the_department_answers_it_once() -> None:
    db, overdue = await overdue_case()
    order = await issue(db, [str(overdue.event_id)])
    assert db.events(SupervisionOrderIssued)[0].order_id == order["order_id"]

    answered = await run(
        db,
        orders.answer_order,
        order_id=order["order_id"],
        response="已整改",
        principal=staff_of("roads"),
    )
    assert answered["response"] == "已整改"
    assert db.store.orders.rows[0]["answered_by"] == "handler:h-roads"
    assert db.events(SupervisionOrderAnswered)[0].response == "已整改"

    await refused(
        db,
        "order_already_answered",
        orders.answer_order,
        order_id=order["order_id"],
        response="again",
        principal=staff_of("roads"),
    )


async def test_an_order_due_in_the_past_is_refused() -> None:
    db, _ = await overdue_case()
    await refused(
        db,
        "respond_by_in_past",
        orders.issue_order,
        case_id="C-1",
        department="roads",
        demand="d",
        respond_by=datetime.now(UTC) - timedelta(minutes=1),
        evidence=[],
        principal=SUPERVISOR,
    )


async def test_another_departments_staff_cannot_answer_an_order() -> None:
    db, _ = await overdue_case()
    order = await issue(db, [])
    await refused(
        db,
        "not_found",
        orders.answer_order,
        order_id=order["order_id"],
        response="r",
        principal=staff_of("water"),
    )
    await refused(
        db,
        "order_not_found",
        orders.answer_order,
        order_id="nope",
        response="r",
        principal=staff_of("roads"),
    )


# --- joint meetings and accountability ----------------------------------------------------


def meeting(**changes: object) -> dict[str, object]:
    return {
        "case_id": "C-1",
        "departments": ["roads", "water", "roads"],
        "attendees": [{"name": "张三", "department": "roads"}],
        "decisions": [{"decision": "共同整改", "owner": "water", "due": "2026-04-01"}],
        "held_at": NOW,
        "principal": SUPERVISOR,
        **changes,
    }


async def test_a_joint_meeting_is_recorded_and_announced() -> None:
    db, _ = await overdue_case()
    recorded = await run(db, meetings.record_meeting, **meeting())
    assert recorded["departments"] == ["roads", "water"]
    assert db.store.meetings.rows == [recorded]
    (announced,) = db.events(JointMeetingRecorded)
    assert announced.decisions == ["共同整改（责任单位：water，完成时限：2026-04-01）"]


async def test_a_meeting_of_one_department_or_with_an_absent_owner_is_refused() -> None:
    db, _ = await overdue_case()
    await refused(
        db, "too_few_departments", meetings.record_meeting, **meeting(departments=["roads"])
    )
    absent = [{"decision": "d", "owner": "police", "due": "2026-04-01"}]
    refusal = await refused(
        db, "owner_not_at_meeting", meetings.record_meeting, **meeting(decisions=absent)
    )
    assert refusal.details["owners"] == ["police"]
    await refused(db, "case_not_found", meetings.record_meeting, **meeting(case_id="C-404"))


async def test_a_department_is_held_accountable_on_cited_evidence() -> None:
    db, overdue = await overdue_case()
    record = await run(
        db,
        meetings.hold_accountable,
        case_id="C-1",
        department="roads",
        measure=AccountabilityMeasure.NOTICE,
        reason="超期未办",
        evidence=[str(overdue.event_id)],
        principal=SUPERVISOR,
    )
    assert db.store.accountability.rows == [record]
    assert db.events(AccountabilityRecorded)[0].measure is AccountabilityMeasure.NOTICE


async def test_accountability_without_evidence_is_refused() -> None:
    db, _ = await overdue_case()
    for code, evidence in (("evidence_required", []), ("unknown_evidence", ["x"])):
        await refused(
            db,
            code,
            meetings.hold_accountable,
            case_id="C-1",
            department="roads",
            measure=AccountabilityMeasure.NOTICE,
            reason="r",
            evidence=evidence,
            principal=SUPERVISOR,
        )


# --- appeals --------------------------------------------------------------------------------


async def test_an_upheld_appeal_takes_the_case_out_of_the_departments_figures() -> None:
    db, _ = await overdue_case()
    appeal = await run(
        db, appeals.file_appeal, case_id="C-1", reason="不属实", principal=staff_of("roads")
    )
    assert db.events(AppealFiled)[0].appeal_id == appeal["appeal_id"]

    decided = await run(
        db,
        appeals.decide_appeal,
        appeal_id=appeal["appeal_id"],
        upheld=True,
        reason="成立",
        principal=SUPERVISOR,
    )
    assert decided["status"] == "upheld"
    assert db.store.appeals.rows[0]["status"] == "upheld"
    assert db.events(AppealDecided)[0].upheld is True
    facts = await db.store.facts.facts_of("C-1")
    assert facts is not None and facts.excluded_departments == frozenset({"roads"})

    await refused(
        db,
        "appeal_already_decided",
        appeals.decide_appeal,
        appeal_id=appeal["appeal_id"],
        upheld=False,
        reason="r",
        principal=SUPERVISOR,
    )


async def test_an_appeal_twice_or_about_a_case_not_counted_against_the_department_is_refused() -> (
    None
):
    db, _ = await overdue_case()
    await run(db, appeals.file_appeal, case_id="C-1", reason="r", principal=staff_of("roads"))
    await refused(
        db,
        "appeal_exists",
        appeals.file_appeal,
        case_id="C-1",
        reason="r",
        principal=staff_of("roads"),
    )
    await refused(
        db,
        "case_not_found",
        appeals.file_appeal,
        case_id="C-1",
        reason="r",
        principal=staff_of("water"),
    )
    await refused(
        db,
        "appeal_not_found",
        appeals.decide_appeal,
        appeal_id="nope",
        upheld=True,
        reason="r",
        principal=SUPERVISOR,
    )
