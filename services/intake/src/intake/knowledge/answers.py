"""The knowledge article a case's answer came from: the clerk's at the window (it must be the
article's version published now), or a department's resolution (carried on CaseResolved).
What the case records, and the unit a window answer counts for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from common.errors import Unprocessable
from intake.knowledge.gap_rules import window_gap_unit
from intake.repository.store import Store, Unit


@dataclass(frozen=True)
class WindowKnowledge:
    """The article (and version) a window answer came from, None when no article covered
    it; `unit` is the article's owner, or the unit the gap goes to."""

    article_id: str | None
    version: int | None
    unit: str | None


async def window_knowledge(
    uow: Unit,
    *,
    article_id: str | None,
    version: int | None,
    category: str | None,
    clerk_department: str | None,
    today: date,
) -> WindowKnowledge:
    """The knowledge of an answer given at the window; refused (422, naming the field) when
    the article is unknown or the version is not the one published and valid today."""
    if article_id is None or version is None:
        lead = await uow.store.gaps.category_lead(category) if category else None
        return WindowKnowledge(None, None, window_gap_unit(lead, clerk_department))
    article = await uow.store.knowledge.find_article(article_id)
    if article is None:
        raise _refused(
            "unknown_knowledge_article",
            "knowledge_article_id",
            f"没有编号为 {article_id} 的知识条目",
            "unknown",
        )
    published = article["published_version"]
    if published != version:
        raise _refused(
            "knowledge_version_not_published",
            "knowledge_article_version",
            f"知识条目 {article_id} 的第 {version} 版不是现行发布的版本"
            + (f"（现行为第 {published} 版）" if published else "（该条目没有发布的版本）"),
            "value",
            published_version=published,
        )
    row = await uow.store.knowledge.find_version(article_id, version)
    if row is not None and row["valid_until"] is not None and row["valid_until"] < today:
        raise _refused(
            "knowledge_article_expired",
            "knowledge_article_version",
            f"知识条目 {article_id} 的第 {version} 版已于 {row['valid_until']} 失效",
            "value",
        )
    return WindowKnowledge(article_id, version, article["department"])


async def case_knowledge(store: Store, case: Any) -> dict[str, Any] | None:
    """The article (and version) the case's answer came from, with that version's question,
    for the staff case view; None when no article was recorded."""
    article_id, version = case.knowledge_article_id, case.knowledge_article_version
    if article_id is None or version is None:
        return None
    row = await store.knowledge.find_version(article_id, version)
    return {
        "article_id": article_id,
        "version": version,
        "question": row["question"] if row is not None else None,
    }


def _refused(code: str, field: str, message: str, kind: str, **details: Any) -> Unprocessable:
    return Unprocessable(
        code, message, fields=[{"field": field, "message": message, "type": kind}], **details
    )
