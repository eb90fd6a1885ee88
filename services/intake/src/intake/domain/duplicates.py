"""Duplicate detection (重复件): is a new case the same matter as one filed before?

Two rules flag an earlier case as a likely original:

- same submitter (phone line or credit code) within `submitter_window`, and materially the
  same text: the cosine similarity of the character bigrams of title and description
  reaches `text_threshold` (bigrams suit Chinese, which has no spaces between words);
- same category at nearly the same place within `place_window`: coordinates within
  `distance_m`, or the same normalised address.

The score shown to the clerk is the text similarity, 0..1; the reasons say which rule
matched. The candidates come from a bounded query (submitter key, or category, time and a
bounding box); these functions decide among them.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

EARTH_RADIUS_M = 6_371_000.0
SAME_SUBMITTER = "same_submitter"
SAME_PLACE = "same_place"


@dataclass(frozen=True)
class DuplicateRules:
    """Built from Settings (Settings.duplicate_rules), which hold the defaults."""

    text_threshold: float
    submitter_window: timedelta
    place_window: timedelta
    distance_m: float
    max_flags: int = 5  # no setting: how many suspected originals one case shows


@dataclass(frozen=True)
class CaseFacts:
    """What duplicate detection compares of a case."""

    case_id: str
    registered_at: datetime
    text: str
    submitter_key: str | None = None
    category: str | None = None
    address_key: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Suspicion:
    original_case_id: str
    score: float
    reasons: tuple[str, ...]
    distance_m: float | None


def bigrams(text: str) -> Counter[str]:
    """Character bigrams of the letters and digits (punctuation and spaces dropped)."""
    kept = "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())
    if len(kept) < 2:
        return Counter([kept]) if kept else Counter()
    return Counter(kept[i : i + 2] for i in range(len(kept) - 1))


def text_similarity(a: str, b: str) -> float:
    """Cosine similarity of the bigram counts: 1.0 for the same text, 0.0 for nothing shared."""
    left, right = bigrams(a), bigrams(b)
    if not left or not right:
        return 0.0
    dot = sum(count * right[gram] for gram, count in left.items())
    norm = math.sqrt(sum(c * c for c in left.values())) * math.sqrt(
        sum(c * c for c in right.values())
    )
    return dot / norm


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in metres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(latitude: float, longitude: float, metres: float) -> tuple[float, ...]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing every point within `metres`: what an
    index can narrow the place search to before the exact distance is computed."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    shrink = max(math.cos(math.radians(latitude)), 1e-6)
    dlon = min(180.0, math.degrees(metres / (EARTH_RADIUS_M * shrink)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def assess(new: CaseFacts, earlier: CaseFacts, rules: DuplicateRules) -> Suspicion | None:
    """Whether `earlier` is a likely original of `new`, and why."""
    if earlier.case_id == new.case_id:
        return None
    age = new.registered_at - earlier.registered_at
    if age < timedelta(0):
        return None
    score = text_similarity(new.text, earlier.text)
    reasons: list[str] = []
    if (
        new.submitter_key
        and new.submitter_key == earlier.submitter_key
        and age <= rules.submitter_window
        and score >= rules.text_threshold
    ):
        reasons.append(SAME_SUBMITTER)
    apart = _distance(new, earlier)
    if (
        new.category
        and new.category == earlier.category
        and age <= rules.place_window
        and (
            (apart is not None and apart <= rules.distance_m)
            or (new.address_key is not None and new.address_key == earlier.address_key)
        )
    ):
        reasons.append(SAME_PLACE)
    if not reasons:
        return None
    return Suspicion(
        earlier.case_id,
        round(score, 3),
        tuple(reasons),
        None if apart is None else round(apart, 1),
    )


def suspicions(
    new: CaseFacts, candidates: Iterable[CaseFacts], rules: DuplicateRules
) -> list[Suspicion]:
    """The likely originals, most similar first, at most `max_flags`."""
    found = [s for c in candidates if (s := assess(new, c, rules)) is not None]
    found.sort(key=lambda s: (-len(s.reasons), -s.score, s.original_case_id))
    return found[: rules.max_flags]


def _distance(a: CaseFacts, b: CaseFacts) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    return distance_m(a.latitude, a.longitude, b.latitude, b.longitude)
