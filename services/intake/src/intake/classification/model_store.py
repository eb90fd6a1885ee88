"""The classifier's model versions (intake.classifier_models): what each was trained on, its
measured figures, and which one is current. A model is the district corpus plus the confirmed
cases it learnt from, so a version keeps those cases, not a trained model: training is
deterministic, and every intake process rebuilds the current version from them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.domain.classification import LabelledExample
from intake.models import classifier_model_cases, classifier_models

#: one switch at a time, whichever process or command makes it
_SWITCH_LOCK = 0x636C6173  # "clas"


@dataclass(frozen=True)
class ModelVersion:
    version: str
    created_at: datetime
    corpus_fingerprint: str
    corpus_examples: int
    trained_cases: int
    note: str = ""
    held_out_requests: int | None = None
    held_out_top1: float | None = None
    held_out_lead: float | None = None
    recent_cases: int | None = None
    recent_top1: float | None = None
    is_current: bool = False
    switched_at: datetime | None = None


@dataclass(frozen=True)
class LearntCase:
    case_id: str
    category: str
    text: str


def corpus_fingerprint(
    examples: Sequence[LabelledExample],
    keywords: Mapping[str, Sequence[str]],
    threshold: float,
    categories: Sequence[str],
) -> str:
    """What a model learns from besides confirmed cases, in 16 hex digits."""
    document = json.dumps(
        {
            "examples": sorted((e.category, e.text) for e in examples),
            "keywords": {code: list(words) for code, words in sorted(keywords.items())},
            "threshold": threshold,
            "categories": sorted(categories),
        },
        ensure_ascii=False,
    )
    return hashlib.sha256(document.encode()).hexdigest()[:16]


def version_of(fingerprint: str, cases: Sequence[LearntCase]) -> str:
    """A model's version: the same corpus and the same cases give the same version."""
    learnt = "\n".join(sorted(f"{c.case_id}\t{c.category}" for c in cases))
    return "m-" + hashlib.sha256(f"{fingerprint}\n{learnt}".encode()).hexdigest()[:10]


def as_examples(cases: Sequence[LearntCase], known: set[str]) -> list[LabelledExample]:
    """The cases as training examples; a category the catalogue no longer has is left out."""
    return [LabelledExample(c.category, c.text) for c in cases if c.category in known]


def _version(row: Any) -> ModelVersion:
    return ModelVersion(**{name: row._mapping[name] for name in ModelVersion.__dataclass_fields__})


async def current(session: AsyncSession) -> ModelVersion | None:
    row = (
        await session.execute(select(classifier_models).where(classifier_models.c.is_current))
    ).first()
    return _version(row) if row is not None else None


async def versions(session: AsyncSession) -> list[ModelVersion]:
    rows = await session.execute(
        select(classifier_models).order_by(
            classifier_models.c.created_at.desc(), classifier_models.c.version
        )
    )
    return [_version(row) for row in rows]


async def cases_of(session: AsyncSession, version: str) -> list[LearntCase]:
    rows = await session.execute(
        select(classifier_model_cases)
        .where(classifier_model_cases.c.version == version)
        .order_by(classifier_model_cases.c.case_id)
    )
    return [LearntCase(row.case_id, row.category, row.text) for row in rows]


async def add(session: AsyncSession, model: ModelVersion, cases: Sequence[LearntCase]) -> bool:
    """Keep a version and what it learnt; False when it was kept already."""
    values = {**asdict(model), "is_current": False, "switched_at": None}
    added = await session.execute(
        insert(classifier_models)
        .values(values)
        .on_conflict_do_nothing()
        .returning(classifier_models.c.version)
    )
    if added.first() is None:
        return False
    if cases:
        await session.execute(
            insert(classifier_model_cases).values(
                [{"version": model.version, **asdict(case)} for case in cases]
            )
        )
    return True


async def switch_to(session: AsyncSession, version: str, *, at: datetime) -> None:
    """Make the version current (in the caller's transaction)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SWITCH_LOCK})
    await session.execute(
        update(classifier_models)
        .where(classifier_models.c.is_current, classifier_models.c.version != version)
        .values(is_current=False)
    )
    await session.execute(
        update(classifier_models)
        .where(classifier_models.c.version == version, ~classifier_models.c.is_current)
        .values(is_current=True, switched_at=at)
    )


async def lock(session: AsyncSession) -> None:
    """Hold the switch lock to the end of the transaction (decide, then switch)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SWITCH_LOCK})


async def measured_held_out(
    session: AsyncSession, version: str, *, requests: int, top1: float, lead: float
) -> None:
    """Held-out figures of a version measured later (they never change for a model)."""
    await session.execute(
        update(classifier_models)
        .where(classifier_models.c.version == version, classifier_models.c.held_out_top1.is_(None))
        .values(held_out_requests=requests, held_out_top1=top1, held_out_lead=lead)
    )
