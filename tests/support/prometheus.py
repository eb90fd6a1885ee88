"""A Prometheus of a test's own, started by the project's script (deploy/local/prometheus.sh)
against the test's services, with the project's alert rules made quick: scraped and
evaluated every second, `for:` durations cut to a second, and the look-backs that compare
with an hour ago (or wait for one) shortened. Everything else of the rules is as shipped."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.support.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "local" / "prometheus.sh"
RULES = ROOT / "deploy" / "prometheus" / "alerts.yml"
#: Rule -> (text in its expression, what replaces it, how often it occurs).
SHORTENED = {"CivicloopOverdueGrowing": ("offset 1h", "offset 10s", 3)}


def quick_rules(target: Path, *, source: Path = RULES) -> Path:
    """A copy of the rules with every `for:` at 1 s and the SHORTENED look-backs."""
    document = yaml.safe_load(source.read_text())
    for group in document["groups"]:
        for rule in group["rules"]:
            if "for" in rule:
                rule["for"] = "1s"
            if rule.get("alert") in SHORTENED:
                text, replacement, occurrences = SHORTENED[rule["alert"]]
                assert rule["expr"].count(text) == occurrences, f"{rule['alert']} changed"
                rule["expr"] = rule["expr"].replace(text, replacement)
    target.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    return target


class LocalPrometheus:
    def __init__(self, folder: Path, targets: Sequence[tuple[str, int]]) -> None:
        self.folder = folder
        self.port = free_port()
        self.env = {
            **os.environ,
            "PROMETHEUS_DIR": str(folder / "prometheus"),
            "PROMETHEUS_PORT": str(self.port),
            "PROMETHEUS_TARGETS": " ".join(f"{service}:{port}" for service, port in targets),
            "PROMETHEUS_RULES": str(quick_rules(folder / "quick-alerts.yml")),
            "PROMETHEUS_SCRAPE_INTERVAL": "1s",
            "PROMETHEUS_EVALUATION_INTERVAL": "1s",
        }

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _script(self, command: str) -> None:
        done = subprocess.run(
            [str(SCRIPT), command], env=self.env, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, f"prometheus.sh {command}:\n{done.stdout}{done.stderr}"

    def start(self) -> None:
        self._script("start")

    def stop(self) -> None:
        self._script("stop")

    async def query(self, http: httpx.AsyncClient, expr: str) -> list[dict[str, Any]]:
        response = await http.get(f"{self.url}/api/v1/query", params={"query": expr})
        response.raise_for_status()
        result: list[dict[str, Any]] = response.json()["data"]["result"]
        return result

    async def firing(
        self, http: httpx.AsyncClient, alertname: str, **labels: str
    ) -> list[Mapping[str, str]]:
        """The labels of each firing alert of that name that has these labels."""
        response = await http.get(f"{self.url}/api/v1/alerts")
        response.raise_for_status()
        return [
            alert["labels"]
            for alert in response.json()["data"]["alerts"]
            if alert["state"] == "firing"
            and alert["labels"].get("alertname") == alertname
            and all(alert["labels"].get(k) == v for k, v in labels.items())
        ]
