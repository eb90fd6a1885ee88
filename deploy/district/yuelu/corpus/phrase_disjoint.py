"""A harder measure than heldout.yaml: requests worded in ways the training set never saw.

heldout.yaml's requests are new combinations of the same phrase material as train.yaml. Here
two of each item's phrases (and a quarter of the content-free messages) are set aside, a
training set is composed from the rest and a test set from those set aside only, and the
district's classifier is trained and scored as intake would run it. The gap between the two
measures is how much of the held-out figure is the phrase material rather than the method.
Run from the repository root:

    uv run python deploy/district/yuelu/corpus/phrase_disjoint.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

from common.district import load_district
from intake.classification.training import taxonomy_keywords
from intake.domain.classification import Classifier, LabelledExample

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # beside this script, not a package

SEED = 7
SET_ASIDE = 2
TRAIN_PER_ITEM = 17
TEST_PER_ITEM = 6


def main() -> None:
    here = generate.HERE
    phrases = yaml.safe_load((here / "phrases.yaml").read_text(encoding="utf-8"))
    fill = yaml.safe_load((here / "fillers.yaml").read_text(encoding="utf-8"))
    district = load_district(generate.DISTRICT_FILE)
    assert district.classifier is not None
    rng = random.Random(SEED)
    seen: dict[str, list[str]] = {}
    unseen: dict[str, list[str]] = {}
    for code, texts in phrases.items():
        order = list(texts)
        rng.shuffle(order)
        unseen[code], seen[code] = order[:SET_ASIDE], order[SET_ASIDE:]
    free = list(fill["content_free"])
    rng.shuffle(free)
    cut = len(free) // 4
    kinds = {c.code: [k.value for k in c.kinds] for c in district.categories}
    train_with = generate.Composer(random.Random(1), seen, fill | {"content_free": free[cut:]})
    test_with = generate.Composer(random.Random(2), unseen, fill | {"content_free": free[:cut]})
    training = [
        LabelledExample(code, train_with.request(code, kinds[code]))
        for code in phrases
        for _ in range(TRAIN_PER_ITEM)
    ] + [LabelledExample("other", train_with.content_free()) for _ in range(80)]
    test = [
        LabelledExample(code, test_with.request(code, kinds[code]))
        for code in phrases
        for _ in range(TEST_PER_ITEM)
    ] + [LabelledExample("other", test_with.content_free()) for _ in range(28)]
    classifier = Classifier.from_catalogue(
        district.categories,
        training,
        keywords=taxonomy_keywords(district),
        threshold=district.classifier.threshold,
    )
    lead = {c.code: c.lead for c in district.categories}
    outcomes = [(e.category, classifier.suggest(e.text)) for e in test]
    auto = [(truth, s) for truth, s in outcomes if not s.needs_human]
    n = len(outcomes)
    print(f"phrase-disjoint test: {n} requests, {len(training)} training")
    print(f"top-1 item: {sum(s.category == t for t, s in outcomes) / n:.1%}")
    print(f"top-1 lead: {sum(lead[s.category] == lead[t] for t, s in outcomes) / n:.1%}")
    right = sum(s.category == t for t, s in auto) / (len(auto) or 1)
    print(
        f"at threshold {classifier.threshold:.2f}: auto-routed {len(auto) / n:.1%},"
        f" right among them {right:.1%}"
    )


if __name__ == "__main__":
    main()
