"""Handling cases in SQL: load a case under a row lock, insert, save and readmit it, with
every step on its timeline and the returns and opinions beside it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.vocabulary import Reason, RequestKind
from dispatch.domain.lifecycle import (
    Action,
    CaseState,
    HandlingCase,
    PendingExtension,
    Transition,
)
from dispatch.models import case_actions, case_returns, cases, co_handler_opinions
from dispatch.repository.store import CaseWords


def _case_values(case: HandlingCase, now: datetime) -> dict[str, Any]:
    pending = case.pending_extension
    return {
        "state": case.state.value,
        "category": case.category,
        "kind": case.kind.value,
        "sent_back": case.sent_back,
        "lead_department": case.lead_department,
        "co_handlers": list(case.co_handlers),
        "round": case.round,
        "assignments": case.assignments,
        "returns": case.returns,
        "extensions_granted": case.extensions_granted,
        "extension_days_granted": case.extension_days_granted,
        "pending_extension": (
            {
                "department": pending.department,
                "working_days": pending.working_days,
                "reason": pending.reason,
            }
            if pending
            else None
        ),
        "updated_at": now,
        "transfers": case.transfers,
    }


class CaseSql:
    """Handling cases over one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load_case(self, case_id: str) -> HandlingCase | None:
        """Load and lock the case: concurrent commands on one case run one after the other."""
        row = (
            await self.session.execute(
                select(cases).where(cases.c.case_id == case_id).with_for_update()
            )
        ).first()
        if row is None:
            return None
        filed = await self.session.scalars(
            select(co_handler_opinions.c.department).where(
                co_handler_opinions.c.case_id == case_id, co_handler_opinions.c.round == row.round
            )
        )
        pending = row.pending_extension
        return HandlingCase(
            case_id=row.case_id,
            category=row.category,
            kind=RequestKind(row.kind),
            state=CaseState(row.state),
            lead_department=row.lead_department,
            co_handlers=tuple(row.co_handlers),
            round=row.round,
            assignments=row.assignments,
            returns=row.returns,
            sent_back=row.sent_back,
            extensions_granted=row.extensions_granted,
            extension_days_granted=row.extension_days_granted,
            pending_extension=PendingExtension(**pending) if pending else None,
            opinions_filed=frozenset(filed),
            transfers=row.transfers,
        )

    async def insert_case(
        self,
        case: HandlingCase,
        words: CaseWords,
        *,
        now: datetime,
        queued_reason: Reason | None,
    ) -> bool:
        """A new case and its first steps; False, changing nothing, when the case is known."""
        statement = insert(cases).values(
            case_id=case.case_id,
            created_at=now,
            queued_reason=queued_reason.text if queued_reason else None,
            queued_reason_code=queued_reason.code.value if queued_reason else None,
            **asdict(words),
            **_case_values(case, now),
        )
        inserted = await self.session.execute(
            statement.on_conflict_do_nothing(index_elements=["case_id"]).returning(cases.c.case_id)
        )
        if inserted.first() is None:
            return False
        await self._record_history(case)
        return True

    async def save_case(self, case: HandlingCase, *, now: datetime) -> None:
        await self.session.execute(
            cases.update().where(cases.c.case_id == case.case_id).values(_case_values(case, now))
        )
        await self._record_history(case)

    async def readmit_case(
        self,
        case: HandlingCase,
        words: CaseWords,
        *,
        now: datetime,
        queued_reason: Reason | None,
    ) -> None:
        """A sent-back case the window accepted again: what intake says of it now replaces
        what it said before, and the queue's reason is this acceptance's."""
        await self.session.execute(
            cases.update()
            .where(cases.c.case_id == case.case_id)
            .values(
                queued_reason=queued_reason.text if queued_reason else None,
                queued_reason_code=queued_reason.code.value if queued_reason else None,
                **asdict(words),
                **_case_values(case, now),
            )
        )
        await self._record_history(case)

    async def _record_history(self, case: HandlingCase) -> None:
        """Every step goes on the timeline; returns and opinions also get rows of their own, for
        the bounce counts and the co-handler rule."""
        if not case.history:
            return
        await self.session.execute(
            case_actions.insert(),
            [
                {
                    "case_id": case.case_id,
                    "action": step.action.value,
                    "from_state": step.source.value,
                    "to_state": step.target.value,
                    "actor": step.actor,
                    "reason": step.reason,
                    "department": step.department,
                    "detail": step.detail,
                    "at": step.at,
                }
                for step in case.history
            ],
        )
        for step in case.history:
            await self._record_side_facts(case.case_id, step)

    async def _record_side_facts(self, case_id: str, step: Transition) -> None:
        if step.action is Action.RETURN:
            await self.session.execute(
                case_returns.insert().values(
                    case_id=case_id,
                    seq=step.detail["returns_in_case"],
                    from_department=step.department,
                    reason=step.reason,
                    returned_by=step.actor,
                    returned_at=step.at,
                )
            )
        elif step.action is Action.ARBITRATE or (
            step.action is Action.TRANSFER and "decision" in step.detail
        ):
            await self.session.execute(
                case_returns.update()
                .where(case_returns.c.case_id == case_id, case_returns.c.decided_at.is_(None))
                .values(
                    decision=step.detail["decision"],
                    to_department=step.department,
                    decided_by=step.actor,
                    decided_at=step.at,
                )
            )
        elif step.action is Action.FILE_OPINION:
            await self.session.execute(
                co_handler_opinions.insert().values(
                    case_id=case_id,
                    round=step.detail["round"],
                    department=step.department,
                    opinion=step.reason,
                    actor=step.actor,
                    filed_at=step.at,
                )
            )

    async def round_started_at(self, case_id: str, round: int) -> datetime | None:
        """The first round starts with the first assignment, every later one with its reopen
        (a re-route within a round does not restart it, as the resolution limit does not)."""
        at = case_actions.c.at
        first_or_latest, action = (
            (func.min(at), "assign") if round == 1 else (func.max(at), "reopen")
        )
        started: datetime | None = await self.session.scalar(
            select(first_or_latest).where(
                case_actions.c.case_id == case_id, case_actions.c.action == action
            )
        )
        return started
