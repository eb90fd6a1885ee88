"""promtool for the checks of deploy/prometheus and deploy/grafana."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

LOCAL_SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "local" / "prometheus.sh"


@pytest.fixture(scope="session")
def promtool() -> str:
    """Debian's promtool, installed by the project's script when missing (never skipped)."""
    found = shutil.which("promtool")
    if found is None:
        fetch = subprocess.run(
            [str(LOCAL_SCRIPT), "fetch"], capture_output=True, text=True, timeout=600
        )
        found = shutil.which("promtool")
        if found is None:
            pytest.fail(
                f"promtool is missing and {LOCAL_SCRIPT.name} fetch failed:\n"
                f"{fetch.stdout}{fetch.stderr}"
            )
    return found
