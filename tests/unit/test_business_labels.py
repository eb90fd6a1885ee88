"""Business metrics are labelled with the district's own codes only: anything else is
"other", nothing at all is "none", so no label can grow without bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from common import business
from common.business import NONE, OTHER, DistrictLabels
from common.district import load_district

DEMO = Path(__file__).resolve().parents[2] / "deploy" / "district" / "demo.yaml"


def test_the_district_codes_are_kept_and_anything_else_is_other() -> None:
    labels = DistrictLabels.of(load_district(DEMO))
    assert labels.department("urban-management") == "urban-management"
    assert labels.department("community-yuelu-shan") == "community-yuelu-shan"
    assert labels.department("a-department-added-later") == OTHER
    assert labels.department(None) == NONE
    assert labels.category("streetlight") == "streetlight"
    assert labels.category("T20261121000004") == OTHER
    assert labels.category("") == NONE
    assert "service-centre" in labels.every_department()


def test_a_service_without_its_district_file_still_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(business, "_current", DistrictLabels())
    business.use_district_file(tmp_path / "missing.yaml")
    assert business.labels().department("urban-management") == OTHER
    business.use_district_file(DEMO)
    assert business.labels().department("urban-management") == "urban-management"
