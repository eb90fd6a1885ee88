"""Live classification accuracy: how often the classifier's suggestion for a case agreed with
what a person later decided (docs/adr/0017-live-classification-accuracy.md).

Only human decisions count: a clerk's category at screening, a dispatcher's re-classification
(改类), a dispatcher routing a case under another category than it came with, and a return
upheld at arbitration (the case was routed on the suggestion and the department
was wrong). A case nobody has decided on yet is not measured at all: the classifier's own
choice, auto-accepted and auto-routed, proves nothing about it.

Pure code: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class DecisionKind(StrEnum):
    CLERK = "clerk"  # 受理员甄别时确认或改正分类
    RECLASSIFIED = "reclassified"  # 派单员改类
    ROUTED = "routed"  # 派单员分派时另定分类
    RETURN_UPHELD = "return_upheld"  # 退单仲裁同意退单：按建议交办的单位不对


DECISION_LABELS_ZH: Mapping[DecisionKind, str] = {
    DecisionKind.CLERK: "受理员甄别确认或改类",
    DecisionKind.RECLASSIFIED: "派单员改类",
    DecisionKind.ROUTED: "派单员分派时另定分类",
    DecisionKind.RETURN_UPHELD: "退单仲裁同意退单",
}

#: the model version of suggestions recorded before versions were kept
UNVERSIONED = "unversioned"
#: the domain of a category outside any domain (a flat district file, `other`)
NO_DOMAIN = ""
NO_DOMAIN_ZH = "（未分领域）"


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    category: str | None  # None: a return upheld names no category
    at: datetime
    returning_department: str | None = None  # a return upheld: who returned the case


@dataclass(frozen=True)
class Measured:
    """A suggestion and the human decisions on its case, in any order."""

    case_id: str
    suggested: str
    suggested_lead: str | None
    model_version: str | None
    decisions: tuple[Decision, ...]


@dataclass(frozen=True)
class Verdict:
    case_id: str
    model_version: str
    truth: str  # the human category; the suggested one when a return was upheld
    agrees: bool
    kind: DecisionKind


def deciding(decisions: Iterable[Decision]) -> Decision | None:
    """The decision that stands: the latest one (a later person corrects an earlier one)."""
    ordered = sorted(decisions, key=lambda d: d.at)
    return ordered[-1] if ordered else None


def verdict(case: Measured) -> Verdict | None:
    """Whether the suggestion agreed with the decision that stands; None when no person has
    decided on the case. An upheld return counts against the suggestion only when the case
    went to the suggested category's lead department (else a person's routing was wrong)."""
    last = deciding(case.decisions)
    if last is None:
        return None
    if last.kind is DecisionKind.RETURN_UPHELD:
        if last.returning_department != case.suggested_lead:
            earlier = [d for d in case.decisions if d is not last]
            return verdict(_with(case, earlier)) if earlier else None
        agrees, truth = False, case.suggested
    else:
        truth = last.category or case.suggested
        agrees = truth == case.suggested
    return Verdict(case.case_id, case.model_version or UNVERSIONED, truth, agrees, last.kind)


def _with(case: Measured, decisions: Sequence[Decision]) -> Measured:
    return Measured(
        case.case_id, case.suggested, case.suggested_lead, case.model_version, tuple(decisions)
    )


def confirmed_category(decisions: Iterable[Decision]) -> str | None:
    """The category a person confirmed for a case (what retraining learns from): the latest
    decision naming one; an upheld return after it leaves the category unknown."""
    last = deciding(decisions)
    if last is None or last.category is None:
        return None
    return last.category


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    decided: int
    agreeing: int

    @property
    def accuracy(self) -> float | None:
        return round(self.agreeing / self.decided, 4) if self.decided else None


@dataclass(frozen=True)
class Figures:
    suggested: int  # cases with a suggestion in the period
    decided: int
    agreeing: int
    by_model: tuple[Tally, ...]
    by_domain: tuple[Tally, ...]
    by_category: tuple[Tally, ...]
    by_decision: tuple[Tally, ...]

    @property
    def accuracy(self) -> float | None:
        return round(self.agreeing / self.decided, 4) if self.decided else None


def figures(
    cases: Sequence[Measured],
    *,
    domain_of: Callable[[str], tuple[str, str]],
    category_name: Callable[[str], str],
) -> Figures:
    """Accuracy over the cases a person decided on: overall, per model version, per domain
    and per category of the human decision, and per kind of decision. `domain_of` gives a
    category's domain code and zh-CN name."""
    verdicts = [v for v in (verdict(case) for case in cases) if v is not None]

    def tallies(key: Callable[[Verdict], str], label: Callable[[str], str]) -> tuple[Tally, ...]:
        keys = sorted({key(v) for v in verdicts})
        return tuple(
            Tally(
                k,
                label(k),
                sum(1 for v in verdicts if key(v) == k),
                sum(1 for v in verdicts if key(v) == k and v.agrees),
            )
            for k in keys
        )

    domain_names = {domain_of(v.truth)[0]: domain_of(v.truth)[1] for v in verdicts}
    return Figures(
        suggested=len(cases),
        decided=len(verdicts),
        agreeing=sum(v.agrees for v in verdicts),
        by_model=tallies(lambda v: v.model_version, lambda k: k),
        by_domain=tallies(lambda v: domain_of(v.truth)[0], lambda k: domain_names[k]),
        by_category=tallies(lambda v: v.truth, category_name),
        by_decision=tallies(lambda v: v.kind.value, lambda k: DECISION_LABELS_ZH[DecisionKind(k)]),
    )
