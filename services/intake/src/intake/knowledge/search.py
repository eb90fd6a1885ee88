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
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass


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


#: the methods `civicloop-knowledge-eval --method` compares
METHODS = {
    method.name: method
    for method in (
        Method("ngram-12"),
        Method("ngram-123", ngrams=(1, 2, 3)),
        Method("ngram-2", ngrams=(2,)),
        Method("ngram-12-flat", question_weight=1.0),
    )
}
DEFAULT_METHOD = METHODS["ngram-12"]


def normalise(text: str) -> str:
    """Full-width forms folded (ＡＢ１ -> ab1), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> Iterator[str]:
    """Maximal stretches of letters and digits: punctuation and spaces break n-grams."""
    current: list[str] = []
    for char in text:
        if unicodedata.category(char)[0] in ("L", "N"):
            current.append(char)
        elif current:
            yield "".join(current)
            current = []
    if current:
        yield "".join(current)


def terms(text: str, ngrams: Sequence[int]) -> list[str]:
    """The character n-grams of `text`, run by run."""
    out: list[str] = []
    for run in runs(normalise(text)):
        for size in ngrams:
            out.extend(run[i : i + size] for i in range(len(run) - size + 1))
    return out


class SearchIndex:
    """An immutable index: build a new one when the articles change."""

    def __init__(
        self,
        documents: Sequence[SearchDocument],
        postings: dict[str, tuple[array[int], array[float]]],
        method: Method,
    ) -> None:
        self._documents = documents
        self._postings = postings
        self._method = method

    @classmethod
    def build(
        cls, documents: Iterable[SearchDocument], *, method: Method = DEFAULT_METHOD
    ) -> SearchIndex:
        docs = list(documents)
        fields = [_field_counts(doc, method) for doc in docs]
        postings = _postings(fields, method)
        return cls(docs, postings, method)

    def __len__(self) -> int:
        return len(self._documents)

    def search(self, query: str, *, limit: int = 5, category: str | None = None) -> list[SearchHit]:
        """The best `limit` articles for `query`, best first; with `category`, only articles
        that cover it. Articles sharing nothing with the query are left out."""
        if limit <= 0 or not self._documents:
            return []
        scores: dict[int, float] = {}
        get = scores.get
        for term, count in Counter(terms(query, self._method.ngrams)).items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            for doc, weight in zip(*posting, strict=True):
                scores[doc] = get(doc, 0.0) + weight * count
        if category is not None:
            scores = {
                doc: score
                for doc, score in scores.items()
                if category in self._documents[doc].categories
            }
        best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
        return [
            SearchHit(self._documents[doc].article_id, self._documents[doc].version, score)
            for doc, score in best
        ]


def _field_counts(doc: SearchDocument, method: Method) -> tuple[Counter[str], Counter[str]]:
    title = [t for text in (doc.question, *doc.phrasings) for t in terms(text, method.ngrams)]
    return Counter(title), Counter(terms(doc.answer, method.ngrams))


def _postings(
    fields: Sequence[tuple[Counter[str], Counter[str]]], method: Method
) -> dict[str, tuple[array[int], array[float]]]:
    """Per term, the documents that have it and its BM25F weight in each."""
    count = len(fields)
    if count == 0:
        return {}
    title_lengths = [sum(title.values()) for title, _ in fields]
    answer_lengths = [sum(answer.values()) for _, answer in fields]
    title_average = max(sum(title_lengths) / count, 1.0)
    answer_average = max(sum(answer_lengths) / count, 1.0)
    frequency: Counter[str] = Counter()
    for title, answer in fields:
        frequency.update(title.keys() | answer.keys())
    idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
    postings: dict[str, tuple[array[int], array[float]]] = {}
    k1, b = method.k1, method.b
    for doc, (title, answer) in enumerate(fields):
        title_norm = method.question_weight / (1 - b + b * title_lengths[doc] / title_average)
        answer_norm = method.answer_weight / (1 - b + b * answer_lengths[doc] / answer_average)
        for term in title.keys() | answer.keys():
            tf = title.get(term, 0) * title_norm + answer.get(term, 0) * answer_norm
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = (array("i"), array("f"))
            posting[0].append(doc)
            posting[1].append(idf[term] * tf / (k1 + tf))
    return postings
