"""Which cases a figure is about, and a batch's progress. Pure code: no I/O.

Filters narrow the cases before they are counted: the submitter's kind (企业 or 群众), the
channel the request came in by, and the imported batch (座谈会, 大走访) it came with. A
batch's progress counts every case of the batch, whenever it was accepted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from supervision.domain.figures import Figures, screened
from supervision.domain.scorecard import CaseFacts


@dataclass(frozen=True)
class Filters:
    submitter_kind: str | None = None
    channel: str | None = None
    batch_id: str | None = None

    def admit(self, facts: CaseFacts) -> bool:
        return all(
            wanted is None or wanted == getattr(facts, name)
            for name, wanted in (
                ("submitter_kind", self.submitter_kind),
                ("channel", self.channel),
                ("batch_id", self.batch_id),
            )
        )


EVERY_CASE = Filters()


def filtered(cases: Iterable[CaseFacts], filters: Filters) -> list[CaseFacts]:
    return [facts for facts in cases if filters.admit(facts)]


def batch_progress(batch_id: str, cases: Iterable[CaseFacts]) -> dict[str, Any]:
    """登记, 受理, 办理中, 已办结, 解释答疑, 即办 and both satisfaction rates of one batch.
    Registered counts every case of the batch, merged duplicates included."""
    mine = [facts for facts in cases if facts.batch_id == batch_id]
    figures = Figures()
    for facts in mine:
        if screened(facts):
            figures.add_case(facts)
    titles = [facts.batch_title for facts in mine if facts.batch_title]
    return {
        "batch_id": batch_id,
        "batch_title": titles[0] if titles else batch_id,
        "registered": len(mine),
        "accepted": figures.accepted,
        "in_progress": figures.in_progress,
        "closed": figures.closed,
        "explained": figures.explained,
        "on_the_spot": figures.on_the_spot,
        "callbacks": figures.callbacks,
        "satisfied_callbacks": figures.satisfied_callbacks,
        "rated_cases": figures.rated_cases,
        "satisfied_cases": figures.satisfied_cases,
        "satisfaction_rate": figures.satisfaction_rate,
        "case_satisfaction_rate": figures.case_satisfaction_rate,
    }


def batches(cases: Iterable[CaseFacts]) -> list[dict[str, Any]]:
    """The batches cases came with: id, title and how many cases, in id order."""
    found: dict[str, dict[str, Any]] = {}
    for facts in cases:
        if facts.batch_id is None:
            continue
        entry = found.setdefault(
            facts.batch_id, {"batch_id": facts.batch_id, "batch_title": None, "cases": 0}
        )
        entry["cases"] += 1
        entry["batch_title"] = entry["batch_title"] or facts.batch_title
    return [
        {**entry, "batch_title": entry["batch_title"] or batch_id}
        for batch_id, entry in sorted(found.items())
    ]
