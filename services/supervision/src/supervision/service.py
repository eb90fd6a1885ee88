"""Supervision use cases.

From events: keep each case's events and refold its scorecard facts; record signals; turn
deadline escalations into urges, supervision orders and accountability referrals, exactly
once per escalation event (the inbox, and a unique key on the source event); detect
buck-passing once per case and rule.

From supervisors and departments (HTTP): urge, order, answer, meet, hold accountable,
appeal and decide; every record is announced on supervision's topic in the same
transaction (outbox).

Longer than ~400 lines because it still holds every use-case group (records, signals,
ladder, meetings, appeals, figures); it is to be split into a service/ package, one module
per group, with the other services.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal, ensure_department
from common.clock import utcnow
from common.consumer import MessageContext
from common.errors import Conflict, NotFound, Unprocessable
from common.events import (
    AccountabilityRecorded,
    AppealDecided,
    AppealFiled,
    BuckPassingDetected,
    CallbackCompleted,
    CaseAssigned,
    CaseReferredToSupervision,
    CaseReopened,
    CaseReturned,
    CaseUrged,
    DeadlineEscalated,
    DeadlineExceeded,
    JointMeetingRecorded,
    SupervisionOrderAnswered,
    SupervisionOrderIssued,
    SupervisionSignalRecorded,
)
from common.outbox import UnitOfWork
from common.vocabulary import (
    LABELS_ZH,
    AccountabilityMeasure,
    ArbitrationDecision,
    EscalationStep,
    Satisfaction,
)
from supervision import projection, repository
from supervision.config import Rules, Settings
from supervision.domain import buck_passing, orders
from supervision.domain.breakdown import EVERY_CASE, Filters, filtered
from supervision.domain.recurring import recurrences
from supervision.domain.scorecard import (
    CaseFacts,
    Grouping,
    Period,
    RankBy,
    aggregate,
    hotspots,
    period_key,
    period_range,
    rank,
    shanghai_midnight,
)
from supervision.domain.signals import Signal, from_callback, from_overdue, from_referral
from supervision.models import (
    accountability_records,
    appeals,
    joint_meetings,
    problem_items,
    supervision_orders,
    urges,
)
from supervision.models import (
    buck_passing as buck_passing_table,
)

SYSTEM_ACTOR = "system:supervision"
_APPEAL_STATUS_ZH = {"upheld": "申诉成立", "rejected": "驳回"}
#: Automatic records get ids derived from the escalation that caused them.
_RECORD_IDS = uuid.UUID("8d0f3c1e-5a53-4a7b-9a55-2f1d8f0b6c11")


def _derived_id(kind: str, source_event_id: uuid.UUID) -> str:
    return str(uuid.uuid5(_RECORD_IDS, f"{kind}:{source_event_id}"))


def _new_id() -> str:
    return str(uuid.uuid4())


# --- consumed events ------------------------------------------------------------------------


async def keep(event: Any, ctx: MessageContext) -> None:
    """Every kept event refolds its case's scorecard facts."""
    await projection.keep(ctx.session, ctx.envelope)


async def on_assigned(event: CaseAssigned, ctx: MessageContext) -> None:
    await keep(event, ctx)
    await _handled_by(ctx, event.lead_department)


async def on_reopened(event: CaseReopened, ctx: MessageContext) -> None:
    await keep(event, ctx)
    await _handled_by(ctx, event.lead_department)


async def _handled_by(ctx: MessageContext, department: str) -> None:
    """The case's lead from now on; signals that waited for a department are filed against it."""
    case_id = ctx.envelope.case_id
    await repository.set_department(ctx.session, case_id, department)
    for row in await repository.file_waiting_signals(ctx.session, case_id, department):
        ctx.emit(
            SupervisionSignalRecorded(
                signal=row.kind,
                department=department,
                evidence_event_id=str(row.evidence_event_id),
                observed_at=row.observed_at,
            )
        )


async def on_overdue(event: DeadlineExceeded, ctx: MessageContext) -> None:
    await keep(event, ctx)
    department = event.department or await repository.department_of(
        ctx.session, ctx.envelope.case_id
    )
    await _record_signal(ctx, from_overdue(event, department))


async def on_callback(event: CallbackCompleted, ctx: MessageContext) -> None:
    await keep(event, ctx)
    department = await repository.department_of(ctx.session, ctx.envelope.case_id)
    signal = from_callback(event, department)
    if signal is not None:
        await _record_signal(ctx, signal)


async def on_referred(event: CaseReferredToSupervision, ctx: MessageContext) -> None:
    await keep(event, ctx)
    await _record_signal(ctx, from_referral(event))


async def on_returned(event: CaseReturned, ctx: MessageContext, *, rules: Rules) -> None:
    """推诿扯皮: refold the case's returns; announce each rule the first time it is broken."""
    await keep(event, ctx)
    case_id = ctx.envelope.case_id
    returns = [
        buck_passing.Return(str(row.event_id), row.department or "", row.occurred_at)
        for row in await repository.events_of_type(ctx.session, case_id, "CaseReturned")
    ]
    for finding in buck_passing.findings(
        returns,
        max_returns=rules.buck_passing_max_returns,
        pair_bounces=rules.buck_passing_pair_bounces,
    ):
        fresh = await repository.insert_once(
            ctx.session,
            buck_passing_table,
            {
                "case_id": case_id,
                "rule": finding.rule,
                "departments": finding.departments,
                "returns_in_case": finding.returns_in_case,
                "evidence_event_ids": finding.evidence_event_ids,
                "detected_at": ctx.envelope.occurred_at,
            },
        )
        if fresh:
            ctx.emit(
                BuckPassingDetected(
                    departments=finding.departments,
                    returns_in_case=finding.returns_in_case,
                    evidence_event_ids=finding.evidence_event_ids,
                    detected_at=ctx.envelope.occurred_at,
                )
            )


async def on_escalated(event: DeadlineEscalated, ctx: MessageContext) -> None:
    """The ladder after a limit: 催办, then 督办 with the answer deadline deadline stamped on
    it, then a referral for accountability citing the case's overdue events. One record per
    escalation event."""
    await keep(event, ctx)
    envelope = ctx.envelope
    case_id = envelope.case_id
    department = event.department or await repository.department_of(ctx.session, case_id)
    stage = LABELS_ZH[event.stage]
    evidence = [str(envelope.event_id)]
    at = envelope.occurred_at
    if event.step is EscalationStep.URGE:
        reason = f"{stage}已超期{event.working_days_overdue}个工作日，自动催办"
        await _urge(
            ctx.session,
            ctx.emit,
            case_id=case_id,
            department=department,
            source="escalation",
            reason=reason,
            evidence=evidence,
            actor=SYSTEM_ACTOR,
            at=at,
            urge_id=_derived_id("urge", envelope.event_id),
            source_event_id=envelope.event_id,
        )
    elif event.step is EscalationStep.SUPERVISION_ORDER:
        due = orders.respond_by(at, event.respond_by)
        demand = (
            f"{stage}已超期{event.working_days_overdue}个工作日，"
            f"请于{due:%Y-%m-%d %H:%M}前书面报告办理情况"
        )
        await _issue_order(
            ctx.session,
            ctx.emit,
            order_id=_derived_id("order", envelope.event_id),
            case_id=case_id,
            department=department or "unassigned",
            demand=demand,
            respond_by=due,
            evidence=evidence,
            actor=SYSTEM_ACTOR,
            at=at,
            source_event_id=envelope.event_id,
        )
    else:
        overdue = await repository.events_of_type(ctx.session, case_id, "DeadlineExceeded")
        cited = [str(row.event_id) for row in overdue if row.department in (department, None)]
        await _hold_accountable(
            ctx.session,
            ctx.emit,
            record_id=_derived_id("accountability", envelope.event_id),
            case_id=case_id,
            department=department or "unassigned",
            measure=AccountabilityMeasure.DISCIPLINARY_REFERRAL,
            reason=f"{stage}已超期{event.working_days_overdue}个工作日，督办后仍未办结，移送问责",
            evidence=[*cited, *evidence],
            actor=SYSTEM_ACTOR,
            at=at,
            source_event_id=envelope.event_id,
        )


async def _record_signal(ctx: MessageContext, signal: Signal) -> None:
    """Recorded and announced once per evidence event. A signal is never filed against nobody:
    while the case has no department (its assignment not seen yet, or none: resolved on the
    spot) it waits, neither listed nor announced, until a department handles the case."""
    envelope = ctx.envelope
    recorded = await repository.record_signal(
        ctx.session,
        {
            "case_id": envelope.case_id,
            "kind": signal.kind,
            "department": signal.department,
            "detail": signal.detail,
            "evidence_event_id": envelope.event_id,
            "evidence_type": envelope.event_type,
            "observed_at": envelope.occurred_at,
        },
    )
    if recorded and signal.department is not None:
        ctx.emit(
            SupervisionSignalRecorded(
                signal=signal.kind,
                department=signal.department,
                evidence_event_id=str(envelope.event_id),
                observed_at=envelope.occurred_at,
            )
        )


# --- records, shared by the ladder and the supervisors ---------------------------------------


@dataclass(frozen=True)
class _Emitter:
    """uow.emit and ctx.emit, as one callable keyed by case."""

    uow: UnitOfWork

    def __call__(self, event: Any, *, case_id: str | None = None) -> Any:
        assert case_id is not None
        return self.uow.emit(event, case_id=case_id)


async def _urge(
    session: AsyncSession,
    emit: Any,
    *,
    case_id: str,
    department: str | None,
    source: str,
    reason: str,
    evidence: list[str],
    actor: str,
    at: datetime,
    urge_id: str,
    source_event_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    values = {
        "urge_id": urge_id,
        "case_id": case_id,
        "department": department,
        "source": source,
        "reason": reason,
        "evidence_event_ids": evidence,
        "source_event_id": source_event_id,
        "actor": actor,
        "urged_at": at,
    }
    if await repository.insert_once(session, urges, values):
        emit(
            CaseUrged(
                department=department,
                source=source,
                reason=reason,
                evidence_event_ids=evidence,
                actor=actor,
                urged_at=at,
            ),
            case_id=case_id,
        )
    return values


async def _issue_order(
    session: AsyncSession,
    emit: Any,
    *,
    order_id: str,
    case_id: str,
    department: str,
    demand: str,
    respond_by: datetime,
    evidence: list[str],
    actor: str,
    at: datetime,
    source_event_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    values = {
        "order_id": order_id,
        "case_id": case_id,
        "department": department,
        "demand": demand,
        "respond_by": respond_by,
        "evidence_event_ids": evidence,
        "source_event_id": source_event_id,
        "actor": actor,
        "issued_at": at,
    }
    if await repository.insert_once(session, supervision_orders, values):
        emit(
            SupervisionOrderIssued(
                order_id=order_id,
                department=department,
                demand=demand,
                respond_by=respond_by,
                evidence_event_ids=evidence,
                actor=actor,
                issued_at=at,
            ),
            case_id=case_id,
        )
    return values


async def _hold_accountable(
    session: AsyncSession,
    emit: Any,
    *,
    record_id: str,
    case_id: str,
    department: str,
    measure: AccountabilityMeasure,
    reason: str,
    evidence: list[str],
    actor: str,
    at: datetime,
    source_event_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    values = {
        "record_id": record_id,
        "case_id": case_id,
        "department": department,
        "measure": measure.value,
        "reason": reason,
        "evidence_event_ids": evidence,
        "source_event_id": source_event_id,
        "actor": actor,
        "recorded_at": at,
    }
    if await repository.insert_once(session, accountability_records, values):
        emit(
            AccountabilityRecorded(
                record_id=record_id,
                department=department,
                measure=measure,
                reason=reason,
                evidence_event_ids=evidence,
                actor=actor,
                recorded_at=at,
            ),
            case_id=case_id,
        )
    return values


# --- evidence -------------------------------------------------------------------------------


def _is_evidence(row: Any) -> bool:
    """Overdue events, returns, refusals (a return sent back, an extension denied) and
    callbacks that found the submitter dissatisfied or the matter unsolved."""
    payload = row.payload
    if row.event_type in {"DeadlineExceeded", "DeadlineEscalated", "CaseReturned"}:
        return True
    if row.event_type == "ExtensionDenied":
        return True
    if row.event_type == "ReturnArbitrated":
        return bool(payload.get("decision") == ArbitrationDecision.SEND_BACK.value)
    if row.event_type == "CallbackCompleted":
        return bool(
            payload.get("satisfaction") == Satisfaction.DISSATISFIED.value
            or not payload.get("solved", True)
        )
    return False


async def check_evidence(
    session: AsyncSession, *, case_id: str, department: str, evidence: Sequence[str]
) -> list[str]:
    """Every cited event must be one supervision has seen, of this case, of an evidence kind,
    and about this department (an event naming no department counts against the case's
    responsible department). 422 `unknown_evidence` listing the others."""
    parsed = {text: projection.event_uuid(text) for text in evidence}
    ids = [value for value in parsed.values() if value is not None]
    rows = {str(row.event_id): row for row in await repository.case_events_by_id(session, ids)}
    facts = await repository.facts_of(session, case_id)
    responsible = facts.department if facts else None
    rejected = []
    for text, value in parsed.items():
        row = rows.get(str(value)) if value is not None else None
        if (
            row is None
            or row.case_id != case_id
            or not _is_evidence(row)
            or (row.department or responsible) != department
        ):
            rejected.append(text)
    if rejected:
        raise Unprocessable(
            "unknown_evidence",
            f"所引用的事件不是案件 {case_id} 中单位 {department} 的超期、退单、"
            "被驳回或回访不满意事件",
            evidence_event_ids=rejected,
        )
    return [str(parsed[text]) for text in evidence]


# --- supervisors and departments (HTTP) -----------------------------------------------------


async def urge(
    uow: UnitOfWork,
    *,
    case_id: str,
    department: str,
    reason: str,
    evidence: Sequence[str],
    principal: Principal,
) -> dict[str, Any]:
    await _known_case(uow.session, case_id)
    cited = await check_evidence(
        uow.session, case_id=case_id, department=department, evidence=evidence
    )
    return await _urge(
        uow.session,
        _Emitter(uow),
        case_id=case_id,
        department=department,
        source="manual",
        reason=reason,
        evidence=cited,
        actor=principal.actor,
        at=utcnow(),
        urge_id=_new_id(),
    )


async def issue_order(
    uow: UnitOfWork,
    *,
    case_id: str,
    department: str,
    demand: str,
    respond_by: datetime,
    evidence: Sequence[str],
    principal: Principal,
) -> dict[str, Any]:
    now = utcnow()
    if respond_by <= now:
        raise Unprocessable("respond_by_in_past", "书面答复时限（respond_by）须晚于现在")
    await _known_case(uow.session, case_id)
    cited = await check_evidence(
        uow.session, case_id=case_id, department=department, evidence=evidence
    )
    return await _issue_order(
        uow.session,
        _Emitter(uow),
        order_id=_new_id(),
        case_id=case_id,
        department=department,
        demand=demand,
        respond_by=respond_by,
        evidence=cited,
        actor=principal.actor,
        at=now,
    )


async def answer_order(
    uow: UnitOfWork, *, order_id: str, response: str, principal: Principal
) -> dict[str, Any]:
    order = await repository.row_of(uow.session, supervision_orders, order_id=order_id)
    if order is None:
        raise NotFound("order_not_found", f"没有督办单 {order_id}")
    ensure_department(principal, [order["department"]], "supervision order")
    if order["answered_at"] is not None:
        raise Conflict("order_already_answered", f"督办单 {order_id} 已答复")
    now = utcnow()
    await repository.update_row(
        uow.session,
        supervision_orders,
        {"order_id": order_id},
        response=response,
        answered_by=principal.actor,
        answered_at=now,
    )
    uow.emit(
        SupervisionOrderAnswered(
            order_id=order_id,
            department=order["department"],
            response=response,
            actor=principal.actor,
            answered_at=now,
        ),
        case_id=order["case_id"],
    )
    return {**order, "response": response, "answered_by": principal.actor, "answered_at": now}


async def record_meeting(
    uow: UnitOfWork,
    *,
    case_id: str,
    departments: Sequence[str],
    attendees: list[dict[str, Any]],
    decisions: list[dict[str, Any]],
    held_at: datetime,
    principal: Principal,
) -> dict[str, Any]:
    if len(set(departments)) < 2:
        raise Unprocessable("too_few_departments", "联席会议须有两个或以上单位参加（departments）")
    strangers = sorted({d["owner"] for d in decisions} - set(departments))
    if strangers:
        raise Unprocessable(
            "owner_not_at_meeting",
            f"议定事项的责任单位须是参会单位：{'、'.join(strangers)} 未参会",
            owners=strangers,
        )
    await _known_case(uow.session, case_id)
    values = {
        "meeting_id": _new_id(),
        "case_id": case_id,
        "departments": list(dict.fromkeys(departments)),
        "attendees": attendees,
        "decisions": decisions,
        "actor": principal.actor,
        "held_at": held_at,
    }
    await repository.insert_once(uow.session, joint_meetings, values)
    uow.emit(
        JointMeetingRecorded(
            meeting_id=values["meeting_id"],
            departments=values["departments"],
            decisions=[
                f"{d['decision']}（责任单位：{d['owner']}，完成时限：{d['due']}）"
                for d in decisions
            ],
            actor=principal.actor,
            held_at=held_at,
        ),
        case_id=case_id,
    )
    return values


async def hold_accountable(
    uow: UnitOfWork,
    *,
    case_id: str,
    department: str,
    measure: AccountabilityMeasure,
    reason: str,
    evidence: Sequence[str],
    principal: Principal,
) -> dict[str, Any]:
    if not evidence:
        raise Unprocessable("evidence_required", "问责须引用证据事件（evidence_event_ids）")
    cited = await check_evidence(
        uow.session, case_id=case_id, department=department, evidence=evidence
    )
    return await _hold_accountable(
        uow.session,
        _Emitter(uow),
        record_id=_new_id(),
        case_id=case_id,
        department=department,
        measure=measure,
        reason=reason,
        evidence=cited,
        actor=principal.actor,
        at=utcnow(),
    )


def _departments_of(facts: CaseFacts) -> set[str]:
    """The departments a case's figures count against."""
    found = set(facts.returns_by_department) | set(facts.overdue_departments)
    if facts.department:
        found.add(facts.department)
    return found


async def _known_case(session: AsyncSession, case_id: str) -> CaseFacts:
    facts = await repository.facts_of(session, case_id)
    if facts is None:
        raise NotFound("case_not_found", f"督查系统中没有案件 {case_id}")
    return facts


async def file_appeal(
    uow: UnitOfWork, *, case_id: str, reason: str, principal: Principal
) -> dict[str, Any]:
    """申诉: a department asks that a case be left out of its figures."""
    department = principal.department
    facts = await repository.facts_of(uow.session, case_id)
    if department is None or facts is None or department not in _departments_of(facts):
        raise NotFound("case_not_found", f"案件 {case_id} 不计入单位 {department} 的考核")
    now = utcnow()
    values = {
        "appeal_id": _new_id(),
        "case_id": case_id,
        "department": department,
        "reason": reason,
        "filed_by": principal.actor,
        "filed_at": now,
        "status": "pending",
    }
    if not await repository.insert_once(uow.session, appeals, values):
        raise Conflict(
            "appeal_exists", f"单位 {department} 已就案件 {case_id} 提出过申诉", case_id=case_id
        )
    uow.emit(
        AppealFiled(
            appeal_id=values["appeal_id"],
            department=department,
            reason=reason,
            actor=principal.actor,
            filed_at=now,
        ),
        case_id=case_id,
    )
    return values


async def decide_appeal(
    uow: UnitOfWork, *, appeal_id: str, upheld: bool, reason: str, principal: Principal
) -> dict[str, Any]:
    """An upheld appeal removes the case from the department's figures: the decision is kept
    with the case's events (as the rebuild will find it on the topic) and the case refolded."""
    appeal = await repository.row_of(uow.session, appeals, appeal_id=appeal_id)
    if appeal is None:
        raise NotFound("appeal_not_found", f"没有申诉 {appeal_id}")
    if appeal["status"] != "pending":
        raise Conflict(
            "appeal_already_decided",
            f"申诉 {appeal_id} 已裁决（{_APPEAL_STATUS_ZH.get(appeal['status'], appeal['status'])}）",
        )
    now = utcnow()
    status = "upheld" if upheld else "rejected"
    await repository.update_row(
        uow.session,
        appeals,
        {"appeal_id": appeal_id},
        status=status,
        decision_reason=reason,
        decided_by=principal.actor,
        decided_at=now,
    )
    envelope = uow.emit(
        AppealDecided(
            appeal_id=appeal_id,
            department=appeal["department"],
            upheld=upheld,
            reason=reason,
            actor=principal.actor,
            decided_at=now,
        ),
        case_id=appeal["case_id"],
    )
    await projection.keep(uow.session, envelope)
    return {
        **appeal,
        "status": status,
        "decision_reason": reason,
        "decided_by": principal.actor,
        "decided_at": now,
    }


async def add_problem(
    uow: UnitOfWork,
    *,
    title: str,
    responsible_unit: str,
    time_limit: date,
    linked_cases: list[str],
    principal: Principal,
) -> dict[str, Any]:
    return await repository.add_problem_item(
        uow.session,
        {
            "title": title,
            "responsible_unit": responsible_unit,
            "time_limit": time_limit,
            "linked_cases": linked_cases,
            "status": "open",
            "created_by": principal.actor,
        },
    )


async def update_problem(
    uow: UnitOfWork, *, item_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """An item is closed (销号) only with its outcome written down."""
    item = await repository.row_of(uow.session, problem_items, item_id=item_id)
    if item is None:
        raise NotFound("problem_not_found", f"问题清单中没有第{item_id}项")
    merged = {**item, **changes}
    if merged["status"] == "done" and not merged.get("outcome"):
        raise Unprocessable("outcome_required", "销号须填写整改结果（outcome）")
    now = utcnow()
    await repository.update_row(
        uow.session, problem_items, {"item_id": item_id}, **changes, updated_at=now
    )
    return {**merged, "updated_at": now}


# --- figures --------------------------------------------------------------------------------


def window(start: date, end: date) -> tuple[datetime, datetime]:
    """The Asia/Shanghai window of the figures' `from`/`to` (a bad range is a 422)."""
    return _window(start, end)


def _window(start: date, end: date) -> tuple[datetime, datetime]:
    """Asia/Shanghai days from `start` to `end`, both included."""
    if end < start:
        raise Unprocessable("bad_range", "结束日期（to）早于开始日期（from）")
    return shanghai_midnight(start), shanghai_midnight(end + timedelta(days=1))


async def scorecards(
    session: AsyncSession,
    *,
    period: Period,
    grouping: Grouping,
    start: date,
    end: date,
    filters: Filters = EVERY_CASE,
    domains: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Rows of figures; a domain grouping's rows name the domain (领域) in `domain`."""
    facts = filtered(
        await repository.facts_accepted_between(session, *_window(start, end)), filters
    )
    rows = aggregate(facts, period, grouping, domains)
    by_domain = grouping is Grouping.DOMAIN
    return [
        {
            "period": key[0],
            "department": key[1],
            "category": None if by_domain else key[2],
            "domain": key[2] if by_domain else None,
            **figures.as_dict(),
        }
        for key, figures in sorted(rows.items(), key=lambda item: tuple(v or "" for v in item[0]))
    ]


async def ranking(
    session: AsyncSession, *, period: Period, day: date, by: RankBy, minimum_sample: int
) -> dict[str, Any]:
    first, following = period_range(period, day)
    facts = await repository.facts_accepted_between(
        session, shanghai_midnight(first), shanghai_midnight(following)
    )
    rows = {
        key[1]: figures
        for key, figures in aggregate(facts, period, Grouping.DEPARTMENT).items()
        if key[1] is not None
    }
    result = rank(rows, by=by, minimum_sample=minimum_sample)
    return {
        "period": period_key(shanghai_midnight(first), period),
        "ranked_by": by.value,
        "minimum_sample": minimum_sample,
        "ranked": [
            {"rank": r.rank, "department": r.department, **r.figures.as_dict()}
            for r in result.ranked
        ],
        "not_ranked": [
            {"department": n.department, "reason": n.reason, **n.figures.as_dict()}
            for n in result.not_ranked
        ],
    }


async def hotspot_list(
    session: AsyncSession,
    *,
    period: Period,
    start: date,
    end: date,
    top: int,
    filters: Filters = EVERY_CASE,
) -> list[dict[str, Any]]:
    facts = filtered(
        await repository.facts_accepted_between(session, *_window(start, end)), filters
    )
    return [
        {"period": h.period, "category": h.category, "area": h.area, "cases": h.cases}
        for h in hotspots(facts, period, top)
    ]


async def recurring_list(
    session: AsyncSession, *, start: date, end: date, settings: Settings
) -> list[dict[str, Any]]:
    """Recurrences among cases registered from `start` to `end`; earlier cases are looked for
    as far back as the window reaches."""
    since, until = _window(start, end)
    lookback = since - timedelta(days=settings.recurring_window_days)
    facts = await repository.facts_registered_between(session, lookback, until)
    found = recurrences(
        facts, window_days=settings.recurring_window_days, radius_m=settings.recurring_radius_m
    )
    registered = {f.case_id: f.registered_at for f in facts}
    return [
        {
            "case_id": r.case_id,
            "earlier_case_id": r.earlier_case_id,
            "category": r.category,
            "area": r.area,
            "address": r.address,
            "days_after_closure": r.days_after_closure,
        }
        for r in found
        if (moment := registered[r.case_id]) is not None and since <= moment < until
    ]
