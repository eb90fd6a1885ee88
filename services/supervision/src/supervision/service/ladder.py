"""From events: the escalation ladder after a limit (催办, 督办, 问责), one record per
escalation event, and buck-passing (推诿扯皮), announced once per case and rule."""

from __future__ import annotations

from common.envelope import Envelope
from common.events import BuckPassingDetected, CaseReturned, DeadlineEscalated
from common.vocabulary import LABELS_ZH, AccountabilityMeasure, EscalationStep
from supervision.config import Rules
from supervision.domain import buck_passing, orders
from supervision.repository.store import Unit
from supervision.service.facts import keep
from supervision.service.records import (
    SYSTEM_ACTOR,
    add_accountability,
    add_order,
    add_urge,
    derived_id,
)


async def on_returned(uow: Unit, event: CaseReturned, envelope: Envelope, *, rules: Rules) -> None:
    """推诿扯皮: refold the case's returns; announce each rule the first time it is broken."""
    await keep(uow, envelope)
    case_id = envelope.case_id
    returns = [
        buck_passing.Return(str(row.event_id), row.department or "", row.occurred_at)
        for row in await uow.store.facts.events_of_type(case_id, "CaseReturned")
    ]
    for finding in buck_passing.findings(
        returns,
        max_returns=rules.buck_passing_max_returns,
        pair_bounces=rules.buck_passing_pair_bounces,
    ):
        fresh = await uow.store.buck_passing.add_once(
            {
                "case_id": case_id,
                "rule": finding.rule,
                "departments": finding.departments,
                "returns_in_case": finding.returns_in_case,
                "evidence_event_ids": finding.evidence_event_ids,
                "detected_at": envelope.occurred_at,
            }
        )
        if fresh:
            uow.emit(
                BuckPassingDetected(
                    departments=finding.departments,
                    returns_in_case=finding.returns_in_case,
                    evidence_event_ids=finding.evidence_event_ids,
                    detected_at=envelope.occurred_at,
                ),
                case_id=case_id,
            )


async def on_escalated(uow: Unit, event: DeadlineEscalated, envelope: Envelope) -> None:
    """The ladder after a limit: 催办, then 督办 with the answer deadline deadline stamped on
    it, then a referral for accountability citing the case's overdue events. One record per
    escalation event."""
    await keep(uow, envelope)
    case_id = envelope.case_id
    department = event.department or await uow.store.cases.department_of(case_id)
    stage = LABELS_ZH[event.stage]
    evidence = [str(envelope.event_id)]
    at = envelope.occurred_at
    if event.step is EscalationStep.URGE:
        reason = f"{stage}已超期{event.working_days_overdue}个工作日，自动催办"
        await add_urge(
            uow,
            case_id=case_id,
            department=department,
            source="escalation",
            reason=reason,
            evidence=evidence,
            actor=SYSTEM_ACTOR,
            at=at,
            urge_id=derived_id("urge", envelope.event_id),
            source_event_id=envelope.event_id,
        )
    elif event.step is EscalationStep.SUPERVISION_ORDER:
        due = orders.respond_by(at, event.respond_by)
        demand = (
            f"{stage}已超期{event.working_days_overdue}个工作日，"
            f"请于{due:%Y-%m-%d %H:%M}前书面报告办理情况"
        )
        await add_order(
            uow,
            order_id=derived_id("order", envelope.event_id),
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
        overdue = await uow.store.facts.events_of_type(case_id, "DeadlineExceeded")
        cited = [str(row.event_id) for row in overdue if row.department in (department, None)]
        await add_accountability(
            uow,
            record_id=derived_id("accountability", envelope.event_id),
            case_id=case_id,
            department=department or "unassigned",
            measure=AccountabilityMeasure.DISCIPLINARY_REFERRAL,
            reason=f"{stage}已超期{event.working_days_overdue}个工作日，督办后仍未办结，移送问责",
            evidence=[*cited, *evidence],
            actor=SYSTEM_ACTOR,
            at=at,
            source_event_id=envelope.event_id,
        )
