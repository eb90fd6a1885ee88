"""Ranking knowledge articles for a resident's words (知识库检索). Pure: no I/O.

A resident's words are colloquial, short and sometimes misspelt, and they rarely repeat an
article's wording. The ranking is BM25F over character n-grams, which needs no word
segmentation: the article's question and its alternative phrasings form one field weighted
above the answer, each field's term frequency is normalised by its own length, and the
weighted frequency saturates once per term (BM25F). Everything that depends only on the
articles is computed when the index is built, so a search only adds up precomputed weights of
the query's n-grams.

`SearchIndex.build` takes the documents to serve (kb-articles decides which: published,
currently valid versions); `search` returns the best hits first.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from intake.knowledge import pinyin
from intake.knowledge.colloquial import written


@dataclass(frozen=True)
class SearchDocument:
    article_id: str
    version: int
    question: str
    phrasings: tuple[str, ...]
    answer: str
    categories: tuple[str, ...]
    department: str


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    version: int
    score: float


@dataclass(frozen=True)
class Method:
    """The ranking's settings (chosen by measuring: docs/adr/0022-knowledge-search.md)."""

    name: str
    #: character n-gram sizes
    ngrams: tuple[int, ...] = (1, 2)
    #: weight of the question and its phrasings, and of the answer, in the term frequency
    question_weight: float = 3.0
    answer_weight: float = 1.0
    #: BM25's saturation and length normalisation
    k1: float = 1.2
    b: float = 0.75
    #: length normalisation of the question field (short questions are not penalised alike)
    title_b: float = 0.75
    #: weight of toneless pinyin syllable bigrams (homophone typos); 0 leaves them out
    pinyin_weight: float = 0.0
    #: rewrite spoken words to written ones first (colloquial.py)
    spoken: bool = False


#: the methods `civicloop-knowledge-eval --method` compares
METHODS = {
    method.name: method
    for method in (
        Method("ngram-12"),
        Method("ngram-123", ngrams=(1, 2, 3)),
        Method("ngram-2", ngrams=(2,)),
        Method("ngram-12-flat", question_weight=1.0),
        Method("ngram-12-pinyin", pinyin_weight=0.5),
        Method("ngram-12-spoken", spoken=True),
        Method("ngram-12-pinyin-spoken", pinyin_weight=0.5, spoken=True),
    )
}
DEFAULT_METHOD = METHODS["ngram-12"]


def normalise(text: str) -> str:
    """Full-width forms folded (ＡＢ１ -> ab1), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


_RUN = re.compile(r"[^\W_]+")


def runs(text: str) -> list[str]:
    """Maximal stretches of letters and digits: punctuation and spaces break n-grams."""
    return _RUN.findall(text)


def _normal(text: str, method: Method) -> str:
    normal = normalise(text)
    return written(normal) if method.spoken else normal


def terms(text: str, method: Method) -> list[str]:
    """The character n-grams of `text`, run by run, and with pinyin its syllable bigrams
    ("hu kou": a space never occurs inside a run, so they never equal a character n-gram)."""
    out: list[str] = []
    for run in runs(_normal(text, method)):
        for size in method.ngrams:
            out += [run[i : i + size] for i in range(len(run) - size + 1)]
        if method.pinyin_weight:
            syllables = pinyin.table()
            sounds = [syllables.get(char, char) for char in run]
            out += [f"{a} {b}" for a, b in pairwise(sounds)]
    return out


Posting = tuple["array[int]", "array[float]"]


class SearchIndex:
    """An immutable index: build a new one when the articles change."""

    def __init__(
        self, documents: Sequence[SearchDocument], postings: dict[str, Posting], method: Method
    ) -> None:
        self._documents = documents
        self._postings = postings
        self._method = method
        #: a term in more documents than this is common: it only adds to the candidates'
        #: scores (see search)
        self._common = max(COMMON_FLOOR, len(documents) // COMMON_SHARE)

    @classmethod
    def build(
        cls, documents: Iterable[SearchDocument], *, method: Method = DEFAULT_METHOD
    ) -> SearchIndex:
        docs = list(documents)
        return cls(docs, _postings(docs, method), method)

    def __len__(self) -> int:
        return len(self._documents)

    def search(self, query: str, *, limit: int = 5, category: str | None = None) -> list[SearchHit]:
        """The best `limit` articles for `query`, best first; with `category`, only articles
        that cover it. Articles sharing nothing with the query are left out.

        Exact BM25F for an index of up to COMMON_FLOOR articles. In a larger one, the terms
        most articles have (怎么, 办理, 的) would cost most of the time while deciding little:
        the rarer terms pick the CANDIDATES best articles, and common terms then only add to
        those (looked up by bisection in their sorted postings)."""
        if limit <= 0 or not self._documents:
            return []
        found = [
            (posting, count * self._idf(term, len(posting[0])))
            for term, count in Counter(terms(query, self._method)).items()
            if (posting := self._postings.get(term)) is not None
        ]
        rare = [(p, c) for p, c in found if len(p[0]) <= self._common]
        common = [(p, c) for p, c in found if len(p[0]) > self._common]
        scores = _accumulate(rare or common, self._keep(category))
        if rare and common:
            candidates = heapq.nlargest(CANDIDATES, scores, key=scores.__getitem__)
            scores = {doc: scores[doc] for doc in candidates}
            for (docs, weights), count in common:
                for doc in candidates:
                    at = bisect_left(docs, doc)
                    if at < len(docs) and docs[at] == doc:
                        scores[doc] += weights[at] * count
        best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
        return [
            SearchHit(self._documents[doc].article_id, self._documents[doc].version, score)
            for doc, score in best
        ]

    def _idf(self, term: str, having: int) -> float:
        """BM25's idf; a pinyin term's scaled by the method's pinyin weight."""
        idf = math.log(1 + (len(self._documents) - having + 0.5) / (having + 0.5))
        return idf * self._method.pinyin_weight if " " in term else idf

    def _keep(self, category: str | None) -> set[int] | None:
        if category is None:
            return None
        return {i for i, doc in enumerate(self._documents) if category in doc.categories}


#: an index of up to this many articles is scored exactly
COMMON_FLOOR = 1000
#: beyond that, a term in more than one article in this many is common
COMMON_SHARE = 16
#: how many articles the rarer terms choose for the common ones to add to
CANDIDATES = 200


def _accumulate(found: Sequence[tuple[Posting, float]], keep: set[int] | None) -> dict[int, float]:
    scores: dict[int, float] = {}
    get = scores.get
    for (docs, weights), count in found:
        for doc, weight in zip(docs, weights, strict=True):
            scores[doc] = get(doc, 0.0) + weight * count
    if keep is not None:
        scores = {doc: score for doc, score in scores.items() if doc in keep}
    return scores


def _postings(docs: Sequence[SearchDocument], method: Method) -> dict[str, Posting]:
    """Per term, the documents that have it (ascending) and its saturated, length-normalised
    BM25F frequency in each; the idf, which depends only on how many documents have the term,
    is applied when searching. The fields' average lengths come first (counted from the
    texts' runs, without cutting them), so each document's terms are counted once and
    dropped: no per-document table of terms is held for the whole collection."""
    title_lengths = [
        sum(_length(text, method) for text in (d.question, *d.phrasings)) for d in docs
    ]
    answer_lengths = [_length(d.answer, method) for d in docs]
    title_norm = _norms(title_lengths, method.question_weight, method.title_b)
    answer_norm = _norms(answer_lengths, method.answer_weight, method.b)
    k1 = method.k1
    postings: dict[str, Posting] = {}
    for number, doc in enumerate(docs):
        title = Counter(t for text in (doc.question, *doc.phrasings) for t in terms(text, method))
        answer = Counter(terms(doc.answer, method))
        in_title, in_answer = title_norm[number], answer_norm[number]
        for term in title.keys() | answer.keys():
            tf = title.get(term, 0) * in_title + answer.get(term, 0) * in_answer
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = (array("i"), array("f"))
            posting[0].append(number)
            posting[1].append(tf / (k1 + tf))
    return postings


def _length(text: str, method: Method) -> int:
    """How many terms `terms(text, method)` gives, without making them."""
    total = 0
    for run in runs(_normal(text, method)):
        total += sum(max(0, len(run) - size + 1) for size in method.ngrams)
        if method.pinyin_weight:
            total += max(0, len(run) - 1)
    return total


def _norms(lengths: Sequence[int], weight: float, b: float) -> list[float]:
    """A field's weight over its length normalisation, per document."""
    average = max(sum(lengths) / len(lengths), 1.0) if lengths else 1.0
    return [weight / (1 - b + b * length / average) for length in lengths]
