"""The knowledge base's rules, with no I/O: what a valid article is, the lifecycle of its
versions, when a published version is expired or due for review, and who may do what.

A version moves draft -> pending_review -> published -> superseded | withdrawn; a rejected
one goes back to draft. A published version is never changed: editing it opens the next
version as a draft, and the published one serves until that draft is published. A published
version whose validity has ended (valid_until before today) is expired: it leaves search and
stays readable."""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from common.auth import Principal
from common.vocabulary import Role


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class ArticleStatus(StrEnum):
    """An article's status: its latest version's, with a published one past its validity
    shown as expired."""

    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class Decision(StrEnum):
    PUBLISH = "publish"
    REJECT = "reject"


STATUS_ZH = {
    "draft": "草稿",
    "pending_review": "待审核",
    "published": "已发布",
    "superseded": "已被新版本取代",
    "withdrawn": "已撤回",
    "expired": "已过期",
}
#: The one account seeded articles are written and reviewed by.
SEED_ACTOR = "system:seed"
#: Staff who may read the knowledge base: all of them.
READERS = frozenset(Role)


@dataclass(frozen=True)
class Basis:
    """A policy reference: the document's title, its number, a link."""

    title: str
    number: str = ""
    url: str | None = None


@dataclass(frozen=True)
class ArticleContent:
    """What one version says."""

    question: str
    phrasings: tuple[str, ...]
    answer: str
    basis: tuple[Basis, ...]
    categories: tuple[str, ...]
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    type: str = "value"

    def view(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "type": self.type}


def content_problems(
    content: ArticleContent, *, known_categories: Collection[str]
) -> list[FieldProblem]:
    """Why an article cannot be kept as written, field by field; empty when it can."""
    found: list[FieldProblem] = []
    if not content.question.strip():
        found.append(FieldProblem("question", "请填写问题", "missing"))
    if not content.answer.strip():
        found.append(FieldProblem("answer", "请填写答复内容", "missing"))
    if not content.categories:
        found.append(FieldProblem("categories", "至少选择一个适用的分类", "missing"))
    for i, code in enumerate(content.categories):
        if code not in known_categories:
            found.append(FieldProblem(f"categories[{i}]", f"分类 {code} 不在分类目录中", "unknown"))
    if not content.basis:
        found.append(FieldProblem("basis", "至少填写一项政策依据", "missing"))
    for i, basis in enumerate(content.basis):
        if not basis.title.strip():
            found.append(FieldProblem(f"basis[{i}].title", "请填写政策依据的文件名称", "missing"))
    if content.valid_from is None:
        found.append(FieldProblem("valid_from", "请填写生效日期", "missing"))
    elif content.valid_until is not None and content.valid_until < content.valid_from:
        found.append(FieldProblem("valid_until", "失效日期不能早于生效日期", "range"))
    return found


def department_problems(department: str, known: Collection[str]) -> list[FieldProblem]:
    if not department.strip():
        return [FieldProblem("department", "请选择知识的责任单位", "missing")]
    if department not in known:
        return [FieldProblem("department", f"责任单位 {department} 不存在", "unknown")]
    return []


def is_current(valid_from: date | None, valid_until: date | None, today: date) -> bool:
    """Within its validity dates: may be found by search."""
    started = valid_from is None or valid_from <= today
    return started and (valid_until is None or today <= valid_until)


def article_status(latest: VersionStatus, valid_until: date | None, today: date) -> ArticleStatus:
    if latest is VersionStatus.PUBLISHED:
        if valid_until is not None and valid_until < today:
            return ArticleStatus.EXPIRED
        return ArticleStatus.PUBLISHED
    if latest is VersionStatus.SUPERSEDED:  # never the latest; read as the published it was
        return ArticleStatus.PUBLISHED
    return ArticleStatus(latest.value)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day where it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(reviewed_on: date | None, review_months: int) -> date | None:
    """When a published article is due for review: its publishing or last confirmation,
    review_months later; None while nothing is published."""
    return None if reviewed_on is None else add_months(reviewed_on, review_months)


def review_overdue(due: date | None, today: date) -> bool:
    return due is not None and due < today


# --- the lifecycle ------------------------------------------------------------------------


class EditOutcome(StrEnum):
    IN_PLACE = "in_place"  # the latest version is a draft: change it
    NEW_VERSION = "new_version"  # published or withdrawn: open the next version as a draft


def edit_outcome(latest: VersionStatus) -> EditOutcome | None:
    """How an edit lands; None while the latest version waits for review."""
    if latest is VersionStatus.DRAFT:
        return EditOutcome.IN_PLACE
    if latest in (VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN):
        return EditOutcome.NEW_VERSION
    return None


def may_submit(latest: VersionStatus) -> bool:
    return latest is VersionStatus.DRAFT


def may_review(latest: VersionStatus) -> bool:
    return latest is VersionStatus.PENDING_REVIEW


# --- who may do what ----------------------------------------------------------------------


def may_read(principal: Principal) -> bool:
    return principal.role in READERS


def may_edit(principal: Principal, department: str) -> bool:
    """The owning department's handlers maintain its articles; an admin may too."""
    if principal.role is Role.ADMIN:
        return True
    return principal.role is Role.HANDLER and principal.department == department


def may_approve(principal: Principal, department: str) -> bool:
    """The owning department's reviewer (知识库审核人), or an admin."""
    if principal.role is Role.ADMIN:
        return True
    return (
        principal.role is Role.HANDLER
        and principal.reviews_knowledge
        and principal.department == department
    )


def publish_refusal(principal: Principal, department: str, author: str) -> str | None:
    """Why this member of staff may not publish a version written by `author` (four eyes);
    None when they may."""
    if not may_approve(principal, department):
        return "not_reviewer"
    if principal.actor == author:
        return "own_version"
    return None


def visible_departments(principal: Principal) -> Sequence[str] | None:
    """Whose units' review status a member of staff sees: a handler its own, the rest all
    (None)."""
    if principal.role is Role.HANDLER and principal.department is not None:
        return (principal.department,)
    return None


@dataclass(frozen=True)
class KnowledgePolicy:
    """What the knowledge base's use cases are configured with: the district's departments
    (code -> name) and how long a published article holds before it is due for review."""

    department_names: Mapping[str, str]
    review_months: int
