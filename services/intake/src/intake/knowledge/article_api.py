"""Intake HTTP routes of the knowledge base: staff maintain, review and search articles;
residents search the published ones (the /public/ routes, no login)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from common.auth import Principal, Staff, require
from common.bounds import OFFSET_MAX
from common.clock import local_date, utcnow
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.vocabulary import Role
from intake.knowledge import articles, views
from intake.knowledge.live_index import LiveIndex
from intake.knowledge.rules import ArticleStatus, KnowledgePolicy
from intake.knowledge.schemas import (
    ArticleContentBody,
    ArticleDetail,
    ArticleDraft,
    ArticlePage,
    ArticleVersion,
    ConfirmBody,
    KnowledgeSearch,
    PublicHit,
    PublicKnowledgeSearch,
    ReviewBody,
    UnitReviewStatus,
    WithdrawBody,
)
from intake.repository.store import Unit
from intake.schemas import CATEGORY_CODE
from intake.state import IntakeState

router = APIRouter(prefix="/api/v1", tags=["knowledge"])
public_router = APIRouter(prefix="/api/v1", tags=["public"])
Writer = Annotated[Principal, Depends(require(Role.HANDLER, Role.ADMIN))]
Overseer = Annotated[
    Principal, Depends(require(Role.SUPERVISOR, Role.LEADER, Role.ADMIN, Role.HANDLER))
]
ArticleId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
SearchText = Annotated[str, Query(min_length=1, max_length=200, description="检索的话")]
Limit = Annotated[int, Query(ge=1, le=20)]


def live(runtime: Runtime) -> LiveIndex:
    return runtime.state_as(IntakeState).knowledge


def policy_of(runtime: Runtime) -> KnowledgePolicy:
    return live(runtime).policy


def today() -> date:
    return local_date(utcnow())


@router.get("/knowledge/articles", response_model=ArticlePage, responses=errors(401, 403, 422, 503))
async def list_articles(
    runtime: RuntimeDep,
    viewer: Staff,
    q: Annotated[str | None, Query(max_length=200, description="问题或编号中的文字")] = None,
    department: Annotated[str | None, Query(pattern=CATEGORY_CODE)] = None,
    category: Annotated[str | None, Query(pattern=CATEGORY_CODE)] = None,
    status: ArticleStatus | None = None,
    review_overdue: bool | None = None,
    flagged: Annotated[bool | None, Query(description="有未处理的答复有误标记")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> dict[str, Any]:
    """Articles, most recently changed first, with their latest version's status."""
    chosen = views.filters(
        policy_of(runtime),
        today(),
        q=q.strip() if q else None,
        department=department,
        category=category,
        status=status.value if status else None,
        review_overdue=review_overdue,
        flagged=flagged,
        limit=limit,
        offset=offset,
    )
    async with runtime.unit_of_work() as uow:
        return await views.article_page(uow, chosen, policy_of(runtime))


@router.post(
    "/knowledge/articles",
    status_code=201,
    response_model=ArticleDetail,
    responses=errors(401, 403, 422, 503),
)
async def create_article(runtime: RuntimeDep, writer: Writer, body: ArticleDraft) -> dict[str, Any]:
    """A new article of the writer's department, a draft at version 1. With gap_id, the gap
    it answers closes when the article is first published."""
    async with runtime.unit_of_work() as uow:
        article_id = await articles.create(
            uow,
            body.content(),
            department=body.department.strip(),
            gap_id=body.gap_id,
            principal=writer,
            policy=policy_of(runtime),
            at=utcnow(),
        )
        return await views.detail(uow, article_id, policy_of(runtime), today())


@router.get(
    "/knowledge/articles/{article_id}",
    response_model=ArticleDetail,
    responses=errors(401, 404, 422, 503),
)
async def article(article_id: ArticleId, runtime: RuntimeDep, viewer: Staff) -> dict[str, Any]:
    """The article: its latest and published versions, every version, its flags."""
    async with runtime.unit_of_work() as uow:
        return await views.detail(uow, article_id, policy_of(runtime), today())


@router.get(
    "/knowledge/articles/{article_id}/versions/{version}",
    response_model=ArticleVersion,
    responses=errors(401, 404, 422, 503),
)
async def article_version(
    article_id: ArticleId,
    version: Annotated[int, Path(ge=1, le=100_000)],
    runtime: RuntimeDep,
    viewer: Staff,
) -> dict[str, Any]:
    """One version as it was: superseded, withdrawn and expired ones stay readable."""
    async with runtime.unit_of_work() as uow:
        return await views.version(uow, article_id, version)


Change = Callable[[Unit], Awaitable[None]]


async def _changed(runtime: Runtime, article_id: str, change: Change, *, reindex: bool) -> Any:
    async with runtime.unit_of_work() as uow:
        await change(uow)
        detail = await views.detail(uow, article_id, policy_of(runtime), today())
    if reindex:  # this replica at once; the others within their poll
        await live(runtime).refresh(runtime.unit_of_work)
    return detail


WRITE_ERRORS = errors(401, 403, 404, 409, 422, 503)


@router.put(
    "/knowledge/articles/{article_id}/draft", response_model=ArticleDetail, responses=WRITE_ERRORS
)
async def edit_article(
    article_id: ArticleId, runtime: RuntimeDep, writer: Writer, body: ArticleContentBody
) -> Any:
    """Edit the draft; when the latest version is published, open the next version as a draft
    (the published one serves until it is published). 409 while a version waits for review."""

    async def change(uow: Unit) -> None:
        await articles.edit(uow, article_id, body.content(), principal=writer, at=utcnow())

    return await _changed(runtime, article_id, change, reindex=False)


@router.post(
    "/knowledge/articles/{article_id}/submit", response_model=ArticleDetail, responses=WRITE_ERRORS
)
async def submit_article(article_id: ArticleId, runtime: RuntimeDep, writer: Writer) -> Any:
    """Submit the draft for the unit's reviewer."""

    async def change(uow: Unit) -> None:
        await articles.submit(uow, article_id, principal=writer, at=utcnow())

    return await _changed(runtime, article_id, change, reindex=False)


@router.post(
    "/knowledge/articles/{article_id}/review", response_model=ArticleDetail, responses=WRITE_ERRORS
)
async def review_article(
    article_id: ArticleId, runtime: RuntimeDep, reviewer: Writer, body: ReviewBody
) -> Any:
    """The unit's reviewer (or an admin), never the version's author, publishes it (the
    previous published version is superseded, open flags resolved) or sends it back."""

    async def change(uow: Unit) -> None:
        await articles.review(
            uow, article_id, body.decision, note=body.note, principal=reviewer, at=utcnow()
        )

    return await _changed(runtime, article_id, change, reindex=True)


@router.post(
    "/knowledge/articles/{article_id}/confirm", response_model=ArticleDetail, responses=WRITE_ERRORS
)
async def confirm_article(
    article_id: ArticleId, runtime: RuntimeDep, reviewer: Writer, body: ConfirmBody
) -> Any:
    """The reviewer confirms the published version still holds: due for review again
    review_months from now; its open flags are resolved."""

    async def change(uow: Unit) -> None:
        await articles.confirm(uow, article_id, note=body.note, principal=reviewer, at=utcnow())

    return await _changed(runtime, article_id, change, reindex=False)


@router.post(
    "/knowledge/articles/{article_id}/withdraw",
    response_model=ArticleDetail,
    responses=WRITE_ERRORS,
)
async def withdraw_article(
    article_id: ArticleId, runtime: RuntimeDep, reviewer: Writer, body: WithdrawBody
) -> Any:
    """The reviewer (or an admin) withdraws the published version: it leaves search."""

    async def change(uow: Unit) -> None:
        await articles.withdraw(
            uow, article_id, reason=body.reason, principal=reviewer, at=utcnow()
        )

    return await _changed(runtime, article_id, change, reindex=True)


@router.get("/knowledge/search", response_model=KnowledgeSearch, responses=errors(401, 422, 503))
async def search(
    runtime: RuntimeDep,
    viewer: Staff,
    q: SearchText,
    category: Annotated[str | None, Query(pattern=CATEGORY_CODE)] = None,
    limit: Limit = 5,
) -> dict[str, Any]:
    """The published, valid articles that best answer the words, best first."""
    async with runtime.unit_of_work() as uow:
        return await live(runtime).search(uow, q, limit=limit, category=category, today=today())


@router.get(
    "/knowledge/review-status",
    response_model=list[UnitReviewStatus],
    responses=errors(401, 403, 503),
)
async def review_status(runtime: RuntimeDep, viewer: Overseer) -> list[dict[str, Any]]:
    """Per unit: published articles, drafts, waiting for review, overdue for review, open
    flags and open gaps. A handler sees its own unit."""
    async with runtime.unit_of_work() as uow:
        return await views.review_status(uow, viewer, policy_of(runtime), today())


@public_router.get(
    "/public/knowledge/search",
    response_model=PublicKnowledgeSearch,
    responses=errors(422, 503),
)
async def public_search(runtime: RuntimeDep, q: SearchText, limit: Limit = 5) -> dict[str, Any]:
    """Published, valid articles a resident may read before filing a request."""
    async with runtime.unit_of_work() as uow:
        found = await live(runtime).search(uow, q, limit=limit, category=None, today=today())
    return {"query": found["query"], "hits": found["hits"]}


@public_router.get(
    "/public/knowledge/articles/{article_id}",
    response_model=PublicHit,
    responses=errors(404, 422, 503),
)
async def public_article(article_id: ArticleId, runtime: RuntimeDep) -> dict[str, Any]:
    """The article's published version; 404 when none is published."""
    async with runtime.unit_of_work() as uow:
        return await views.public_article(uow, article_id, policy_of(runtime), today())
