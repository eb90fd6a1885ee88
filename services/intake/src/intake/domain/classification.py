"""Suggest a category and lead department for a free-text request (分类).

A multinomial naive Bayes over character unigrams and bigrams: Chinese needs no word
segmentation for this, and the model trains on a few hundred labelled requests in a few
milliseconds, so intake retrains at every start. District-editable keywords per category enter
as extra training counts (prior knowledge that works before examples exist).

Naive Bayes scores are sums over every character of a text, so raw posteriors are nearly
always 0 or 1. The confidence is instead a softmax of a weighted average score at a
temperature fitted on the training set by internal cross-validation (lowest log loss), which
makes "0.8" mean roughly "right four times in five" on requests like the labelled ones.

Confidence must come from evidence. Each feature is weighted by how unevenly it is spread over
the categories (1 for a feature of one category, 0 for one every category uses alike), and the
average is taken over that weight plus a fixed prior of "no evidence". Text made of words every
request uses (你好, 麻烦, 尽快, 回电话) thus carries almost no weight, its scores stay close
together, and it goes to a human; the labelled set's content-free requests (category `other`)
push such words further away from every department.

Pure code: no I/O. Loading the labelled set and the keywords is the caller's job.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from common.district import Category

#: The category a dispatcher routes by hand: never auto-routed, whatever the confidence.
MANUAL_CATEGORY = "other"
#: Laplace smoothing of feature counts.
ALPHA = 1.0
#: How many training documents one district keyword counts as (see the ADR).
KEYWORD_WEIGHT = 3.0
#: Temperatures tried when calibrating (per-feature average log-likelihood is ~0.1-1 apart).
TEMPERATURES = tuple(round(0.01 * 1.25**i, 5) for i in range(24))
CALIBRATION_FOLDS = 4
CALIBRATION_SEED = 20220312
ALTERNATIVES = 3
#: Weight of "no evidence" added to every text when averaging its score: a four-character
#: greeting must not be as confident as a paragraph that names the problem.
EVIDENCE_PRIOR = 12
#: Added to each category's rate of a feature (in units of "once in an average category")
#: before measuring how unevenly the feature is spread: a feature seen once is some evidence,
#: not proof. Added to rates, not counts, so a large category's rare words still count.
SPREAD_SMOOTHING = 0.1
#: exp(-50) is below a double's precision next to 1: softmax terms past it are left out
NEGLIGIBLE_EXPONENT = 50.0
#: the log loss counts a confident miss as at most this (probability 1e-12)
LOG_FLOOR = math.log(1e-12)
#: A suggestion is never certain: the highest confidence shown, so threshold 1.0 means
#: "always a human".
MAX_CONFIDENCE = 0.9999

_DIGITS = re.compile(r"[0-9]+")
_LATIN = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class LabelledExample:
    category: str
    text: str


@dataclass(frozen=True)
class Alternative:
    category: str
    name: str
    lead_department: str | None
    confidence: float


@dataclass(frozen=True)
class Suggestion:
    category: str
    name: str
    lead_department: str | None
    confidence: float
    alternatives: tuple[Alternative, ...]
    needs_human: bool
    model_version: str | None = None  # the model that made it (intake's model store)


class Suggests(Protocol):
    """What suggests a category: a trained Classifier, or intake's current model."""

    @property
    def threshold(self) -> float: ...

    def suggest(self, text: str) -> Suggestion: ...


def features(text: str) -> list[str]:
    """Character unigrams and bigrams of each run of letters; digits and Latin words count
    as one symbol each (a house number says nothing about the category)."""
    normal = unicodedata.normalize("NFKC", text).lower()
    normal = _LATIN.sub("a", _DIGITS.sub("0", normal))
    out: list[str] = []
    for run in _runs(normal):
        out.extend(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def _runs(text: str) -> Iterable[str]:
    """Maximal stretches of letters and digits: punctuation and spaces break bigrams."""
    current: list[str] = []
    for char in text:
        if unicodedata.category(char)[0] in ("L", "N"):
            current.append(char)
        elif current:
            yield "".join(current)
            current = []
    if current:
        yield "".join(current)


class _NaiveBayes:
    """Counts and log-probabilities; documents count each distinct feature once (binary
    multinomial NB, better on short texts where one word repeated proves little).

    The class prior is uniform: how many examples a category has in the labelled set says
    how much was written for it, not how often residents ask about it, and a category the
    district has just added (keywords only) must not start with a handicap."""

    def __init__(
        self,
        codes: Sequence[str],
        documents: Sequence[tuple[str, Sequence[str]]],
        keywords: Mapping[str, Sequence[str]],
    ) -> None:
        self.codes = tuple(codes)
        counts: dict[str, defaultdict[str, float]] = {
            code: defaultdict(float) for code in self.codes
        }
        for code, feats in documents:
            for feat in set(feats):
                counts[code][feat] += 1
        for code, words in keywords.items():
            for word in words:
                for feat in set(features(word)):
                    counts[code][feat] += KEYWORD_WEIGHT
        vocabulary = {feat for counter in counts.values() for feat in counter}
        size = len(vocabulary) + 1
        self.log_likelihood: dict[str, dict[str, float]] = {}
        self.log_unseen: dict[str, float] = {}
        for code in self.codes:
            total = sum(counts[code].values()) + ALPHA * size
            self.log_likelihood[code] = {
                feat: math.log((n + ALPHA) / total) for feat, n in counts[code].items()
            }
            self.log_unseen[code] = math.log(ALPHA / total)
        self.vocabulary = frozenset(vocabulary)
        self.weight = _informativeness(self.codes, counts, vocabulary)
        # per feature, how much more likely each category that saw it finds it than an unseen
        # feature: scoring visits only those, not every category for every feature
        self.lift: defaultdict[str, list[tuple[str, float]]] = defaultdict(list)
        for code in self.codes:
            for feat, log_p in self.log_likelihood[code].items():
                self.lift[feat].append((code, log_p - self.log_unseen[code]))

    def average_scores(self, feats: Sequence[str]) -> dict[str, float] | None:
        """Weighted log joint per category divided by the text's total feature weight plus the
        evidence prior; None when the text has no feature the model has seen (nothing to go
        on)."""
        # sorted: the float sums must not depend on the process's string hashing
        known = sorted(feat for feat in set(feats) if feat in self.vocabulary)
        if not known:
            return None
        evidence = sum(self.weight[feat] for feat in known)
        joint = {code: evidence * self.log_unseen[code] for code in self.codes}
        for feat in known:
            weight = self.weight[feat]
            for code, lift in self.lift[feat]:
                joint[code] += weight * lift
        return {code: joint[code] / (evidence + EVIDENCE_PRIOR) for code in self.codes}


def _informativeness(
    codes: Sequence[str],
    counts: Mapping[str, Mapping[str, float]],
    vocabulary: Iterable[str],
) -> dict[str, float]:
    """How much a feature says about the category, from 0 (spread evenly) to 1 (one category
    only): one minus the normalised entropy of its smoothed per-category rates."""
    if len(codes) < 2:
        return dict.fromkeys(vocabulary, 1.0)
    # rates, not counts: a category with long examples would otherwise look like every
    # feature's home
    sizes = {code: sum(counts[code].values()) or 1.0 for code in codes}
    floor = SPREAD_SMOOTHING * len(codes) / sum(sizes.values())
    log_k = math.log(len(codes))
    # sparse: a category that never saw the feature contributes the floor alone, so only
    # the categories that did are visited (a large taxonomy has hundreds of categories)
    seen_in: defaultdict[str, list[float]] = defaultdict(list)
    for code in codes:
        for feat, count in counts[code].items():
            seen_in[feat].append(count / sizes[code] + floor)
    weights = {}
    for feat in vocabulary:
        rates = seen_in[feat]
        unseen = len(codes) - len(rates)
        total = sum(rates) + unseen * floor
        entropy = -sum(rate / total * math.log(rate / total) for rate in rates)
        if unseen:
            entropy -= unseen * (floor / total) * math.log(floor / total)
        weights[feat] = 1 - entropy / log_k
    return weights


def _softmax(scores: Mapping[str, float], temperature: float) -> dict[str, float]:
    top = max(scores.values())
    weights = {code: math.exp((s - top) / temperature) for code, s in scores.items()}
    total = sum(weights.values())
    return {code: w / total for code, w in weights.items()}


def _fit_temperature(
    codes: Sequence[str],
    documents: Sequence[tuple[str, Sequence[str]]],
    keywords: Mapping[str, Sequence[str]],
) -> float:
    """The temperature with the lowest log loss on held-out folds of the training set."""
    order = list(range(len(documents)))
    random.Random(CALIBRATION_SEED).shuffle(order)
    held_out: list[tuple[str, dict[str, float]]] = []
    for fold in range(CALIBRATION_FOLDS):
        test = {i for position, i in enumerate(order) if position % CALIBRATION_FOLDS == fold}
        model = _NaiveBayes(codes, [d for i, d in enumerate(documents) if i not in test], keywords)
        for i in sorted(test):
            scores = model.average_scores(documents[i][1])
            if scores is not None:
                held_out.append((documents[i][0], scores))
    if not held_out:
        return TEMPERATURES[len(TEMPERATURES) // 2]

    # how far each category's score lies below the best, nearest first: at a low temperature
    # only the first few matter, so the sum stops where the terms vanish (e^-50)
    gaps = []
    for truth, scores in held_out:
        top = max(scores.values())
        gaps.append((top - scores[truth], sorted(top - score for score in scores.values())))

    def log_loss(temperature: float) -> float:
        loss = 0.0
        for truth_gap, ranked in gaps:
            total = 0.0
            for gap in ranked:
                if gap / temperature > NEGLIGIBLE_EXPONENT:
                    break
                total += math.exp(-gap / temperature)
            loss -= max(-truth_gap / temperature - math.log(total), LOG_FLOOR)
        return loss

    return min(TEMPERATURES, key=log_loss)


class Classifier:
    """Build with `Classifier.from_catalogue(categories, labelled_examples)`; then
    `suggest(text)`. Deterministic: the same inputs always give the same suggestion."""

    def __init__(
        self,
        categories: Sequence[Category],
        model: _NaiveBayes,
        temperature: float,
        threshold: float,
    ) -> None:
        self.categories = {category.code: category for category in categories}
        self._model = model
        self.temperature = temperature
        self.threshold = threshold
        #: the model store's version of this model, recorded with every suggestion
        self.version: str | None = None

    @classmethod
    def from_catalogue(
        cls,
        categories: Sequence[Category],
        labelled_examples: Iterable[LabelledExample],
        *,
        keywords: Mapping[str, Sequence[str]] | None = None,
        threshold: float,
    ) -> Classifier:
        codes, documents, words = _inputs(categories, labelled_examples, keywords, threshold)
        model = _NaiveBayes(codes, documents, words)
        return cls(categories, model, _fit_temperature(codes, documents, words), threshold)

    @classmethod
    def recatalogued(
        cls,
        categories: Sequence[Category],
        labelled_examples: Iterable[LabelledExample],
        *,
        keywords: Mapping[str, Sequence[str]],
        temperature: float,
        threshold: float,
    ) -> Classifier:
        """The model over a catalogue an administrator changed (an item added, renamed or
        retired), keeping the temperature calibrated at start-up: calibrating again would
        take seconds on a real district's corpus for a change of one item."""
        codes, documents, words = _inputs(categories, labelled_examples, keywords, threshold)
        return cls(categories, _NaiveBayes(codes, documents, words), temperature, threshold)

    def suggest(self, text: str) -> Suggestion:
        suggestion = self._suggest(text)
        return replace(suggestion, model_version=self.version) if self.version else suggestion

    def _suggest(self, text: str) -> Suggestion:
        scores = self._model.average_scores(features(text))
        if scores is None:
            return self._unknown()
        probabilities = _softmax(scores, self.temperature)
        # ties break on the catalogue order, so the result never depends on dict order
        ranked = sorted(self.categories, key=lambda code: -probabilities[code])
        best = ranked[0]
        confidence = min(round(probabilities[best], 4), MAX_CONFIDENCE)
        return Suggestion(
            category=best,
            name=self.categories[best].name,
            lead_department=self.categories[best].lead,
            confidence=confidence,
            alternatives=tuple(
                self._alternative(code, probabilities[code])
                for code in ranked[1 : 1 + ALTERNATIVES]
            ),
            needs_human=self._needs_human(best, confidence),
        )

    def _needs_human(self, category: str, confidence: float) -> bool:
        return (
            confidence < self.threshold
            or category == MANUAL_CATEGORY
            or self.categories[category].lead is None
        )

    def _alternative(self, code: str, probability: float) -> Alternative:
        category = self.categories[code]
        return Alternative(code, category.name, category.lead, round(probability, 4))

    def _unknown(self) -> Suggestion:
        """No known character at all: hand the text to a human, suggest nothing routable."""
        share = round(1 / len(self.categories), 4)
        fallback = (
            MANUAL_CATEGORY if MANUAL_CATEGORY in self.categories else next(iter(self.categories))
        )
        category = self.categories[fallback]
        return Suggestion(fallback, category.name, category.lead, share, (), needs_human=True)


def _inputs(
    categories: Sequence[Category],
    labelled_examples: Iterable[LabelledExample],
    keywords: Mapping[str, Sequence[str]] | None,
    threshold: float,
) -> tuple[list[str], list[tuple[str, list[str]]], dict[str, list[str]]]:
    if not 0 <= threshold <= 1:
        raise ValueError("the confidence threshold must lie in [0, 1]")
    codes = [category.code for category in categories]
    known = set(codes)
    documents = []
    for example in labelled_examples:
        if example.category not in known:
            raise ValueError(f"labelled example in unknown category {example.category!r}")
        documents.append((example.category, features(example.text)))
    words = {code: list(found) for code, found in (keywords or {}).items()}
    if unknown := sorted(set(words) - known):
        raise ValueError(f"keywords for unknown categories: {', '.join(unknown)}")
    return codes, documents, words


def text_of(title: str, description: str) -> str:
    """What the classifier reads of a request: its title and description."""
    return f"{title}\n{description}" if title else description
