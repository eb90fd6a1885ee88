"""What staff and the public read of the knowledge base: the article list, one article with
its versions and flags, one version as it was, and each unit's review status."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from common.auth import Principal
from common.clock import SHANGHAI, local_date
from common.errors import NotFound
from intake.knowledge import rules as kb
from intake.knowledge.rules import KnowledgePolicy, VersionStatus
from intake.repository.store import ArticleFilters, Unit

VERSION_FIELDS = (
    "article_id",
    "version",
    "status",
    "question",
    "phrasings",
    "answer",
    "basis",
    "categories",
    "valid_from",
    "valid_until",
    "author",
    "created_at",
    "submitted_at",
    "reviewer",
    "published_at",
    "review_note",
)


def reviewed_before(today: date, review_months: int) -> datetime:
    """An article last reviewed before this moment is overdue today."""
    return datetime.combine(kb.add_months(today, -review_months), time(), SHANGHAI)


def filters(policy: KnowledgePolicy, today: date, **chosen: Any) -> ArticleFilters:
    return ArticleFilters(
        today=today, reviewed_before=reviewed_before(today, policy.review_months), **chosen
    )


def _review(article: Mapping[str, Any], policy: KnowledgePolicy, today: date) -> dict[str, Any]:
    reviewed = article["reviewed_at"]
    due = None
    if article["published_version"] is not None and reviewed is not None:
        due = kb.review_due(local_date(reviewed), policy.review_months)
    return {"review_due": due, "review_overdue": kb.review_overdue(due, today)}


async def article_page(
    uow: Unit, chosen: ArticleFilters, policy: KnowledgePolicy
) -> dict[str, Any]:
    rows, total = await uow.store.knowledge.list_articles(chosen)
    names = policy.department_names
    items = [
        {
            "article_id": row["article_id"],
            "latest_version": row["latest_version"],
            "status": row["status"],
            "question": row["question"],
            "department": row["department"],
            "department_name": names.get(row["department"], row["department"]),
            "categories": list(row["categories"]),
            "valid_from": row["valid_from"],
            "valid_until": row["valid_until"],
            "published_version": row["published_version"],
            **_review(row, policy, chosen.today),
            "open_flags": row["open_flags"],
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]
    return {"items": items, "total": total}


def version_view(row: Mapping[str, Any]) -> dict[str, Any]:
    view = {name: row[name] for name in VERSION_FIELDS}
    view["phrasings"] = list(row["phrasings"])
    view["categories"] = list(row["categories"])
    view["basis"] = [dict(b) for b in row["basis"]]
    return view


async def version(uow: Unit, article_id: str, number: int) -> dict[str, Any]:
    found = await uow.store.knowledge.find_version(article_id, number)
    if found is None:
        raise NotFound("unknown_version", f"知识 {article_id} 没有第 {number} 版")
    return version_view(found)


async def detail(
    uow: Unit, article_id: str, policy: KnowledgePolicy, today: date
) -> dict[str, Any]:
    store = uow.store.knowledge
    article = await store.find_article(article_id)
    if article is None:
        raise NotFound("unknown_article", f"没有编号为 {article_id} 的知识")
    versions = await store.versions_of(article_id)
    latest = versions[-1]
    published = next((v for v in versions if v["version"] == article["published_version"]), None)
    status = kb.article_status(VersionStatus(latest["status"]), latest["valid_until"], today)
    department = article["department"]
    return {
        "article_id": article_id,
        "department": department,
        "department_name": policy.department_names.get(department, department),
        "status": status.value,
        "latest": version_view(latest),
        "published": version_view(published) if published is not None else None,
        "versions": [
            {
                name: v[name]
                for name in (
                    "version",
                    "status",
                    "author",
                    "created_at",
                    "submitted_at",
                    "reviewer",
                    "published_at",
                )
            }
            for v in versions
        ],
        "flags": [
            {
                name: f[name]
                for name in ("flag_id", "case_id", "version", "reason", "flagged_at", "resolved_at")
            }
            for f in await store.flags_of(article_id)
        ],
        **_review(article, policy, today),
        "gap_id": article["gap_id"],
    }


async def public_article(
    uow: Unit, article_id: str, policy: KnowledgePolicy, today: date
) -> dict[str, Any]:
    """The published version valid today, as a resident reads it; 404 when none."""
    article = await uow.store.knowledge.find_article(article_id)
    number = article["published_version"] if article else None
    found = await uow.store.knowledge.find_version(article_id, number) if number else None
    if (
        article is None
        or found is None
        or not kb.is_current(found["valid_from"], found["valid_until"], today)
    ):
        raise NotFound("unknown_article", f"没有编号为 {article_id} 的已发布知识")
    return public_hit(found | {"department": article["department"]}, policy)


def public_hit(row: Mapping[str, Any], policy: KnowledgePolicy) -> dict[str, Any]:
    department = row["department"]
    return {
        "article_id": row["article_id"],
        "version": row["version"],
        "question": row["question"],
        "answer": row["answer"],
        "department_name": policy.department_names.get(department, department),
        "basis": [dict(b) for b in row["basis"]],
    }


async def review_status(
    uow: Unit, principal: Principal, policy: KnowledgePolicy, today: date
) -> list[dict[str, Any]]:
    """Per unit: its published articles, drafts, those waiting for review, those overdue for
    review, open flags and open gaps. A handler sees its own unit."""
    rows = await uow.store.knowledge.review_status(
        today=today, reviewed_before=reviewed_before(today, policy.review_months)
    )
    by_department = {row["department"]: dict(row) for row in rows}
    open_gaps = await uow.store.gaps.open_gaps_by_department()
    for department in open_gaps:
        by_department.setdefault(
            department,
            dict.fromkeys(
                ("published", "drafts", "pending_review", "review_overdue", "open_flags"), 0
            )
            | {"department": department},
        )
    visible = kb.visible_departments(principal)
    names = policy.department_names
    return [
        row
        | {
            "department_name": names.get(department, department),
            "open_flags": int(row["open_flags"]),
            "open_gaps": open_gaps.get(department, 0),
        }
        for department, row in sorted(by_department.items())
        if visible is None or department in visible
    ]
