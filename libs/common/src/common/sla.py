"""What SlaPolicyPublished (common.events) carries of each resolution limit."""

from __future__ import annotations

from pydantic import BaseModel

from common.vocabulary import RequestKind


class ResolutionLimit(BaseModel):
    """The resolution (办结) limit of a request kind, in one category (None: every category
    the policy names no rule for): working days, or working hours where the rule says so."""

    kind: RequestKind
    category: str | None = None
    working_days: int | None = None
    working_hours: int | None = None
