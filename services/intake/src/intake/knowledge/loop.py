"""What other services' events tell intake's knowledge base: answers, gaps and wrong answers.

CaseResolved records the article a department answered from; CaseClosed of a consultation
answered from no article opens a gap for the resolving department; CallbackCompleted with
answer_wrong flags the article version the case recorded. Each after the event's timeline
projection; intake's inbox keeps a redelivered event from running twice, and a case opens one
gap at most."""

from __future__ import annotations

from collections.abc import Mapping

from common import events
from common.consumer import MessageContext, UnknownCase
from common.vocabulary import RequestKind
from intake.knowledge import gaps
from intake.knowledge.flags import flag_for_review
from intake.knowledge.gap_rules import GapSource, leaves_department_gap
from intake.service import timeline


async def on_resolved(
    ctx: MessageContext, event: events.CaseResolved, *, department_names: Mapping[str, str]
) -> None:
    """The case records its latest resolution: who resolved it, what they answered, and the
    article they answered from (None when none)."""
    await timeline.project(ctx, event, department_names=department_names)
    await ctx.store.cases.update_case(
        ctx.envelope.case_id,
        {
            "knowledge_article_id": event.knowledge_article_id,
            "knowledge_article_version": event.knowledge_article_version,
            "resolved_by_department": event.department,
            "resolution_summary": event.summary,
        },
    )


async def on_closed(
    ctx: MessageContext, event: events.CaseClosed, *, department_names: Mapping[str, str]
) -> None:
    """A consultation whose last resolution came from no article leaves a gap for the
    department that resolved it."""
    await timeline.project(ctx, event, department_names=department_names)
    case = await ctx.store.cases.find_case(ctx.envelope.case_id, lock=True)
    if case is None:
        raise UnknownCase(ctx.envelope.case_id, ctx.envelope.event_type)
    if not leaves_department_gap(
        RequestKind(case.kind), case.knowledge_article_id, case.resolved_by_department
    ):
        return
    await gaps.open_gap(
        ctx,
        case_id=case.case_id,
        department=case.resolved_by_department,
        category=case.category or "",
        question=case.description,
        answer=case.resolution_summary or "",
        source=GapSource.DEPARTMENT,
        at=event.closed_at,
    )


#: the flag's reason when the agent wrote no comment
ANSWER_WRONG_REASON = "回访发现答复有误"


async def on_callback_completed(
    ctx: MessageContext, event: events.CallbackCompleted, *, department_names: Mapping[str, str]
) -> None:
    """An answer the callback found wrong flags the article version the case recorded for its
    unit's review (复核)."""
    await timeline.project(ctx, event, department_names=department_names)
    if not event.answer_wrong:
        return
    case = await ctx.store.cases.find_case(ctx.envelope.case_id)
    if case is None:
        raise UnknownCase(ctx.envelope.case_id, ctx.envelope.event_type)
    if case.knowledge_article_id is None or case.knowledge_article_version is None:
        return  # callback refuses answer_wrong without an article: nothing to flag
    await flag_for_review(
        ctx,
        article_id=case.knowledge_article_id,
        version=case.knowledge_article_version,
        case_id=case.case_id,
        reason=f"{ANSWER_WRONG_REASON}：{event.comment}" if event.comment else ANSWER_WRONG_REASON,
        at=event.completed_at,
    )
