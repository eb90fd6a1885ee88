"""Integer bounds that fit PostgreSQL's columns, for path, query and body parameters: a
number past them is a 422 naming the parameter, not a statement that fails."""

from __future__ import annotations

#: integer / serial columns
INT4_MAX = 2**31 - 1
#: bigint / bigserial columns (and OFFSET, which takes a bigint)
INT8_MAX = 2**63 - 1
#: the furthest a page of a list may start; past it, narrow the filters instead
OFFSET_MAX = 100_000
