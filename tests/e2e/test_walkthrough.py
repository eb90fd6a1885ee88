"""docs/walkthrough.md, run as written: its bash blocks, in order, in one bash process,
against the test run's services. The page's first block reads the services' addresses from
the environment, so the test only sets those.

It runs on a system of its own, as after `./dev up`: the real district (yuelu.yaml) with its
demo accounts, which the page logs in with. The page files the story's cases (赵女士's
streetlight), which the suite's shared system has seen already from the Open311 and console
tests, so there they would be held as likely repeats for a clerk.

Every command must succeed: the script runs with errexit and pipefail, and curl fails on an
HTTP error (an answer of 400 or more), so a route, a body or a step that drifts from the code
fails the test, which names the block."""

from __future__ import annotations

import asyncio
import re
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.infra import ROOT, Servers, TestRun
from tests.support.real_district import yuelu_system
from tests.support.stack import Stack

WALKTHROUGH = ROOT / "docs" / "walkthrough.md"
#: intake trains on the district's corpus before it is ready: minutes on a loaded machine
pytestmark = pytest.mark.timeout(900)
MARKER = "::walkthrough block {}::"
DONE = "::walkthrough done::"
#: Strict mode for the pasted commands; a reader's interactive shell needs none of it.
PREAMBLE = """set -euo pipefail
curl() { command curl --fail-with-body --show-error "$@"; }
"""


@dataclass(frozen=True)
class Block:
    line: int  # of its first command in the page
    text: str

    def title(self, number: int) -> str:
        first = self.text.splitlines()[0].strip()
        return f"block {number} (docs/walkthrough.md line {self.line}: {first[:70]})"


def bash_blocks(markdown: str) -> list[Block]:
    blocks = []
    for match in re.finditer(r"^```bash\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL):
        line = markdown.count("\n", 0, match.start()) + 2
        blocks.append(Block(line, match.group(1)))
    return blocks


def script(blocks: list[Block]) -> str:
    parts = [PREAMBLE]
    for number, block in enumerate(blocks):
        parts.append(f"printf '\\n%s\\n' '{MARKER.format(number)}'\n{block.text}")
    parts.append(f"printf '\\n%s\\n' '{DONE}'\n")
    return "\n".join(parts)


def failed_block(output: str, blocks: list[Block]) -> tuple[int, str]:
    """The block the script stopped in, and what that block printed."""
    started = [int(n) for n in re.findall(r"^::walkthrough block (\d+)::$", output, re.MULTILINE)]
    if not started:
        return 0, output
    number = started[-1]
    return number, output.split(MARKER.format(number), 1)[1]


def run_walkthrough(blocks: list[Block], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    finished = subprocess.run(
        ["bash", "-c", script(blocks)],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=300,
        check=False,
    )
    return finished.returncode, finished.stdout.decode(errors="replace")


def test_the_page_has_its_blocks() -> None:
    blocks = bash_blocks(WALKTHROUGH.read_text())
    assert len(blocks) > 15
    assert "INTAKE=${INTAKE:-http://127.0.0.1:8001}" in blocks[0].text
    assert all("127.0.0.1:800" not in block.text for block in blocks[1:]), (
        "later blocks use the addresses of the first one"
    )


@pytest_asyncio.fixture
async def fresh_system(
    infrastructure: Servers, tmp_path: Path
) -> AsyncIterator[tuple[Stack, TestRun]]:
    logs = tmp_path / "service_logs"
    logs.mkdir()
    async with yuelu_system(infrastructure, logs) as system:
        yield system


async def test_the_walkthrough_runs_as_written(
    fresh_system: tuple[Stack, TestRun], tmp_path: Path
) -> None:
    stack, run = fresh_system
    blocks = bash_blocks(WALKTHROUGH.read_text())
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "INTAKE": stack.url("intake"),
        "DISPATCH": stack.url("dispatch"),
        "DEADLINE": stack.url("deadline"),
        "CALLBACK": stack.url("callback"),
        "SUPERVISION": stack.url("supervision"),
        "DATABASE": run.plain_database_url,
    }
    returncode, output = await asyncio.to_thread(run_walkthrough, blocks, env, tmp_path)
    if returncode != 0 or not output.rstrip().endswith(DONE):
        number, printed = failed_block(output, blocks)
        raise AssertionError(
            f"{blocks[number].title(number)} failed with exit status {returncode}:\n{printed}"
        )
