"""重复发生: the same matter at the same place again after an earlier case there was closed."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from supervision.domain.scorecard import CaseFacts

EARTH_RADIUS_M = 6_371_000.0
_NOT_IN_ADDRESS = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Recurrence:
    case_id: str
    earlier_case_id: str
    category: str
    area: str | None
    address: str | None
    days_after_closure: int


def normalised_address(address: str | None) -> str:
    """Full-width to half-width, lower case, no spaces or punctuation."""
    if not address:
        return ""
    return _NOT_IN_ADDRESS.sub("", unicodedata.normalize("NFKC", address).lower())


def distance_m(a: CaseFacts, b: CaseFacts) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def same_place(a: CaseFacts, b: CaseFacts, radius_m: float) -> bool:
    """Same area and the same normalised address, or within `radius_m` of each other."""
    address = normalised_address(a.address)
    if address and a.area == b.area and address == normalised_address(b.address):
        return True
    distance = distance_m(a, b)
    return distance is not None and distance <= radius_m


def recurrences(
    cases: Iterable[CaseFacts], *, window_days: int, radius_m: float
) -> list[Recurrence]:
    """Each case registered at the same place and in the same category as an earlier case,
    within `window_days` after that earlier case was closed (the most recent such case)."""
    by_category: dict[str, list[CaseFacts]] = defaultdict(list)
    for facts in cases:
        if facts.category and facts.registered_at and not facts.merged:
            by_category[facts.category].append(facts)
    window = timedelta(days=window_days)
    found: list[Recurrence] = []
    for category, group in sorted(by_category.items()):
        for later in sorted(group, key=lambda f: (f.registered_at, f.case_id)):
            assert later.registered_at is not None
            earlier = [
                e
                for e in group
                if e.case_id != later.case_id
                and e.closed_at is not None
                and e.closed_at <= later.registered_at <= e.closed_at + window
                and same_place(e, later, radius_m)
            ]
            if earlier:
                previous = max(earlier, key=lambda e: (e.closed_at, e.case_id))
                assert previous.closed_at is not None
                found.append(
                    Recurrence(
                        later.case_id,
                        previous.case_id,
                        category,
                        later.area,
                        later.address,
                        (later.registered_at - previous.closed_at).days,
                    )
                )
    return found
