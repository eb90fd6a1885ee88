"""Labels of the business metrics: the district's department and category codes, bounded.

Prometheus keeps one series per label set, so these labels take their values from a fixed
set only: the departments and categories of the district file (DISTRICT_FILE), read when
the service starts. A code the file does not list (a department added later through the
API, a category of an older catalogue) is counted as "other", a case with no department
or category as "none". Case ids, names and free texts never become labels.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from common.district import District, load_district

log = logging.getLogger(__name__)

OTHER = "other"
NONE = "none"


@dataclass(frozen=True)
class DistrictLabels:
    departments: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()

    @classmethod
    def of(cls, district: District) -> DistrictLabels:
        return cls(
            frozenset(d.code for d in district.departments),
            frozenset(c.code for c in district.categories),
        )

    def department(self, code: str | None) -> str:
        return _bounded(code, self.departments)

    def category(self, code: str | None) -> str:
        return _bounded(code, self.categories)

    def every_department(self) -> list[str]:
        """The district's departments, for gauges that show a department at 0."""
        return sorted(self.departments)


def _bounded(code: str | None, known: Iterable[str]) -> str:
    if not code:
        return NONE
    return code if code in known else OTHER


_current = DistrictLabels()


def labels() -> DistrictLabels:
    """The labels of this process's district (empty until use_district_file)."""
    return _current


def use_district(district: District) -> None:
    global _current
    _current = DistrictLabels.of(district)


def use_district_file(path: str | Path | None) -> None:
    """Read the district file (the bundled demo district when None). A service that does
    not otherwise need it still starts without it: its labels are then "other"."""
    try:
        use_district(load_district(path))
    except (OSError, ValueError) as error:
        log.warning(
            "district file not readable: business metrics label every department and"
            ' category "other"',
            extra={"error": repr(error)},
        )
