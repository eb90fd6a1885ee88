"""Opening callback tasks: a resolution, one on the spot or an outside unit's answer opens
one; a registration gives the case's title; deadline's DeadlineSet gives its due time."""

from __future__ import annotations

from callback.repository.store import NewTask, Unit
from common.events import (
    CaseRegistered,
    CaseResolved,
    CaseResolvedOnTheSpot,
    DeadlineSet,
    TransferAnswered,
)
from common.vocabulary import TimerStage


async def on_case_registered(uow: Unit, event: CaseRegistered, *, case_id: str) -> None:
    """The title the agents' queue shows; kept from the start, as the task comes later."""
    await uow.store.titles.remember(case_id, event.title)


async def on_case_resolved(uow: Unit, event: CaseResolved, *, case_id: str) -> None:
    await uow.store.tasks.open(
        NewTask(
            case_id=case_id,
            round=event.round,
            department=event.department,
            source="resolution",
            category=None,
            result=event.result.value,
            summary=event.summary,
            resolved_at=event.resolved_at,
            knowledge_article_id=event.knowledge_article_id,
            knowledge_article_version=event.knowledge_article_version,
        )
    )


async def on_resolved_on_the_spot(uow: Unit, event: CaseResolvedOnTheSpot, *, case_id: str) -> None:
    await uow.store.tasks.open(
        NewTask(
            case_id=case_id,
            round=1,
            department=None,
            source="on_the_spot",
            category=event.category,
            result=event.outcome,
            summary=event.answer,
            resolved_at=event.resolved_at,
            knowledge_article_id=event.knowledge_article_id,
            knowledge_article_version=event.knowledge_article_version,
        )
    )


async def on_transfer_answered(uow: Unit, event: TransferAnswered, *, case_id: str) -> None:
    """An outside unit's answer (转办答复) is called back as a resolution is."""
    await uow.store.tasks.open(
        NewTask(
            case_id=case_id,
            round=event.round,
            department=event.unit,
            source="transfer",
            category=None,
            result=event.result.value,
            summary=event.summary,
            resolved_at=event.answered_at,
        )
    )


async def on_deadline_set(uow: Unit, event: DeadlineSet, *, case_id: str) -> None:
    if event.stage is TimerStage.CALLBACK:
        await uow.store.tasks.set_due(case_id, event.round, event.due_at)
