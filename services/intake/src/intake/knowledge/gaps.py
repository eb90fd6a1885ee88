"""Knowledge gaps (知识缺口): a consultation answered with no article covering it leaves one for
the owning unit, which drafts an article from the answer (closing it once the article is
published) or dismisses it with a reason. The one place a gap is opened, closed and announced;
drafting and publishing articles (intake.knowledge.articles) call gap_for_draft and
close_by_article."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from common.auth import Principal
from common.clock import utcnow
from common.errors import Conflict, Forbidden, NotFound, Unprocessable
from common.events import KnowledgeGapClosed, KnowledgeGapOpened
from intake.knowledge.gap_rules import (
    GAP_SOURCE_ZH,
    GAP_STATE_ZH,
    GapOutcome,
    GapSource,
    GapState,
    gap_id_of,
    may_dismiss,
    visible_department,
)
from intake.repository.store import GapFilters, Store, Unit


async def open_gap(
    uow: Unit,
    *,
    case_id: str,
    department: str,
    category: str,
    question: str,
    answer: str,
    source: GapSource,
    at: datetime,
) -> str | None:
    """Open the case's gap and announce it; None when the case opened one before (a
    redelivered event, a case answered twice)."""
    gap_id = gap_id_of(case_id)
    opened = await uow.store.gaps.insert_gap(
        {
            "gap_id": gap_id,
            "case_id": case_id,
            "department": department,
            "category": category,
            "question": question,
            "answer": answer,
            "source": source.value,
            "state": GapState.OPEN.value,
            "opened_at": at,
        }
    )
    if not opened:
        return None
    uow.emit(
        KnowledgeGapOpened(
            gap_id=gap_id,
            department=department,
            category=category,
            question=question,
            answer=answer,
            source=source.value,
            opened_at=at,
        ),
        case_id=case_id,
    )
    return gap_id


async def gap_for_draft(uow: Unit, gap_id: str) -> dict[str, Any]:
    """The open gap an article is drafted from; refused (naming gap_id) when there is no such
    gap or it is closed."""
    gap = await uow.store.gaps.find_gap(gap_id)
    if gap is None:
        raise Unprocessable(
            "unknown_gap",
            f"没有编号为 {gap_id} 的知识缺口",
            fields=[{"field": "gap_id", "message": "知识缺口不存在", "type": "unknown"}],
        )
    if gap["state"] != GapState.OPEN.value:
        raise Unprocessable(
            "gap_closed",
            f"知识缺口 {gap_id} 已关闭，不能再据此起草知识",
            fields=[{"field": "gap_id", "message": "知识缺口已关闭", "type": "closed"}],
        )
    return gap


async def close_by_article(
    uow: Unit, *, gap_id: str, article_id: str, actor: str, at: datetime
) -> bool:
    """The article drafted from the gap is published: the gap closes. False when it was
    closed already (dismissed meanwhile, or a second publication): nothing changes."""
    gap = await uow.store.gaps.find_gap(gap_id, lock=True)
    if gap is None or gap["state"] != GapState.OPEN.value:
        return False
    await _close(uow, gap, GapOutcome.ARTICLE_PUBLISHED, actor=actor, at=at, article_id=article_id)
    return True


async def dismiss(
    uow: Unit,
    gap_id: str,
    *,
    reason: str,
    principal: Principal,
    names: Mapping[str, str],
) -> dict[str, Any]:
    """The unit dismisses a gap (no article is needed), with a reason."""
    gap = await uow.store.gaps.find_gap(gap_id, lock=True)
    if gap is None:
        raise NotFound("gap_not_found", f"没有编号为 {gap_id} 的知识缺口")
    if not may_dismiss(principal, gap["department"]):
        raise Forbidden("not_gap_owner", "只有知识缺口所属单位的承办人员或管理员可以忽略它")
    if gap["state"] != GapState.OPEN.value:
        raise Conflict("gap_closed", f"知识缺口 {gap_id} 已关闭")
    closed = await _close(
        uow, gap, GapOutcome.DISMISSED, actor=principal.actor, at=utcnow(), reason=reason
    )
    return gap_view(closed, names)


async def list_gaps(
    store: Store,
    *,
    viewer: Principal,
    department: str | None,
    state: GapState | None,
    limit: int,
    offset: int,
    names: Mapping[str, str],
) -> dict[str, Any]:
    """Gaps newest first; a handler sees its own unit's only."""
    filters = GapFilters(
        department=visible_department(viewer, department),
        state=state.value if state else None,
        limit=limit,
        offset=offset,
    )
    rows, total = await store.gaps.list_gaps(filters)
    return {"items": [gap_view(row, names) for row in rows], "total": total}


def gap_view(gap: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "gap_id": gap["gap_id"],
        "case_id": gap["case_id"],
        "department": gap["department"],
        "department_name": names.get(gap["department"], gap["department"]),
        "category": gap["category"],
        "category_name": gap.get("category_name") or gap["category"],
        "question": gap["question"],
        "answer": gap["answer"],
        "source": gap["source"],
        "source_label": GAP_SOURCE_ZH[GapSource(gap["source"])],
        "state": gap["state"],
        "state_label": GAP_STATE_ZH[GapState(gap["state"])],
        "opened_at": gap["opened_at"],
        "closed_at": gap["closed_at"],
        "outcome": gap["outcome"],
        "article_id": gap["article_id"],
        "reason": gap["reason"],
    }


async def _close(
    uow: Unit,
    gap: dict[str, Any],
    outcome: GapOutcome,
    *,
    actor: str,
    at: datetime,
    article_id: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    changes = {
        "state": GapState.CLOSED.value,
        "outcome": outcome.value,
        "article_id": article_id,
        "reason": reason,
        "closed_by": actor,
        "closed_at": at,
    }
    await uow.store.gaps.update_gap(gap["gap_id"], changes)
    uow.emit(
        KnowledgeGapClosed(
            gap_id=gap["gap_id"],
            department=gap["department"],
            outcome=outcome.value,
            article_id=article_id,
            reason=reason,
            actor=actor,
            closed_at=at,
        ),
        case_id=gap["case_id"],
    )
    return gap | changes
