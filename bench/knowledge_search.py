"""Knowledge search at the district's size and at 10,000 articles: for each ranking method,
the top-1 and top-3 hit rates on the district's evaluation questions, the index's build time
and memory, and the search time (p50, p95, p99, max) of every question.

The real articles (those valid today) are padded with synthetic distractors as
`civicloop-knowledge-eval --articles` makes them. Memory is how much the process's resident
memory grew with the index (after a garbage collection). The build time is CPU time; search
times are wall-clock, so on a busy machine they are upper bounds (the load average is printed
with them), and the p99 of each search's CPU time follows them.

    .venv/bin/python bench/knowledge_search.py                   # every method, both sizes
    .venv/bin/python bench/knowledge_search.py --method tuned-typos --articles 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common.clock import SHANGHAI
from intake.classification.heldout import percentile
from intake.knowledge.eval import distractors, documents, evaluate, hit_rate
from intake.knowledge.files import (
    EvaluationQuestion,
    read_articles,
    read_questions,
    read_section,
)
from intake.knowledge.search import METHODS, SearchDocument, SearchIndex

ROOT = Path(__file__).resolve().parents[1]
YUELU = ROOT / "deploy" / "district" / "yuelu.yaml"


def resident_megabytes() -> float:
    """This process's resident memory now (Linux: /proc/self/statm counts pages)."""
    gc.collect()
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--district", default=str(YUELU))
    parser.add_argument("--method", action="append", choices=sorted(METHODS))
    parser.add_argument(
        "--articles",
        type=int,
        action="append",
        help="index sizes (default: the district's articles alone, and 10,000)",
    )
    args = parser.parse_args(argv)
    section = read_section(args.district)
    assert section is not None and section.articles and section.questions
    real = documents(read_articles(section.articles), dt.datetime.now(SHANGHAI).date())
    questions = read_questions(section.questions)
    sizes = args.articles or [len(real), 10_000]
    print(f"{len(questions)} questions; {len(real)} articles valid today; CPUs {os.cpu_count()}")
    print(
        f"{'method':<14}{'articles':>9}{'top-1':>7}{'top-3':>7}{'build CPU s':>12}{'index MB':>9}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}{'p99 CPU':>8}{'load':>6}"
    )
    for name in args.method or list(METHODS):
        for size in sizes:
            corpus = real + distractors(real, size - len(real))
            # each measurement in a child of its own: memory freed by one index and reused
            # by the next would hide what the next one takes
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
                print(pool.submit(measure, name, corpus, questions).result(), flush=True)


def measure(name: str, corpus: list[SearchDocument], questions: list[EvaluationQuestion]) -> str:
    before = resident_megabytes()
    started = time.process_time()
    index = SearchIndex.build(corpus, method=METHODS[name])
    build = time.process_time() - started
    megabytes = resident_megabytes() - before
    outcomes = evaluate(index, questions)
    times = [o.seconds * 1000 for o in outcomes]
    cpu = [o.cpu_seconds * 1000 for o in outcomes]
    return (
        f"{name:<14}{len(index):>9}{hit_rate(outcomes, 1):>7.3f}"
        f"{hit_rate(outcomes, 3):>7.3f}{build:>12.2f}{megabytes:>9.1f}"
        + "".join(f"{percentile(times, share):>8.2f}" for share in (0.5, 0.95, 0.99))
        + f"{max(times):>8.2f}{percentile(cpu, 0.99):>8.2f}{os.getloadavg()[0]:>6.1f}"
    )


if __name__ == "__main__":
    main()
