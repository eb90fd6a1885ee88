"""The reasons dispatch gives itself, in zh-CN with department and category names and a
stable code: waiting for a dispatcher, routing by rule, the callback's outcome."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.events import CallbackCompleted, CaseClosed, CaseQueuedForDispatcher, CaseReopened
from common.vocabulary import ReasonCode, RequestKind, Satisfaction
from dispatch.domain import reasons
from dispatch.domain.lifecycle import CaseState, HandlingCase, Route

AT = datetime(2026, 11, 29, 18, 33, tzinfo=UTC)
CATEGORIES = {"streetlight": "路灯照明", "other": "其他"}
DEPARTMENTS = {"urban-management": "城市管理局", "street-yuelu": "岳麓街道"}


def test_an_unconfirmed_category_waits_for_a_dispatcher_named_and_measured() -> None:
    reason = reasons.waiting_for_dispatcher(
        "other", needs_dispatcher=True, confidence=0.42, category_names=CATEGORIES
    )
    assert reason.code is ReasonCode.CATEGORY_NOT_CONFIRMED
    assert reason.text == "分类“其他”由系统自动识别（置信度0.42），未经人工确认，请派单员核定后交办"
    event = HandlingCase("c", "other", RequestKind.HELP).await_dispatcher(reason)
    assert isinstance(event, CaseQueuedForDispatcher)
    assert (event.reason, event.reason_code) == (reason.text, "category_not_confirmed")


def test_a_category_without_a_rule_waits_for_a_dispatcher() -> None:
    reason = reasons.waiting_for_dispatcher(
        "streetlight", needs_dispatcher=False, confidence=None, category_names=CATEGORIES
    )
    assert reason.code is ReasonCode.NO_ROUTING_RULE
    assert reason.text == "分类“路灯照明”没有交办规则，请派单员指定承办单位"
    unknown = reasons.waiting_for_dispatcher(
        "noise", needs_dispatcher=False, confidence=None, category_names=CATEGORIES
    )
    assert "“noise”" in unknown.text  # an unnamed category still shows what it is


def test_routing_by_rule_names_the_category_and_the_departments() -> None:
    why = reasons.routed_by_rule(
        "streetlight",
        "urban-management",
        ("street-yuelu",),
        category_names=CATEGORIES,
        department_names=DEPARTMENTS,
    )
    assert why.text == "按分类“路灯照明”的交办规则，交由城市管理局主办，岳麓街道协办"
    case, _ = HandlingCase("c", "streetlight", RequestKind.HELP).assign(
        Route("urban-management", ("street-yuelu",)), actor="system:routing", at=AT, reason=why
    )
    step = case.history[-1]
    assert step.reason == why.text and step.detail["reason_code"] == "routed_by_rule"


def test_a_dispatchers_own_words_carry_no_code() -> None:
    case, _ = HandlingCase("c", "streetlight", RequestKind.HELP).assign(
        Route("urban-management"), actor="dispatcher:d", at=AT, reason="属城管职责"
    )
    assert case.history[-1].reason == "属城管职责"
    assert "reason_code" not in case.history[-1].detail


@pytest.mark.parametrize(
    ("satisfaction", "solved", "comment", "code", "text"),
    [
        (Satisfaction.SATISFIED, True, "", "callback_satisfied", "回访满意，已解决，归档"),
        (
            Satisfaction.DISSATISFIED,
            False,
            "灯还是不亮",
            "callback_needs_rework",
            "回访不满意，未解决（灯还是不亮），重新办理",
        ),
    ],
)
def test_the_callbacks_outcome_is_said_in_chinese(
    satisfaction: Satisfaction, solved: bool, comment: str, code: str, text: str
) -> None:
    result = CallbackCompleted(
        round=1,
        satisfaction=satisfaction,
        solved=solved,
        comment=comment,
        agent="li",
        completed_at=AT,
    )
    resolved = HandlingCase(
        "c", "streetlight", RequestKind.HELP, CaseState.RESOLVED, "urban-management"
    )
    case, event = resolved.settle_callback(result, max_rounds=3, at=AT)
    assert isinstance(event, CaseClosed | CaseReopened) and event.reason == text
    assert case.history[-1].reason == text
    assert case.history[-1].detail["reason_code"] == code
