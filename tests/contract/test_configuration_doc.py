"""docs/configuration.md is what `python -m common.settings_doc` writes from the settings
classes, so a new, changed or removed setting cannot leave the reference behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import Field

from common import settings_doc
from common.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "configuration.md"


def test_the_configuration_reference_is_current() -> None:
    expected = settings_doc.reference(settings_doc.settings_classes())
    assert REFERENCE.read_text(encoding="utf-8") == expected, (
        "docs/configuration.md is stale: python -m common.settings_doc --write "
        "docs/configuration.md"
    )


def test_the_check_command_refuses_a_stale_reference(tmp_path: Path) -> None:
    stale = tmp_path / "configuration.md"
    stale.write_text(REFERENCE.read_text(encoding="utf-8").replace("`DB_POOL_SIZE`", "`POOL`"))
    assert settings_doc.main(["--check", str(stale)]) == 1
    assert settings_doc.main(["--check", str(REFERENCE)]) == 0


def test_every_setting_is_listed_with_its_default_or_as_required() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert "| `DATABASE_URL` | (required) | all |" in text
    assert "| `KAFKA_BOOTSTRAP_SERVERS` | (required) | all |" in text
    assert "| `MAX_HANDLING_ROUNDS` | `3` | dispatch |" in text
    for settings in settings_doc.settings_classes().values():
        for name in settings.model_fields:
            assert f"| `{name.upper()}` |" in text


def test_a_setting_without_a_description_is_refused() -> None:
    class Undescribed(ServiceSettings):
        undocumented_knob: int = Field(default=1)

    with pytest.raises(ValueError, match="undocumented_knob has no description"):
        settings_doc.reference({"intake": Undescribed})
