"""Set-up works on a stock Debian 12: its own /usr/bin/python3 refuses pip installs (PEP 668),
so no script may pip-install into the interpreter it was given, and CI sets up on that one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [ROOT / "dev", *sorted((ROOT / "deploy" / "local").glob("*.sh"))]
PIP_INSTALL = re.compile(r"^\s*(\S+) -m pip install", re.MULTILINE)


def test_pip_installs_only_into_a_venv_of_the_projects_own() -> None:
    for script in SCRIPTS:
        for interpreter in PIP_INSTALL.findall(script.read_text()):
            assert interpreter == '"$TOOLS/bin/python"', f"{script.name}: pip into {interpreter}"


def test_ci_sets_up_on_debians_own_python() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "export CIVICLOOP_PYTHON=/usr/bin/python3" in ci
    assert "PYTHON=${CIVICLOOP_PYTHON:-python3}" in (ROOT / "dev").read_text()
