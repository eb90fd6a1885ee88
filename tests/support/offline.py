"""Offline bundles for the tests that install them inside a network namespace: this tree's,
built once per test session, and the previous format's, built from the git history."""

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

#: The last commit whose bundle keeps the system's state inside its own release tree
#: (.local/): the format ./dev upgrade adopts. A CI clone has the whole history.
PREVIOUS_FORMAT_COMMIT = "dadf4e1bcef5905be97e98647f67990dd3436034"

#: Building on a busy 2-core machine.
BUILD_SECONDS = 900

#: What a build of another commit may take from this tree instead of fetching it again: each
#: is checked by its own stamp there (uv's version, pom.xml's digest, the console's sources).
REUSABLE = (".local/tools", ".local/kafka/lib", "web/dist")

_built: dict[str, Path] = {}


def require_network_namespace() -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        message = "the offline install runs in a network namespace: needs root and unshare"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def site_environment() -> dict[str, str]:
    """What a fresh shell on the site has: none of this test run's servers or settings."""
    return {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "CIVICLOOP_PYTHON": "/usr/bin/python3",
    }


def _build(tree: Path, out: Path) -> Path:
    started = time.monotonic()
    built = subprocess.run(
        [str(tree / "dev"), "bundle", str(out)],
        cwd=tree,
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


def current_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This tree's bundle (its commit), built once per test session."""
    if "current" not in _built:
        _built["current"] = _build(ROOT, tmp_path_factory.mktemp("bundle"))
    return _built["current"]


def previous_format_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle ./dev bundle made at PREVIOUS_FORMAT_COMMIT, from a worktree of it."""
    if "previous" in _built:
        return _built["previous"]
    found = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{PREVIOUS_FORMAT_COMMIT}^{{commit}}"],
        capture_output=True,
    )
    assert found.returncode == 0, f"the history lacks {PREVIOUS_FORMAT_COMMIT}: clone it whole"
    tree = tmp_path_factory.mktemp("previous") / "tree"
    subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "worktree",
            "add",
            "--detach",
            "-q",
            str(tree),
            PREVIOUS_FORMAT_COMMIT,
        ],
        check=True,
    )
    try:
        for reused in REUSABLE:
            if (ROOT / reused).is_dir():
                (tree / reused).parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(ROOT / reused, tree / reused, symlinks=True)
        _built["previous"] = _build(tree, tmp_path_factory.mktemp("previous-bundle"))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)])
    return _built["previous"]


def unpack(archive: Path, into: Path) -> Path:
    """As the site does it, with tar."""
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(into)], check=True)
    return into / archive.name.removesuffix(".tar.gz")


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
