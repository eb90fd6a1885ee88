"""How a district's classifier does on its held-out requests (heldout.yaml: split once from
the corpus, never trained or tuned on), against the figures a district needs before it lets
the classifier route: top-1 item, top-1 lead department, and at the chosen threshold the share
routed without a human and how often those are right; per domain, with latency and memory.
"""

from __future__ import annotations

import resource
import statistics
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from common.district import District
from intake.domain.classification import Classifier, LabelledExample

#: what a district needs before the classifier routes on its own (issue: a real district)
TARGET_LEAF = 0.85
TARGET_LEAD = 0.92
TARGET_AUTO_SHARE = 0.70
TARGET_AUTO_PRECISION = 0.97
TARGET_LATENCY_MS = 50.0
TARGET_MEMORY_MB = 300.0
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
#: the domain of content-free requests (category `other`)
NO_DOMAIN = "(无具体事项)"


@dataclass(frozen=True)
class Scored:
    truth: str
    predicted: str
    confidence: float
    auto: bool  # routed without a human at the classifier's threshold
    domain: str
    right_lead: bool


@dataclass(frozen=True)
class Rates:
    requests: int
    leaf: float
    lead: float
    auto_share: float
    auto_precision: float  # right item among those routed without a human
    auto_lead_precision: float  # right lead department among them


def score(
    district: District, classifier: Classifier, examples: Sequence[LabelledExample]
) -> tuple[list[Scored], list[float]]:
    """Each held-out request's outcome, and the milliseconds each suggestion took."""
    by_code = {category.code: category for category in district.categories}
    out, latencies = [], []
    for example in examples:
        started = time.perf_counter()
        suggestion = classifier.suggest(example.text)
        latencies.append((time.perf_counter() - started) * 1000)
        truth = by_code[example.category]
        out.append(
            Scored(
                truth=example.category,
                predicted=suggestion.category,
                confidence=suggestion.confidence,
                auto=not suggestion.needs_human,
                domain=truth.domain_name or NO_DOMAIN,
                right_lead=by_code[suggestion.category].lead == truth.lead,
            )
        )
    return out, latencies


def rates(scored: Sequence[Scored]) -> Rates:
    n = len(scored) or 1
    auto = [s for s in scored if s.auto]
    m = len(auto) or 1
    return Rates(
        requests=len(scored),
        leaf=sum(s.truth == s.predicted for s in scored) / n,
        lead=sum(s.right_lead for s in scored) / n,
        auto_share=len(auto) / n,
        auto_precision=sum(s.truth == s.predicted for s in auto) / m,
        auto_lead_precision=sum(s.right_lead for s in auto) / m,
    )


def shortfalls(overall: Rates, latency_ms: float, memory_mb: float) -> list[str]:
    """The targets the figures miss; empty when the classifier may route."""
    checks = [
        (overall.leaf >= TARGET_LEAF, f"top-1 item {overall.leaf:.1%} < {TARGET_LEAF:.0%}"),
        (overall.lead >= TARGET_LEAD, f"top-1 lead {overall.lead:.1%} < {TARGET_LEAD:.0%}"),
        (
            overall.auto_share >= TARGET_AUTO_SHARE,
            f"auto-routed {overall.auto_share:.1%} < {TARGET_AUTO_SHARE:.0%}",
        ),
        (
            overall.auto_precision >= TARGET_AUTO_PRECISION,
            f"auto-routed right {overall.auto_precision:.1%} < {TARGET_AUTO_PRECISION:.0%}",
        ),
        (latency_ms <= TARGET_LATENCY_MS, f"p95 latency {latency_ms:.1f} ms"),
        (memory_mb <= TARGET_MEMORY_MB, f"peak memory {memory_mb:.0f} MB"),
    ]
    return [message for ok, message in checks if not ok]


def peak_memory_mb() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pad(text: str, width: int) -> str:
    """Left-aligned in a terminal where a Chinese character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(1, width - used)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(
    scored: Sequence[Scored],
    latencies: Sequence[float],
    *,
    threshold: float,
    training_seconds: float,
    memory_mb: float,
) -> str:
    overall = rates(scored)
    p95 = percentile(latencies, 0.95)
    lines = [
        f"held-out requests: {overall.requests} (never trained or tuned on)",
        f"top-1 item:            {overall.leaf:6.1%}  (target >= {TARGET_LEAF:.0%})",
        f"top-1 lead department: {overall.lead:6.1%}  (target >= {TARGET_LEAD:.0%})",
        f"at threshold {threshold:.2f}: auto-routed {overall.auto_share:6.1%}"
        f" (target >= {TARGET_AUTO_SHARE:.0%}), of those right item"
        f" {overall.auto_precision:6.1%} (target >= {TARGET_AUTO_PRECISION:.0%}),"
        f" right lead {overall.auto_lead_precision:6.1%}",
        f"latency per request: mean {statistics.fmean(latencies or [0.0]):.1f} ms,"
        f" p95 {p95:.1f} ms (target <= {TARGET_LATENCY_MS:.0f} ms)",
        f"training: {training_seconds:.1f} s; peak memory {memory_mb:.0f} MB"
        f" (target <= {TARGET_MEMORY_MB:.0f} MB)",
        "",
        f"{_pad('domain', 20)}{'requests':>9}{'item':>8}{'lead':>8}{'auto':>8}{'right':>8}",
    ]
    for domain in dict.fromkeys(s.domain for s in scored):
        r = rates([s for s in scored if s.domain == domain])
        lines.append(
            f"{_pad(domain, 20)}{r.requests:>9}{r.leaf:>8.1%}{r.lead:>8.1%}"
            f"{r.auto_share:>8.1%}{r.auto_precision:>8.1%}"
        )
    lines += ["", "threshold: auto-routed share, right item among them (for reference only)"]
    for value in THRESHOLDS:
        routed = [s for s in scored if s.confidence >= value and s.predicted != "other"]
        right = sum(s.truth == s.predicted for s in routed) / (len(routed) or 1)
        lines.append(f"  {value:.2f}: {len(routed) / (len(scored) or 1):6.1%}  {right:6.1%}")
    missed = shortfalls(overall, p95, memory_mb)
    lines += ["", "TARGETS MET" if not missed else "TARGETS MISSED: " + "; ".join(missed)]
    return "\n".join(lines)
