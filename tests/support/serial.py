"""One counter for the whole test session. A test module imported both by pytest (as a
top-level module) and by another test module (as tests.e2e.<name>) exists twice, so a
counter kept in it would count twice from 1."""

from __future__ import annotations

import itertools

_serial = itertools.count(1)


def next_serial() -> int:
    return next(_serial)
