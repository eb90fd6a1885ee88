"""The use cases of knowledge articles: a unit drafts, edits and submits its articles, its
reviewer publishes, rejects, confirms or withdraws them (rules.py says who may, and when).

A published version is never changed: editing an article whose latest version is published
(or withdrawn) opens the next version as a draft, and the published one keeps serving until
the draft is published, superseding it. The version's `author` is who last wrote its text,
so that its reviewer is always somebody else (four eyes)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime
from typing import Any

from common.auth import Principal
from common.errors import Conflict, Forbidden, NotFound, Unprocessable
from intake.knowledge import gaps
from intake.knowledge import rules as kb
from intake.knowledge.rules import ArticleContent, Decision, KnowledgePolicy, VersionStatus
from intake.repository.store import Unit


async def create(
    uow: Unit,
    content: ArticleContent,
    *,
    department: str,
    gap_id: str | None,
    principal: Principal,
    policy: KnowledgePolicy,
    at: datetime,
) -> str:
    """A new article, a draft at version 1."""
    problems = kb.department_problems(department, policy.department_names)
    problems += await _content_problems(uow, content)
    _refuse_invalid(problems)
    if not kb.may_edit(principal, department):
        raise _not_editor()
    if gap_id is not None:
        await gaps.gap_for_draft(uow, gap_id)
    article_id = f"KB-{department}-{uuid.uuid4().hex[:8]}"
    await uow.store.knowledge.insert_article(
        {
            "article_id": article_id,
            "department": department,
            "latest_version": 1,
            "gap_id": gap_id,
            "created_at": at,
            "updated_at": at,
        }
    )
    await uow.store.knowledge.insert_version(
        _version_row(article_id, 1, content, VersionStatus.DRAFT, principal.actor, at)
    )
    return article_id


async def edit(
    uow: Unit, article_id: str, content: ArticleContent, *, principal: Principal, at: datetime
) -> None:
    """Change the draft, or open the next version as a draft when the latest is published or
    withdrawn; refused while a version waits for review."""
    article = await _article(uow, article_id, lock=True)
    _refuse_invalid(await _content_problems(uow, content))
    if not kb.may_edit(principal, article["department"]):
        raise _not_editor()
    latest = await _latest(uow, article)
    outcome = kb.edit_outcome(VersionStatus(latest["status"]))
    if outcome is None:
        raise Conflict("pending_review", "该知识正在审核中，审核完成前不能修改")
    store = uow.store.knowledge
    if outcome is kb.EditOutcome.IN_PLACE:
        values = content_values(content) | {"author": principal.actor, "updated_at": at}
        await store.update_version(article_id, latest["version"], values)
    else:
        version = latest["version"] + 1
        await store.insert_version(
            _version_row(article_id, version, content, VersionStatus.DRAFT, principal.actor, at)
        )
        await store.update_article(article_id, {"latest_version": version})
    await store.update_article(article_id, {"updated_at": at})


async def submit(uow: Unit, article_id: str, *, principal: Principal, at: datetime) -> None:
    """draft -> pending_review."""
    article = await _article(uow, article_id, lock=True)
    if not kb.may_edit(principal, article["department"]):
        raise _not_editor()
    latest = await _latest(uow, article)
    if not kb.may_submit(VersionStatus(latest["status"])):
        raise Conflict("not_draft", "只有草稿可以提交审核")
    await uow.store.knowledge.update_version(
        article_id,
        latest["version"],
        {"status": VersionStatus.PENDING_REVIEW.value, "submitted_at": at, "updated_at": at},
    )
    await uow.store.knowledge.update_article(article_id, {"updated_at": at})


async def review(
    uow: Unit,
    article_id: str,
    decision: Decision,
    *,
    note: str | None,
    principal: Principal,
    at: datetime,
) -> None:
    """The reviewer publishes the version waiting for review (superseding the published one,
    resolving open flags, closing the gap it was drafted from) or sends it back as a draft."""
    article = await _article(uow, article_id, lock=True)
    latest = await _latest(uow, article)
    if not kb.may_approve(principal, article["department"]):
        raise _not_reviewer()
    if not kb.may_review(VersionStatus(latest["status"])):
        raise Conflict("not_pending_review", "该知识没有待审核的版本")
    store = uow.store.knowledge
    version = latest["version"]
    if decision is Decision.REJECT:
        values = {"status": VersionStatus.DRAFT.value, "reviewer": principal.actor}
        await store.update_version(article_id, version, values | {"review_note": note})
        await store.update_article(article_id, {"updated_at": at})
        return
    if kb.publish_refusal(principal, article["department"], latest["author"]) == "own_version":
        raise Forbidden("own_version", "不能审核发布自己编写的版本，须由本单位另一名审核人审核")
    first_publication = not any(v["published_at"] for v in await store.versions_of(article_id))
    if article["published_version"] is not None:
        await store.update_version(
            article_id,
            article["published_version"],
            {"status": VersionStatus.SUPERSEDED.value, "updated_at": at},
        )
    await store.update_version(
        article_id,
        version,
        {
            "status": VersionStatus.PUBLISHED.value,
            "reviewer": principal.actor,
            "published_at": at,
            "review_note": note,
            "updated_at": at,
        },
    )
    await _reviewed(uow, article_id, {"published_version": version}, principal, at)
    if first_publication and article["gap_id"] is not None:
        await gaps.close_by_article(
            uow, gap_id=article["gap_id"], article_id=article_id, actor=principal.actor, at=at
        )


async def confirm(
    uow: Unit, article_id: str, *, note: str | None, principal: Principal, at: datetime
) -> None:
    """The reviewer confirms the published version still holds: its review is due again
    review_months from now, and its open flags are resolved."""
    article = await _article(uow, article_id, lock=True)
    if not kb.may_approve(principal, article["department"]):
        raise _not_reviewer()
    if article["published_version"] is None:
        raise Conflict("nothing_published", "该知识没有已发布的版本，无需确认")
    if note:
        await uow.store.knowledge.update_version(
            article_id, article["published_version"], {"review_note": note}
        )
    await _reviewed(uow, article_id, {}, principal, at)


async def withdraw(
    uow: Unit, article_id: str, *, reason: str, principal: Principal, at: datetime
) -> None:
    """The published version is withdrawn: it leaves search and stays readable."""
    article = await _article(uow, article_id, lock=True)
    if not kb.may_approve(principal, article["department"]):
        raise _not_reviewer()
    if article["published_version"] is None:
        raise Conflict("nothing_published", "该知识没有已发布的版本，无法撤回")
    await uow.store.knowledge.update_version(
        article_id,
        article["published_version"],
        {"status": VersionStatus.WITHDRAWN.value, "review_note": reason, "updated_at": at},
    )
    await uow.store.knowledge.update_article(
        article_id, {"published_version": None, "updated_at": at}
    )


async def _reviewed(
    uow: Unit, article_id: str, values: Mapping[str, Any], principal: Principal, at: datetime
) -> None:
    await uow.store.knowledge.update_article(
        article_id,
        {**values, "reviewed_at": at, "reviewed_by": principal.actor, "updated_at": at},
    )
    await uow.store.knowledge.resolve_flags(article_id, at=at, by=principal.actor)


async def _article(uow: Unit, article_id: str, *, lock: bool = False) -> dict[str, Any]:
    article = await uow.store.knowledge.find_article(article_id, lock=lock)
    if article is None:
        raise NotFound("unknown_article", f"没有编号为 {article_id} 的知识")
    return article


async def _latest(uow: Unit, article: Mapping[str, Any]) -> dict[str, Any]:
    found = await uow.store.knowledge.find_version(article["article_id"], article["latest_version"])
    if found is None:
        raise AssertionError(f"article {article['article_id']} lost its latest version")
    return found


async def known_categories(uow: Unit) -> set[str]:
    """What an article may cover: the catalogue's items, and their categories and domains."""
    found: set[str] = set()
    for item in await uow.store.catalogue.list_categories():
        found |= {c for c in (item["code"], item["group"], item["domain"]) if c}
    return found


async def _content_problems(uow: Unit, content: ArticleContent) -> list[kb.FieldProblem]:
    return kb.content_problems(content, known_categories=await known_categories(uow))


def _refuse_invalid(problems: list[kb.FieldProblem]) -> None:
    if problems:
        raise Unprocessable(
            "invalid_article",
            "；".join(p.message for p in problems[:3]),
            fields=[p.view() for p in problems],
        )


def _not_editor() -> Forbidden:
    return Forbidden("not_article_editor", "只有该知识责任单位的承办人员或管理员可以编辑")


def _not_reviewer() -> Forbidden:
    return Forbidden("not_knowledge_reviewer", "只有该知识责任单位的知识库审核人或管理员可以审核")


def content_values(content: ArticleContent) -> dict[str, Any]:
    return {
        "question": content.question.strip(),
        "phrasings": [p.strip() for p in content.phrasings if p.strip()],
        "answer": content.answer.strip(),
        "basis": [asdict(b) for b in content.basis],
        "categories": list(dict.fromkeys(content.categories)),
        "valid_from": content.valid_from,
        "valid_until": content.valid_until,
    }


def _version_row(
    article_id: str,
    version: int,
    content: ArticleContent,
    status: VersionStatus,
    author: str,
    at: datetime,
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "version": version,
        "status": status.value,
        **content_values(content),
        "author": author,
        "created_at": at,
        "updated_at": at,
    }
