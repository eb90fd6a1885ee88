"""The knowledge base's pure rules: a valid article names every missing field, the validity
range, expiry, the review due date, the version lifecycle and who may do what."""

from __future__ import annotations

from datetime import date

from common.auth import Principal
from common.vocabulary import Role
from intake.knowledge import rules as kb
from intake.knowledge.rules import ArticleContent, ArticleStatus, Basis, VersionStatus

GOOD = ArticleContent(
    question="路灯坏了找谁修？",
    phrasings=("路灯不亮",),
    answer="由城市管理局维修。",
    basis=(Basis("城市道路照明设施管理规定", "建设部令第104号"),),
    categories=("streetlight",),
    valid_from=date(2024, 1, 1),
    valid_until=None,
)
KNOWN = {"streetlight"}
HANDLER = Principal("li", Role.HANDLER, department="um")
REVIEWER = Principal("wu", Role.HANDLER, department="um", reviews_knowledge=True)
OTHER_REVIEWER = Principal("he", Role.HANDLER, department="hc", reviews_knowledge=True)
ADMIN = Principal("root", Role.ADMIN)


def fields(content: ArticleContent) -> list[str]:
    return [p.field for p in kb.content_problems(content, known_categories=KNOWN)]


def with_(**changes: object) -> ArticleContent:
    return ArticleContent(**{**GOOD.__dict__, **changes})  # type: ignore[arg-type]


def test_a_complete_article_has_no_problems() -> None:
    assert fields(GOOD) == []


def test_each_missing_part_is_named_by_its_field() -> None:
    empty = with_(question=" ", answer="", categories=(), basis=(), valid_from=None)
    assert fields(empty) == ["question", "answer", "categories", "basis", "valid_from"]


def test_a_basis_without_a_title_and_an_unknown_category_are_named() -> None:
    bad = with_(basis=(Basis(" ", "1号"),), categories=("streetlight", "nope"))
    assert fields(bad) == ["categories[1]", "basis[0].title"]


def test_valid_until_before_valid_from_is_refused_and_the_same_day_is_not() -> None:
    assert fields(with_(valid_until=date(2023, 12, 31))) == ["valid_until"]
    assert fields(with_(valid_until=date(2024, 1, 1))) == []


def test_messages_are_chinese() -> None:
    problems = kb.content_problems(with_(answer=""), known_categories=KNOWN)
    assert problems[0].message == "请填写答复内容"


def test_the_owning_unit_must_be_given_and_known() -> None:
    assert [p.field for p in kb.department_problems("", {"um"})] == ["department"]
    assert [p.type for p in kb.department_problems("xx", {"um"})] == ["unknown"]
    assert kb.department_problems("um", {"um"}) == []


def test_a_published_version_past_its_validity_is_expired() -> None:
    published = VersionStatus.PUBLISHED
    assert (
        kb.article_status(published, date(2025, 6, 30), date(2025, 7, 1)) is ArticleStatus.EXPIRED
    )
    assert (
        kb.article_status(published, date(2025, 7, 1), date(2025, 7, 1)) is ArticleStatus.PUBLISHED
    )
    assert kb.article_status(VersionStatus.DRAFT, date(2020, 1, 1), date(2025, 7, 1)) is (
        ArticleStatus.DRAFT
    )
    assert not kb.is_current(date(2024, 1, 1), date(2025, 6, 30), date(2025, 7, 1))
    assert not kb.is_current(date(2025, 7, 2), None, date(2025, 7, 1))
    assert kb.is_current(date(2025, 7, 1), None, date(2025, 7, 1))


def test_review_is_due_review_months_after_and_clamps_to_the_months_end() -> None:
    assert kb.review_due(date(2025, 3, 15), 12) == date(2026, 3, 15)
    assert kb.review_due(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert kb.review_due(None, 12) is None
    assert kb.add_months(date(2025, 1, 31), -2) == date(2024, 11, 30)
    assert kb.review_overdue(date(2025, 3, 14), date(2025, 3, 15))
    assert not kb.review_overdue(date(2025, 3, 15), date(2025, 3, 15))


def test_an_edit_changes_a_draft_opens_a_version_after_publishing_and_waits_for_review() -> None:
    assert kb.edit_outcome(VersionStatus.DRAFT) is kb.EditOutcome.IN_PLACE
    assert kb.edit_outcome(VersionStatus.PUBLISHED) is kb.EditOutcome.NEW_VERSION
    assert kb.edit_outcome(VersionStatus.WITHDRAWN) is kb.EditOutcome.NEW_VERSION
    assert kb.edit_outcome(VersionStatus.PENDING_REVIEW) is None
    assert kb.may_submit(VersionStatus.DRAFT) and not kb.may_submit(VersionStatus.PUBLISHED)
    assert kb.may_review(VersionStatus.PENDING_REVIEW) and not kb.may_review(VersionStatus.DRAFT)


def test_the_units_handlers_edit_and_only_its_reviewer_or_an_admin_approves() -> None:
    assert kb.may_edit(HANDLER, "um") and kb.may_edit(ADMIN, "um")
    assert not kb.may_edit(HANDLER, "hc")
    assert not kb.may_edit(Principal("c", Role.CLERK, department="um"), "um")
    assert kb.may_approve(REVIEWER, "um") and kb.may_approve(ADMIN, "um")
    assert not kb.may_approve(HANDLER, "um") and not kb.may_approve(OTHER_REVIEWER, "um")
    assert all(kb.may_read(Principal("x", role)) for role in Role)


def test_nobody_publishes_a_version_they_wrote() -> None:
    assert kb.publish_refusal(REVIEWER, "um", HANDLER.actor) is None
    assert kb.publish_refusal(REVIEWER, "um", REVIEWER.actor) == "own_version"
    assert kb.publish_refusal(ADMIN, "um", ADMIN.actor) == "own_version"
    assert kb.publish_refusal(HANDLER, "um", REVIEWER.actor) == "not_reviewer"


def test_a_handler_sees_its_own_units_review_status_and_the_others_all() -> None:
    assert kb.visible_departments(HANDLER) == ("um",)
    assert kb.visible_departments(Principal("s", Role.SUPERVISOR)) is None
