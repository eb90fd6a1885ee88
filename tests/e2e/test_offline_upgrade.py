"""Upgrading a site without internet from a newer bundle: the bundle of the previous format
(its state inside its release tree, built from the git history) is installed and runs inside
a network namespace with nothing but loopback; cases are left at each step of the loop and
more are submitted while this tree's bundle upgrades it in place. Every case is still there
afterwards and goes around the loop once to its close on the new release. A damaged bundle,
a target that is no installed civicloop and an older bundle are refused before anything
changes.

Needs root for `unshare -n` (CI runs as root)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.infra import ROOT
from tests.support.offline import (
    current_bundle,
    previous_format_bundle,
    require_network_namespace,
    site,
    site_environment,
    unpack,
)

__all__ = ["site"]

#: Installing the previous release, the cases, the upgrade and the cases' loops, on a busy
#: 2-core machine.
UPGRADE_SECONDS = 1500
CASES = ROOT / "tests" / "support" / "offline_cases.py"

SCENARIO = """
ip link set lo up || exit 90
curl -s -m 3 -o /dev/null https://pypi.org && exit 91  # truly cut off
here=$(readlink /proc/$$/ns/net)
end() {  # whatever still runs in this namespace was started here
  (cd "$NEW" && CIVICLOOP_STATE_DIR="$STATE" ./dev down) >/dev/null 2>&1
  (cd "$OLD" && ./dev down) >/dev/null 2>&1
  for process in /proc/[0-9]*; do
    pid=${process#/proc/}
    [[ $pid != $$ && $(readlink "$process/ns/net" 2>/dev/null) == "$here" ]] && kill -KILL "$pid" 2>/dev/null
  done
  exit "$1"
}
(cd "$OLD" && ./dev up >"$WORK/up.log" 2>&1) || { tail -n 40 "$WORK/up.log"; end 92; }
python3 "$CASES" before "$WORK/before.json" || end 93
python3 "$CASES" during "$WORK/during.json" "$WORK/upgraded" &
during=$!
started=$SECONDS
(cd "$NEW" && ./dev upgrade "$OLD" "$STATE") || { touch "$WORK/upgraded"; end 94; }
echo "upgraded in place in $((SECONDS - started)) s"
touch "$WORK/upgraded"
wait "$during" || end 95
python3 "$CASES" after "$WORK/before.json" "$WORK/during.json" || end 96
end 0
"""


@pytest.mark.timeout(UPGRADE_SECONDS + 1800)
def test_a_running_previous_format_install_upgrades_in_place_losing_no_case(
    tmp_path_factory: pytest.TempPathFactory, site: Path
) -> None:
    require_network_namespace()
    old = unpack(previous_format_bundle(tmp_path_factory), site)
    (site / "new").mkdir()
    new = unpack(current_bundle(tmp_path_factory), site / "new")
    state, work = site / "state", site / "work"
    work.mkdir()
    ran = subprocess.run(
        ["unshare", "--net", "bash", "-c", SCENARIO],
        capture_output=True,
        text=True,
        timeout=UPGRADE_SECONDS,
        env={
            **site_environment(),
            "OLD": str(old),
            "NEW": str(new),
            "STATE": str(state),
            "WORK": str(work),
            "CASES": str(CASES),
        },
    )
    output = ran.stdout + ran.stderr
    assert ran.returncode == 0, output[-8000:]
    assert "went around the loop once and closed on the new release" in ran.stdout
    assert "moved .local/postgres" in ran.stdout
    assert "the data was renamed, not copied" in ran.stdout
    assert (state / "postgres" / "data" / "PG_VERSION").is_file()
    assert not (old / ".local" / "postgres" / "data").exists()
    assert (new / ".local" / "state-dir").read_text().strip() == str(state)
    for line in ran.stdout.splitlines():
        if line.startswith(("upgraded in place", "cases:", "dev: upgraded")):
            print(line)


def _upgrade(tree: Path, *target: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["./dev", "upgrade", *map(str, target)],
        cwd=tree,
        capture_output=True,
        text=True,
        env=site_environment(),
        timeout=120,
    )


def test_a_damaged_bundle_a_stranger_and_an_older_bundle_are_refused(
    tmp_path_factory: pytest.TempPathFactory, site: Path
) -> None:
    new = unpack(current_bundle(tmp_path_factory), site)
    (site / "elsewhere").mkdir()
    refused = _upgrade(new, site / "elsewhere")
    assert refused.returncode != 0
    assert "is not an installed civicloop" in refused.stderr
    assert "nothing was changed" in refused.stderr

    newer = site / "newer-state"
    (newer / "postgres" / "data").mkdir(parents=True)
    (newer / "postgres" / "data" / "PG_VERSION").write_text("15\n")
    (newer / "release").write_text("path=/srv/civicloop-next\ncommit=f00d\ncommitted=4102444800\n")
    refused = _upgrade(new, newer)
    assert refused.returncode != 0
    assert "is older than the installed release (commit f00d of 2100-01-01" in refused.stderr
    assert not (new / ".venv").exists()

    with (new / "deploy" / "local" / "upgrade.sh").open("a") as script:
        script.write("# altered\n")
    refused = _upgrade(new, newer)
    assert refused.returncode != 0
    assert "deploy/local/upgrade.sh: FAILED" in refused.stderr
    assert "nothing was installed" in refused.stderr
    assert not (new / ".venv").exists()
