"""The handling departments' steps on a case (签收, 先行联系, 退单, 延期申请, 挂起/恢复, 协办意见,
办结) and an outside unit's on a case handed to it (确认接收, 答复). The acting department is
the caller's own."""

from __future__ import annotations

from common.auth import Principal
from common.vocabulary import ResolutionResult
from dispatch.domain.lifecycle import ExtensionCap, HandlingCase
from dispatch.repository.store import Unit
from dispatch.service.steps import act


async def sign(uow: Unit, case_id: str, principal: Principal) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.sign(department=dept, actor=principal.actor, at=at),
    )


async def contact(uow: Unit, case_id: str, principal: Principal, *, note: str) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.contact(
            department=dept, note=note, actor=principal.actor, at=at
        ),
    )


async def return_case(
    uow: Unit, case_id: str, principal: Principal, *, reason: str
) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.return_case(
            department=dept, reason=reason, actor=principal.actor, at=at
        ),
    )


async def request_extension(
    uow: Unit,
    case_id: str,
    principal: Principal,
    *,
    working_days: int,
    reason: str,
    cap: ExtensionCap,
) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.request_extension(
            department=dept,
            working_days=working_days,
            reason=reason,
            cap=cap,
            actor=principal.actor,
            at=at,
        ),
    )


async def suspend(uow: Unit, case_id: str, principal: Principal, *, reason: str) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.suspend(
            department=dept, reason=reason, actor=principal.actor, at=at
        ),
    )


async def resume(uow: Unit, case_id: str, principal: Principal, *, reason: str) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.resume(
            department=dept, actor=principal.actor, at=at, reason=reason
        ),
    )


async def file_opinion(
    uow: Unit, case_id: str, principal: Principal, *, opinion: str
) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.file_opinion(
            department=dept, opinion=opinion, actor=principal.actor, at=at
        ),
    )


async def resolve(
    uow: Unit,
    case_id: str,
    principal: Principal,
    *,
    result: ResolutionResult,
    summary: str,
    knowledge_article_id: str | None = None,
    knowledge_article_version: int | None = None,
) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.resolve(
            department=dept,
            result=result,
            summary=summary,
            actor=principal.actor,
            at=at,
            knowledge_article_id=knowledge_article_id,
            knowledge_article_version=knowledge_article_version,
        ),
    )


async def acknowledge_transfer(uow: Unit, case_id: str, principal: Principal) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.acknowledge_transfer(
            department=dept, actor=principal.actor, at=at
        ),
    )


async def answer_transfer(
    uow: Unit, case_id: str, principal: Principal, *, result: ResolutionResult, summary: str
) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, dept, at: case.answer_transfer(
            department=dept, result=result, summary=summary, actor=principal.actor, at=at
        ),
    )
