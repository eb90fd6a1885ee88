"""The offline bundle, as a site on a government intranet gets it: built here (this machine
reaches the registries), then installed and started inside a network namespace that has
nothing but its own loopback, where one case goes around the whole loop. A damaged bundle is
refused before anything is installed, naming the files.

Needs root for `unshare -n` (CI runs as root)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.offline import (
    current_bundle,
    require_network_namespace,
    site,
    site_environment,
    unpack,
)

__all__ = ["site"]

#: Installing and starting on a busy 2-core machine.
INSTALL_SECONDS = 1200


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_network_namespace()
    return current_bundle(tmp_path_factory)


def test_a_damaged_bundle_is_refused_before_anything_is_installed(bundle: Path, site: Path) -> None:
    tree = unpack(bundle, site)
    with (tree / "deploy" / "local" / "gateway.conf.template").open("a") as template:
        template.write("# altered\n")
    (tree / "wheels" / "requirements.txt").unlink()

    refused = subprocess.run(
        ["./dev", "up"], cwd=tree, capture_output=True, text=True, env=site_environment()
    )

    assert refused.returncode != 0
    assert "deploy/local/gateway.conf.template: FAILED" in refused.stderr
    assert "wheels/requirements.txt" in refused.stderr
    assert "nothing was installed" in refused.stderr
    assert not (tree / ".venv").exists()
    assert not (tree / ".local" / "postgres").exists()


def test_the_bundle_installs_and_runs_the_loop_with_no_network(bundle: Path, site: Path) -> None:
    tree = unpack(bundle, site)
    script = (
        "ip link set lo up || exit 90\n"
        "curl -s -m 3 -o /dev/null https://pypi.org && exit 91\n"  # truly cut off
        "started=$SECONDS\n"
        "./dev up || { ./dev down; exit 92; }\n"
        'echo "installed and up in $((SECONDS - started)) s"\n'
        ".venv/bin/python deploy/local/smoke_loop.py; loop=$?\n"
        "./dev down\n"
        "exit $loop\n"
    )
    ran = subprocess.run(
        ["unshare", "--net", "bash", "-c", script],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
        env=site_environment(),
    )
    output = ran.stdout + ran.stderr
    assert ran.returncode == 0, output[-6000:]
    assert "went around the loop and closed" in ran.stdout
    print(next(line for line in ran.stdout.splitlines() if line.startswith("installed and up")))
