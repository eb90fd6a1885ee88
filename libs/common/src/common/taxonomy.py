"""What TaxonomyChanged (common.events) carries of each item of the taxonomy."""

from __future__ import annotations

from pydantic import BaseModel, Field

from common.vocabulary import RequestKind


class TaxonomyLeaf(BaseModel):
    """One item (事项) of the taxonomy as TaxonomyChanged carries it."""

    code: str
    name: str
    kinds: list[RequestKind] = Field(default_factory=list)
    lead: str | None = None
    co_handlers: list[str] = Field(default_factory=list)
    retired: bool = False
    group: str | None = None
    group_name: str | None = None
    domain: str | None = None
    domain_name: str | None = None
