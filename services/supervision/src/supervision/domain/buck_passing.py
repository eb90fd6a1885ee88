"""推诿扯皮: a case returned too often, or bounced back and forth between the same departments.

Each rule fires at most once per case; the finding names the returns that prove it."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

TOO_MANY_RETURNS = "too_many_returns"


@dataclass(frozen=True)
class Return:
    event_id: str
    department: str
    returned_at: datetime


@dataclass(frozen=True)
class Finding:
    rule: str  # too_many_returns | bounced:<dept-a>|<dept-b>
    departments: list[str]
    returns_in_case: int
    evidence_event_ids: list[str]


def bounced_rule(first: str, second: str) -> str:
    low, high = sorted((first, second))
    return f"bounced:{low}|{high}"


def findings(returns: Sequence[Return], *, max_returns: int, pair_bounces: int) -> list[Finding]:
    """The rules a case's returns break.

    - more than `max_returns` returns in the case;
    - the same pair of departments seen `pair_bounces` times or more in consecutive returns
      (A returns it, then B returns it, then A again: the pair A|B bounced twice).
    """
    ordered = sorted(returns, key=lambda r: (r.returned_at, r.event_id))
    found: list[Finding] = []
    if len(ordered) > max_returns:
        found.append(
            Finding(
                TOO_MANY_RETURNS,
                sorted({r.department for r in ordered}),
                len(ordered),
                [r.event_id for r in ordered],
            )
        )
    pairs: Counter[str] = Counter()
    evidence: dict[str, list[str]] = {}
    for before, after in itertools.pairwise(ordered):
        if before.department == after.department:
            continue
        rule = bounced_rule(before.department, after.department)
        pairs[rule] += 1
        ids = evidence.setdefault(rule, [])
        ids.extend(i for i in (before.event_id, after.event_id) if i not in ids)
    for rule, count in sorted(pairs.items()):
        if count >= pair_bounces:
            departments = rule.removeprefix("bounced:").split("|")
            found.append(Finding(rule, departments, len(ordered), evidence[rule]))
    return found


def describe(rule: str, returns_in_case: int) -> str:
    """The finding as a supervisor reads it. The departments stay beside it as codes:
    supervision does not load the district file that names them."""
    if rule == TOO_MANY_RETURNS:
        return f"本件已退单{returns_in_case}次，超过允许的次数"
    return f"两个单位之间来回退单，本件共退单{returns_in_case}次"
