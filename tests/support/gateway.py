"""The gateway of a test session: deploy/local/gateway.sh's nginx, on a free port, serving
the built console (web/dist) and routing /api/<service>/ to the test stack's services."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

from tests.support.infra import ROOT
from tests.support.stack import SERVICES, Stack, free_port

LOCAL = ROOT / "deploy" / "local"
#: nginx for the gateway; Chromium and a Chinese font (without one, screenshots show boxes)
BROWSER_PACKAGES = ("nginx", "chromium", "fonts-wqy-microhei")


def prepare() -> None:
    """Debian's nginx, chromium and a Chinese font when missing, and the console built from
    web/ (each step is skipped when already done: quick after ./dev test has run it)."""
    subprocess.run([str(LOCAL / "apt.sh"), *BROWSER_PACKAGES], check=True)
    subprocess.run([str(LOCAL / "console.sh"), "build"], check=True)


class Gateway:
    def __init__(self, stack: Stack) -> None:
        self.port = free_port()
        # under .local/ rather than the test's temporary folder: nginx's workers (www-data when
        # run as root) write their temporary files here, and must be able to reach it
        self.state = ROOT / ".local" / "test-gateways" / uuid.uuid4().hex[:10]
        self.env = {
            **os.environ,
            "GATEWAY_PORT": str(self.port),
            "GATEWAY_STATE": str(self.state),
            "GATEWAY_WORKERS": "1",
            **{f"{name.upper()}_UPSTREAM": f"127.0.0.1:{stack.ports[name]}" for name in SERVICES},
        }

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._script("start")

    def stop(self) -> None:
        try:
            self._script("stop")
        finally:
            shutil.rmtree(self.state, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        path: Path = self.state / "error.log"
        if not path.is_file():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _script(self, command: str) -> None:
        subprocess.run([str(LOCAL / "gateway.sh"), command], env=self.env, check=True)
