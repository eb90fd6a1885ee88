"""When a retrained classifier replaces the current one (docs/adr/0017-live-classification-
accuracy.md): only when it is better on the requests the district actually receives (recent
cases a person confirmed, never trained on by the new model) and no worse on the held-out
corpus beyond one request in two hundred. Pure code: no I/O."""

from __future__ import annotations

from dataclasses import dataclass

#: how much worse on the held-out corpus a new model may be and still replace the current
#: one: one request in two hundred (a held-out set of ~600 moves in steps of 0.17 %)
HELD_OUT_TOLERANCE = 0.005


@dataclass(frozen=True)
class ModelFigures:
    """Top-1 category accuracy on the held-out corpus and on recent confirmed cases; None
    where there is nothing to measure on (no held-out file, no recent confirmed cases)."""

    held_out: float | None
    held_out_lead: float | None
    recent: float | None


@dataclass(frozen=True)
class SwitchVerdict:
    switch: bool
    reason_zh: str
    reason_en: str


def should_switch(
    current: ModelFigures, candidate: ModelFigures, *, learnt_anything: bool
) -> SwitchVerdict:
    """Switch only when the candidate is better on recent confirmed cases (or, with none,
    on the held-out corpus) and not worse on the held-out corpus beyond the tolerance."""
    if not learnt_anything:
        return SwitchVerdict(
            False,
            "没有当前模型未学过的确认诉求，新模型与当前模型相同",
            "no confirmed case the current model has not learnt from: the new model is the same",
        )
    if (
        current.held_out is not None
        and candidate.held_out is not None
        and candidate.held_out < current.held_out - HELD_OUT_TOLERANCE
    ):
        return SwitchVerdict(
            False,
            f"新模型在留出集上的分类准确率更低（{candidate.held_out:.1%} < "
            f"{current.held_out:.1%}）",
            f"worse on the held-out set ({candidate.held_out:.1%} < {current.held_out:.1%})",
        )
    if current.recent is not None and candidate.recent is not None:
        if candidate.recent > current.recent:
            return SwitchVerdict(
                True,
                f"新模型在近期确认诉求上更准（{candidate.recent:.1%} > {current.recent:.1%}），"
                "留出集上不差",
                f"better on recent confirmed cases ({candidate.recent:.1%} > "
                f"{current.recent:.1%}) and not worse on the held-out set",
            )
        return SwitchVerdict(
            False,
            f"新模型在近期确认诉求上不比当前模型更准（{candidate.recent:.1%} ≤ "
            f"{current.recent:.1%}）",
            f"not better on recent confirmed cases ({candidate.recent:.1%} <= "
            f"{current.recent:.1%})",
        )
    if current.held_out is not None and candidate.held_out is not None:
        if candidate.held_out > current.held_out:
            return SwitchVerdict(
                True,
                f"没有近期确认诉求可比；新模型在留出集上更准（{candidate.held_out:.1%} > "
                f"{current.held_out:.1%}）",
                f"no recent confirmed cases to compare on; better on the held-out set "
                f"({candidate.held_out:.1%} > {current.held_out:.1%})",
            )
        return SwitchVerdict(
            False,
            "没有近期确认诉求可比，新模型在留出集上也不比当前模型更准",
            "no recent confirmed cases to compare on, and not better on the held-out set",
        )
    return SwitchVerdict(
        False,
        "既没有留出集也没有近期确认诉求，无从比较",
        "neither a held-out set nor recent confirmed cases to compare on",
    )


def split_recent(count: int, share: float) -> int:
    """How many of `count` confirmed cases (oldest first) are kept back as the recent ones
    both models are measured on: the newest `share` of them, at least one when any exist."""
    if count <= 0:
        return 0
    return max(1, min(count, round(count * share)))
