"""civicloop-classify-retrain: train a new classifier model on the district corpus plus the
cases people confirmed, compare it with the current model on the held-out corpus and on the
most recent confirmed cases (which the new model is not trained on), print both side by side,
and switch to it only when it is better (docs/adr/0017-live-classification-accuracy.md).
Running intake processes pick the switched model up without a restart.

Exit status: 0 switched (with --dry-run: would switch), 3 not switched, 2 cannot compare."""

from __future__ import annotations

import argparse
import asyncio
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common.clock import utcnow
from common.db import Database
from common.district import District, load_district
from intake.classification import catalogue, heldout, model_store
from intake.classification import repository as classification_repository
from intake.classification.live_model import LiveClassifier
from intake.classification.model_store import LearntCase, ModelVersion
from intake.classification.repository import ConfirmedCase
from intake.classification.training import Training, load_labelled, train, training_for
from intake.config import Settings
from intake.domain.classification import Classifier
from intake.domain.retraining import ModelFigures, SwitchVerdict, should_switch, split_recent

#: the newest share of confirmed cases both models are measured on (never trained on by the
#: new model; learnt by the next one)
RECENT_SHARE = 0.25
RETRAINED_NOTE = "以人工确认的诉求重新训练"
EXIT_SWITCHED, EXIT_CANNOT, EXIT_REFUSED = 0, 2, 3


class CannotRetrain(Exception):
    """The comparison cannot be made (zh-CN and English text)."""


@dataclass(frozen=True)
class Measured:
    figures: ModelFigures
    held_out_requests: int | None
    recent_cases: int


@dataclass(frozen=True)
class Outcome:
    current: ModelVersion
    candidate: ModelVersion
    current_figures: Measured
    candidate_figures: Measured
    verdict: SwitchVerdict
    switched: bool
    trained_cases: int

    def report(self) -> str:
        return report(self)


def measure(
    district: District,
    model: Classifier,
    held_out: Path | None,
    recent: Sequence[ConfirmedCase],
) -> Measured:
    held = None
    if held_out is not None and held_out.is_file():
        scored, _ = heldout.score(district, model, load_labelled(held_out))
        held = heldout.rates(scored)
    right = sum(model.suggest(case.text).category == case.category for case in recent)
    return Measured(
        ModelFigures(
            held_out=round(held.leaf, 4) if held else None,
            held_out_lead=round(held.lead, 4) if held else None,
            recent=round(right / len(recent), 4) if recent else None,
        ),
        held.requests if held else None,
        len(recent),
    )


async def retrain(
    db: Database,
    district: District,
    training: Training,
    *,
    dry_run: bool,
    recent_share: float = RECENT_SHARE,
) -> Outcome:
    baseline = train(district, training.examples, training.keywords, threshold=training.threshold)
    live = LiveClassifier(district, training, baseline)
    async with db.session() as session:
        current = await model_store.current(session)
    if current is None:  # intake has never run on this database: its corpus model is current
        await live.start(db)
    elif current.corpus_fingerprint != live.fingerprint:
        raise CannotRetrain(
            "当前模型训练所用的语料与本命令读取的语料不同（请用运行中的 intake 的区县配置）；"
            "the current model was trained on another corpus than this district file names"
        )
    # both models over the items intake now offers (the live taxonomy, ADR 0019)
    async with db.session() as session:
        leaves, keywords = await catalogue.live_items(session, district, training)
    await live.recatalogue(leaves, keywords)
    await live.refresh(db)
    async with db.session() as session:
        current = await model_store.current(session)
        assert current is not None
        confirmed = [
            case
            for case in await classification_repository.confirmed_cases(session)
            if case.category in live.known
        ]
    kept_back = split_recent(len(confirmed), recent_share)
    learnt = [LearntCase(c.case_id, c.category, c.text) for c in confirmed[: -kept_back or None]]
    recent = confirmed[len(confirmed) - kept_back :]
    version = model_store.version_of(live.fingerprint, learnt)
    # the same corpus and cases train the same model: no need to train it twice
    candidate = live.model if version == current.version else live.build(learnt, version)
    before = measure(district, live.model, training.held_out, recent)
    after = measure(district, candidate, training.held_out, recent)
    verdict = should_switch(
        before.figures, after.figures, learnt_anything=version != current.version
    )
    new = ModelVersion(
        version=version,
        created_at=utcnow(),
        corpus_fingerprint=live.fingerprint,
        corpus_examples=len(training.examples),
        trained_cases=len(learnt),
        note=RETRAINED_NOTE,
        held_out_requests=after.held_out_requests,
        held_out_top1=after.figures.held_out,
        held_out_lead=after.figures.held_out_lead,
        recent_cases=after.recent_cases,
        recent_top1=after.figures.recent,
    )
    switched = verdict.switch and not dry_run
    async with db.session() as session, session.begin():
        if before.figures.held_out is not None and before.held_out_requests is not None:
            await model_store.measured_held_out(
                session,
                current.version,
                requests=before.held_out_requests,
                top1=before.figures.held_out,
                lead=before.figures.held_out_lead or 0.0,
            )
        if switched:
            await model_store.lock(session)
            await model_store.add(session, new, learnt)
            await model_store.switch_to(session, new.version, at=utcnow())
    return Outcome(current, new, before, after, verdict, switched, len(learnt))


def _pad(text: str, width: int) -> str:
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(1, width - used)


def _percent(value: float | None) -> str:
    return f"{value:.1%}" if value is not None else "—"


def report(outcome: Outcome) -> str:
    before, after = outcome.current_figures, outcome.candidate_figures
    held = f"（{before.held_out_requests} 条）" if before.held_out_requests else "（无留出集）"
    rows = [
        (f"留出集 分类 top-1{held}", before.figures.held_out, after.figures.held_out),
        ("留出集 主办单位 top-1", before.figures.held_out_lead, after.figures.held_out_lead),
        (
            f"近期确认诉求 分类 top-1（{before.recent_cases} 件）",
            before.figures.recent,
            after.figures.recent,
        ),
    ]
    width = 44
    lines = [
        f"{_pad('', width)}{_pad('当前模型 current', 20)}新模型 candidate",
        f"{_pad('版本 version', width)}{_pad(outcome.current.version, 20)}"
        f"{outcome.candidate.version}",
        f"{_pad('学过的确认诉求 confirmed cases learnt', width)}"
        f"{_pad(str(outcome.current.trained_cases), 20)}{outcome.trained_cases}",
    ]
    lines += [f"{_pad(label, width)}{_pad(_percent(a), 20)}{_percent(b)}" for label, a, b in rows]
    if outcome.switched:
        decision = f"已切换到新模型 switched to {outcome.candidate.version}"
    elif outcome.verdict.switch:
        decision = "应切换（--dry-run，未切换） would switch (--dry-run: not switched)"
    else:
        decision = "不切换 not switched"
    lines += [
        "",
        decision,
        f"理由：{outcome.verdict.reason_zh}",
        f"reason: {outcome.verdict.reason_en}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="civicloop-classify-retrain", description=__doc__)
    parser.add_argument("--district", help="district file (default: DISTRICT_FILE, as intake)")
    parser.add_argument("--dry-run", action="store_true", help="compare, print, switch nothing")
    parser.add_argument(
        "--recent-share",
        type=float,
        default=RECENT_SHARE,
        help="newest share of confirmed cases kept back to compare on (default 0.25)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.recent_share < 1:
        parser.error("--recent-share must lie between 0 and 1")
    settings = Settings()
    district_file = args.district or settings.district_file
    district = load_district(district_file)
    training = training_for(
        district,
        district_file,
        classification_dir=settings.classification_dir,
        threshold=settings.classification_threshold,
    )
    outcome = _run(settings, district, training, dry_run=args.dry_run, share=args.recent_share)
    sys.exit(asyncio.run(outcome))


async def _run(
    settings: Settings,
    district: District,
    training: Training,
    *,
    dry_run: bool,
    share: float,
) -> int:
    db = Database(settings.database_url, schema="intake", pool_size=2)
    try:
        outcome = await retrain(db, district, training, dry_run=dry_run, recent_share=share)
    except CannotRetrain as why:
        print(f"无法比较 cannot compare: {why}", file=sys.stderr)
        return EXIT_CANNOT
    finally:
        await db.dispose()
    print(outcome.report())
    return EXIT_SWITCHED if outcome.verdict.switch else EXIT_REFUSED


if __name__ == "__main__":
    main()
