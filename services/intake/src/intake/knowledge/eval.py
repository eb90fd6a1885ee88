"""`civicloop-knowledge-eval`: how well knowledge search answers residents' questions.

Reads the district file's `knowledge:` section, builds the search index over its articles,
runs every evaluation question (phrased as residents ask, kept apart from the articles' own
phrasings) and prints the top-1 and top-3 hit rates (a question is a hit when one of the
articles that answer it is ranked there), the misses with `--misses`, and the search time.
`--articles N` pads the index with synthetic distractor articles, recombined deterministically
from the real articles' questions and answer sentences so that they compete on the same
vocabulary, to measure the hit rates and the search time at that size. A benchmark, not a
test: `--min-top3` makes it exit non-zero below a floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common.clock import SHANGHAI
from common.district import default_district_path
from intake.classification.heldout import peak_memory_mb, percentile
from intake.knowledge.files import (
    ArticleEntry,
    EvaluationQuestion,
    read_articles,
    read_questions,
    read_section,
)
from intake.knowledge.search import DEFAULT_METHOD, METHODS, SearchDocument, SearchIndex, runs

DISTRACTOR_SEED = 20240601
#: how many sentences of 6-14 pieces a synthetic answer has (real answers: 150-400 characters)
ANSWER_SENTENCES = (3, 8)
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")


@dataclass(frozen=True)
class Outcome:
    question: EvaluationQuestion
    ranked: tuple[str, ...]  # article ids, best first
    seconds: float  # wall-clock
    cpu_seconds: float  # this process's CPU time: what a busy machine does not inflate

    def rank(self) -> int | None:
        """1-based rank of the first article that answers, None when none was returned."""
        for position, article_id in enumerate(self.ranked, start=1):
            if article_id in self.question.answers:
                return position
        return None


def documents(entries: Sequence[ArticleEntry], today: dt.date) -> list[SearchDocument]:
    """The articles search serves on `today`: those valid then (expired ones leave search)."""
    return [
        SearchDocument(
            article_id=entry.code,
            version=1,
            question=entry.question,
            phrasings=entry.phrasings,
            answer=entry.answer,
            categories=entry.categories,
            department=entry.owner,
        )
        for entry in entries
        if entry.valid_from <= today and (entry.valid_until is None or today <= entry.valid_until)
    ]


def distractors(
    real: Sequence[SearchDocument], count: int, seed: int = DISTRACTOR_SEED
) -> list[SearchDocument]:
    """`count` synthetic articles made of the real articles' words, recombined: each question
    and phrasing strings together pieces of two to four characters cut from all the real
    questions and phrasings, each answer pieces of all the real answers. They share the real
    articles' vocabulary and its frequencies without repeating any one article. Same seed,
    same articles."""
    if count <= 0 or not real:
        return []
    rng = random.Random(seed)
    titles = _pieces(rng, [text for doc in real for text in (doc.question, *doc.phrasings)])
    answers = _pieces(rng, [doc.answer for doc in real])
    out = []
    for number in range(count):
        model = rng.choice(real)
        phrasings = tuple(_title(rng, titles) for _ in range(rng.randint(2, 4)))
        sentences = [
            "".join(rng.choices(answers, k=rng.randint(6, 14)))
            for _ in range(rng.randint(*ANSWER_SENTENCES))
        ]
        out.append(
            SearchDocument(
                article_id=f"SYN-{number:05d}",
                version=1,
                question=_title(rng, titles),
                phrasings=phrasings,
                answer="。".join(sentences) + "。",
                categories=model.categories,
                department=model.department,
            )
        )
    return out


def _pieces(rng: random.Random, texts: Sequence[str]) -> list[str]:
    """Every text cut into pieces of two to four characters at chance points."""
    out = []
    for text in texts:
        for run in runs(text):
            start = 0
            while start < len(run):
                size = rng.randint(2, 4)
                out.append(run[start : start + size])
                start += size
    return out


def _title(rng: random.Random, pieces: Sequence[str]) -> str:
    return "".join(rng.choices(pieces, k=rng.randint(3, 6))) + "？"


def evaluate(
    index: SearchIndex, questions: Sequence[EvaluationQuestion], *, limit: int = 3
) -> list[Outcome]:
    outcomes = []
    for question in questions:
        started, cpu = time.perf_counter(), time.process_time()
        hits = index.search(question.text, limit=limit)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        outcomes.append(Outcome(question, tuple(hit.article_id for hit in hits), seconds, cpu))
    return outcomes


def hit_rate(outcomes: Sequence[Outcome], within: int) -> float:
    if not outcomes:
        return 0.0
    return sum(1 for o in outcomes if (r := o.rank()) is not None and r <= within) / len(outcomes)


def report(
    outcomes: Sequence[Outcome],
    *,
    articles: int,
    build_seconds: float,
    build_cpu: float,
    method: str,
    misses: bool,
    titles: dict[str, str],
) -> str:
    lines = [
        f"method {method}: {len(outcomes)} questions, {articles} articles in the index "
        f"(built in {build_seconds:.2f} s, CPU {build_cpu:.2f} s; "
        f"peak memory {peak_memory_mb():.0f} MB; load average {os.getloadavg()[0]:.1f})",
        f"top-1 {hit_rate(outcomes, 1):.3f}  top-3 {hit_rate(outcomes, 3):.3f}",
    ]
    if outcomes:
        lines.append("search ms:      " + _spread([o.seconds * 1000 for o in outcomes]))
        lines.append("search CPU ms:  " + _spread([o.cpu_seconds * 1000 for o in outcomes]))
    if misses:
        missed = [o for o in outcomes if (r := o.rank()) is None or r > 1]
        lines += ["", f"not first ({len(missed)}): question -> expected | ranked"]
        for outcome in missed:
            expected = ",".join(outcome.question.answers)
            ranked = " / ".join(f"{a} {titles.get(a, '')}" for a in outcome.ranked)
            rank = outcome.rank()
            lines.append(
                f"  [{rank if rank else '-'}] {outcome.question.text} -> {expected} "
                f"{titles.get(outcome.question.answers[0], '')} | {ranked}"
            )
    return "\n".join(lines)


def _spread(times: Sequence[float]) -> str:
    shares = (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
    spread = "  ".join(f"{name} {percentile(times, share):.2f}" for name, share in shares)
    return f"{spread}  max {max(times):.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="civicloop-knowledge-eval", description=__doc__)
    parser.add_argument("--district", help="district file (default deploy/district/demo.yaml)")
    parser.add_argument(
        "--articles", type=int, default=0, help="pad the index to this many articles"
    )
    parser.add_argument("--method", choices=sorted(METHODS), default=DEFAULT_METHOD.name)
    parser.add_argument(
        "--domain",
        action="append",
        help="only the evaluation questions of this domain's file (repeatable)",
    )
    parser.add_argument("--misses", action="store_true", help="list the questions not first")
    parser.add_argument("--min-top3", type=float, help="exit 1 when top-3 is below this")
    args = parser.parse_args(argv)
    district_file = Path(args.district) if args.district else default_district_path()
    section = read_section(district_file)
    if section is None or section.articles is None or section.questions is None:
        print(f"{district_file}: no knowledge section with articles and questions")
        return 2
    real = documents(read_articles(section.articles), dt.datetime.now(SHANGHAI).date())
    questions = read_questions(section.questions)
    if args.domain:
        questions = [q for q in questions if Path(q.source).stem in set(args.domain)]
    corpus = real + distractors(real, args.articles - len(real))
    method = METHODS[args.method]
    started, cpu = time.perf_counter(), time.process_time()
    index = SearchIndex.build(corpus, method=method)
    build_seconds = time.perf_counter() - started
    build_cpu = time.process_time() - cpu
    outcomes = evaluate(index, questions)
    titles = {doc.article_id: doc.question for doc in corpus}
    print(
        report(
            outcomes,
            articles=len(index),
            build_seconds=build_seconds,
            build_cpu=build_cpu,
            method=method.name,
            misses=args.misses,
            titles=titles,
        )
    )
    if args.min_top3 is not None and hit_rate(outcomes, 3) < args.min_top3:
        print(f"top-3 below {args.min_top3}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
