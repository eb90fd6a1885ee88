"""The offline bundle, as a site on a government intranet gets it: built here (this machine
reaches the registries), then installed and started inside a network namespace that has
nothing but its own loopback, where one case goes around the whole loop. A damaged bundle is
refused before anything is installed, naming the files.

Needs root for `unshare -n` (CI runs as root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.infra import ROOT

#: Building, installing and starting on a busy 2-core machine.
BUILD_SECONDS = 900
INSTALL_SECONDS = 1200


def _site_environment() -> dict[str, str]:
    """What a fresh shell on the site has: none of this test run's servers or settings."""
    return {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "CIVICLOOP_PYTHON": "/usr/bin/python3",
    }


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        message = "the offline install runs in a network namespace: needs root and unshare"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    built = subprocess.run(
        [str(ROOT / "dev"), "bundle", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (archive,) = out.glob("civicloop-*.tar.gz")
    print(
        f"bundle: {archive.name}, {archive.stat().st_size / 2**20:.0f} MiB,"
        f" built in {time.monotonic() - started:.0f} s"
    )
    return archive


@pytest.fixture
def site() -> Iterator[Path]:
    """Where the site unpacks the bundle: a folder the postgres user can reach (pytest's own
    temporary folders are private to root, and other pytest runs make them so again)."""
    folder = Path(tempfile.mkdtemp(prefix="civicloop-site-", dir="/var/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _unpack(archive: Path, into: Path) -> Path:
    """As the site does it, with tar."""
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(into)], check=True)
    (tree,) = into.iterdir()
    return tree


def test_a_damaged_bundle_is_refused_before_anything_is_installed(bundle: Path, site: Path) -> None:
    tree = _unpack(bundle, site)
    with (tree / "deploy" / "local" / "gateway.conf.template").open("a") as template:
        template.write("# altered\n")
    (tree / "wheels" / "requirements.txt").unlink()

    refused = subprocess.run(
        ["./dev", "up"], cwd=tree, capture_output=True, text=True, env=_site_environment()
    )

    assert refused.returncode != 0
    assert "deploy/local/gateway.conf.template: FAILED" in refused.stderr
    assert "wheels/requirements.txt" in refused.stderr
    assert "nothing was installed" in refused.stderr
    assert not (tree / ".venv").exists()
    assert not (tree / ".local" / "postgres").exists()


def test_the_bundle_installs_and_runs_the_loop_with_no_network(bundle: Path, site: Path) -> None:
    tree = _unpack(bundle, site)
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
        env=_site_environment(),
    )
    output = ran.stdout + ran.stderr
    assert ran.returncode == 0, output[-6000:]
    assert "went around the loop and closed" in ran.stdout
    print(next(line for line in ran.stdout.splitlines() if line.startswith("installed and up")))
