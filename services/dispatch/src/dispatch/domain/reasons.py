"""The reasons dispatch itself gives, in zh-CN with their stable codes: why a case waits for
a dispatcher, why it went to its lead, and what the callback's outcome did to it.

Names are passed in (departments from dispatch's organisation, categories from the district
file); an unknown code is shown as it is rather than hiding the fact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from common.events import CallbackCompleted, CallbackFailed
from common.vocabulary import LABELS_ZH, Reason, ReasonCode


def _named(code: str, names: Mapping[str, str]) -> str:
    return names.get(code, code)


def waiting_for_dispatcher(
    category: str,
    *,
    needs_dispatcher: bool,
    confidence: float | None,
    category_names: Mapping[str, str],
) -> Reason:
    """待人工派单: the category is the classifier's unconfirmed guess, or has no routing rule."""
    name = _named(category, category_names)
    if needs_dispatcher:
        measured = f"（置信度{confidence:.2f}）" if confidence is not None else ""
        return Reason(
            ReasonCode.CATEGORY_NOT_CONFIRMED,
            f"分类“{name}”由系统自动识别{measured}，未经人工确认，请派单员核定后交办",
        )
    return Reason(ReasonCode.NO_ROUTING_RULE, f"分类“{name}”没有交办规则，请派单员指定承办单位")


def routed_by_rule(
    category: str,
    lead: str,
    co_handlers: Sequence[str],
    *,
    category_names: Mapping[str, str],
    department_names: Mapping[str, str],
) -> Reason:
    """按规则交办: the category's routing rule named the lead and co-handlers."""
    text = (
        f"按分类“{_named(category, category_names)}”的交办规则，"
        f"交由{_named(lead, department_names)}主办"
    )
    if co_handlers:
        text += f"，{'、'.join(_named(c, department_names) for c in co_handlers)}协办"
    return Reason(ReasonCode.ROUTED_BY_RULE, text)


def _callback_said(result: CallbackCompleted) -> str:
    solved = "已解决" if result.solved else "未解决"
    said = f"回访{LABELS_ZH[result.satisfaction]}，{solved}"
    return f"{said}（{result.comment}）" if result.comment else said


def callback_satisfied(result: CallbackCompleted) -> Reason:
    return Reason(ReasonCode.CALLBACK_SATISFIED, f"{_callback_said(result)}，归档")


def callback_needs_rework(result: CallbackCompleted) -> Reason:
    return Reason(ReasonCode.CALLBACK_NEEDS_REWORK, f"{_callback_said(result)}，重新办理")


def rounds_exhausted(result: CallbackCompleted, rounds: int) -> Reason:
    return Reason(
        ReasonCode.ROUNDS_EXHAUSTED,
        f"{_callback_said(result)}；已办理{rounds}轮仍未解决，移交督查",
    )


def callback_unreachable(failed: CallbackFailed, *, refer: bool) -> Reason:
    """无法回访: the district's policy refers the case to supervision or closes it unrated."""
    last = LABELS_ZH.get(failed.last_outcome, failed.last_outcome)
    outcome = "移交督查" if refer else "按规定不评价归档"
    return Reason(
        ReasonCode.CALLBACK_UNREACHABLE,
        f"回访{failed.attempts}次未能联系上诉求人（最后一次：{last}），{outcome}",
    )
