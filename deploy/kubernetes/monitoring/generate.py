"""Writes prometheusrule.yaml from deploy/prometheus/alerts.yml: Kubernetes gets the very
rules that compose, ./dev up and the rule tests use. Run it after editing alerts.yml:

    python deploy/kubernetes/monitoring/generate.py

tests/contract/test_prometheus.py fails while the two differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
RULES = HERE.parents[1] / "prometheus" / "alerts.yml"
TARGET = HERE / "prometheusrule.yaml"

HEADER = """\
# Generated from deploy/prometheus/alerts.yml by generate.py in this folder; do not edit.
"""


def prometheus_rule(groups: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {
            "name": "civicloop",
            "namespace": "civicloop",
            "labels": {"app.kubernetes.io/part-of": "civicloop"},
        },
        "spec": {"groups": groups},
    }


class _Dumper(yaml.SafeDumper):
    """Expressions as literal blocks (as written in alerts.yml), long lines unwrapped."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def render() -> str:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    body = yaml.dump(
        prometheus_rule(groups), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000
    )
    return HEADER + body


if __name__ == "__main__":
    TARGET.write_text(render())
    print(f"wrote {TARGET}")
