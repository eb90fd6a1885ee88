"""`civicloop-classify-eval`: how well the classifier does on requests it did not train on.

A district file that chooses its classifier (`classifier:` with a corpus) is measured on its
held-out set (classification_heldout); `--cross-validate` instead cross-validates on its
training set, which is where its threshold is chosen. Without one, the demo's labelled set:
Stratified k-fold cross-validation with a fixed seed over the shipped labelled set: each fold
trains on the others (calibration included) and is scored on itself. Prints top-1 accuracy,
per-category precision and recall, the most frequent confusions, calibration, and what each
confidence threshold sends to a human and how accurate the rest is. Then the classifier trained
on the whole set reads a held-out list of content-free and vague requests (vague.yaml, never
trained on), all of which should go to a human. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from common.district import District, load_district
from intake.classification import heldout
from intake.classification.training import (
    default_classification_dir,
    district_corpus,
    load_labelled,
    load_training,
    train,
    training_for,
)
from intake.config import Settings
from intake.domain.classification import (
    MANUAL_CATEGORY,
    Classifier,
    LabelledExample,
)

VAGUE_FILE = "vague.yaml"

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9)

#: the running service's threshold (Settings), the one default
SETTINGS_THRESHOLD: float = Settings.model_fields["classification_threshold"].default


@dataclass(frozen=True)
class Outcome:
    truth: str
    predicted: str
    confidence: float
    needs_human: bool
    fold: int
    text: str


def stratified_folds(examples: Sequence[LabelledExample], folds: int, seed: int) -> list[list[int]]:
    """Indices per fold; each category spread evenly over the folds."""
    by_category: dict[str, list[int]] = defaultdict(list)
    for index, example in enumerate(examples):
        by_category[example.category].append(index)
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(folds)]
    offset = 0
    for category in sorted(by_category):
        indices = by_category[category]
        rng.shuffle(indices)
        for position, index in enumerate(indices):
            out[(position + offset) % folds].append(index)
        offset += len(indices)
    return out


def cross_validate(
    district: District,
    examples: Sequence[LabelledExample],
    keywords: dict[str, list[str]],
    *,
    folds: int,
    seed: int,
    threshold: float,
) -> list[Outcome]:
    outcomes = []
    for fold, test in enumerate(stratified_folds(examples, folds, seed)):
        held_out = set(test)
        training = [e for i, e in enumerate(examples) if i not in held_out]
        classifier = train(district, training, keywords, threshold=threshold)
        for index in test:
            suggestion = classifier.suggest(examples[index].text)
            outcomes.append(
                Outcome(
                    examples[index].category,
                    suggestion.category,
                    suggestion.confidence,
                    suggestion.needs_human,
                    fold,
                    examples[index].text,
                )
            )
    return outcomes


def _accuracy(outcomes: Sequence[Outcome]) -> float:
    return sum(o.truth == o.predicted for o in outcomes) / len(outcomes) if outcomes else 0.0


def report(outcomes: Sequence[Outcome], *, folds: int, seed: int, threshold: float) -> str:
    lines = [f"{len(outcomes)} labelled requests, {folds}-fold cross-validation, seed {seed}", ""]
    per_fold = [_accuracy([o for o in outcomes if o.fold == f]) for f in range(folds)]
    lines.append(
        f"top-1 accuracy: {_accuracy(outcomes):.3f}"
        f"  (folds: {' '.join(f'{a:.3f}' for a in per_fold)}; sd {statistics.pstdev(per_fold):.3f})"
    )
    correct = sum(o.truth == o.predicted for o in outcomes)
    lines.append(f"correct: {correct} of {len(outcomes)}")
    lines += ["", f"{'category':<22}{'support':>8}{'precision':>11}{'recall':>8}"]
    for category in sorted({o.truth for o in outcomes} | {o.predicted for o in outcomes}):
        support = sum(o.truth == category for o in outcomes)
        predicted = [o for o in outcomes if o.predicted == category]
        hits = sum(o.truth == category for o in predicted)
        precision = hits / len(predicted) if predicted else 0.0
        recall = hits / support if support else 0.0
        lines.append(f"{category:<22}{support:>8}{precision:>11.2f}{recall:>8.2f}")
    confusions = Counter((o.truth, o.predicted) for o in outcomes if o.truth != o.predicted)
    lines += ["", "most frequent confusions (truth -> predicted: count)"]
    lines += [f"  {t} -> {p}: {n}" for (t, p), n in confusions.most_common(12)]
    lines += ["", "calibration (confidence bin: requests, mean confidence, accuracy)"]
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        high = low + 0.2
        in_bin = [
            o for o in outcomes if low <= o.confidence < high or (high >= 1 and o.confidence == 1)
        ]
        if in_bin:
            mean = statistics.fmean(o.confidence for o in in_bin)
            lines.append(
                f"  [{low:.1f}, {high:.1f}): {len(in_bin):>4}  {mean:.2f}  {_accuracy(in_bin):.2f}"
            )
    lines += [
        "",
        "threshold: share to a human (below threshold, or predicted other), accuracy of the rest",
    ]
    for value in sorted({*THRESHOLDS, threshold}):
        auto = [o for o in outcomes if o.confidence >= value and o.predicted != MANUAL_CATEGORY]
        mark = "  <- CLASSIFICATION_THRESHOLD" if value == threshold else ""
        lines.append(
            f"  {value:.2f}: to human {1 - len(auto) / len(outcomes):6.1%}, "
            f"auto-routed accuracy {_accuracy(auto):6.1%} ({len(auto)} cases){mark}"
        )
    return "\n".join(lines)


def load_vague(path: Path) -> list[str]:
    """A YAML list of request texts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list) or not all(isinstance(t, str) for t in data):
        raise ValueError(f"{path}: expected a list of texts")
    return [text.strip() for text in data]


def vague_report(classifier: Classifier, texts: Sequence[str]) -> str:
    """What share of requests that name no matter the classifier hands to a human."""
    if not texts:
        return "no held-out vague requests"
    guessed = [(text, classifier.suggest(text)) for text in texts]
    guessed = [(text, s) for text, s in guessed if not s.needs_human]
    share = 1 - len(guessed) / len(texts)
    lines = [
        f"held-out vague requests (never trained on): {len(texts)}, "
        f"to a human {share:.1%} at threshold {classifier.threshold:.2f}"
    ]
    lines += [
        f"  auto-routed: {s.category} {s.confidence:.2f}  {text.replace(chr(10), ' / ')}"
        for text, s in guessed
    ]
    return "\n".join(lines)


def held_out(district: District, district_file: str | None) -> str:
    """Train as intake does on the district corpus's training set; score its held-out set."""
    training = training_for(district, district_file, classification_dir=None, threshold=0.0)
    assert training.held_out is not None
    started = time.perf_counter()
    classifier = train(district, training.examples, training.keywords, threshold=training.threshold)
    seconds = time.perf_counter() - started
    scored, latencies = heldout.score(district, classifier, load_labelled(training.held_out))
    return heldout.report(
        scored,
        latencies,
        threshold=training.threshold,
        training_seconds=seconds,
        memory_mb=heldout.peak_memory_mb(),
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="civicloop-classify-eval", description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=311)
    parser.add_argument("--threshold", type=float, default=SETTINGS_THRESHOLD)
    parser.add_argument("--dir", help="classification folder (default deploy/classification)")
    parser.add_argument("--district", help="district file (default deploy/district/demo.yaml)")
    parser.add_argument(
        "--no-keywords",
        action="store_true",
        help="train on the labelled examples alone (the district keywords were written with "
        "the labelled set in view, so this is the conservative figure)",
    )
    parser.add_argument(
        "--score-only",
        metavar="LABELLED_YAML",
        help="train on the whole set as usual, but score only the requests whose text is in "
        "this labelled file (e.g. an earlier version of labelled.yaml, for a fair comparison)",
    )
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="with a district corpus: cross-validate on its training set (to choose the "
        "threshold) instead of scoring the held-out set",
    )
    args = parser.parse_args(argv)
    district = load_district(args.district)
    corpus = district_corpus(district, args.district)
    if corpus is not None and district.classifier is not None:
        if not args.cross_validate:
            print(held_out(district, args.district))
            return
        training = training_for(district, args.district, classification_dir=None, threshold=0.0)
        outcomes = cross_validate(
            district,
            training.examples,
            training.keywords,
            folds=args.folds,
            seed=args.seed,
            threshold=args.threshold,
        )
        print(report(outcomes, folds=args.folds, seed=args.seed, threshold=args.threshold))
        return
    examples, keywords = load_training(args.dir)
    if args.no_keywords:
        keywords = {}
    outcomes = cross_validate(
        district, examples, keywords, folds=args.folds, seed=args.seed, threshold=args.threshold
    )
    if args.score_only:
        kept = {example.text for example in load_labelled(Path(args.score_only))}
        outcomes = [outcome for outcome in outcomes if outcome.text in kept]
        print(f"scoring only the requests also in {args.score_only}")
    print(report(outcomes, folds=args.folds, seed=args.seed, threshold=args.threshold))
    vague_file = Path(args.dir or default_classification_dir()) / VAGUE_FILE
    vague = load_vague(vague_file) if vague_file.is_file() else []
    classifier = train(district, examples, keywords, threshold=args.threshold)
    print()
    print(vague_report(classifier, vague))


if __name__ == "__main__":
    main()
