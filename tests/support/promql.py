"""Which metrics the alert rules and the Grafana dashboards read, and whether the services
export them: a panel or rule on a metric nobody exports shows nothing, silently.

Names are taken from PromQL conservatively: strings, label matchers, ranges, grouping
clauses and Grafana variables are removed first; what remains that looks like an identifier
and is not followed by "(" (a function or aggregation) nor a keyword is a metric name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "alerts.yml"
DASHBOARDS = ROOT / "deploy" / "grafana" / "dashboards"

#: Series Prometheus writes itself for every target; no service exports them.
SYNTHESIZED = frozenset({"up"})
KEYWORDS = frozenset(
    {"by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool"}
    | {"and", "or", "unless", "inf", "nan", "atan2"}
)
#: Sample names of one family: a histogram's buckets, sum and count, a counter's total.
SUFFIXES = ("_bucket", "_sum", "_count", "_total", "_created")

_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`')
_VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+")
_MATCHERS = re.compile(r"\{[^{}]*\}")
_RANGE = re.compile(r"\[[^\[\]]*\]")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_IDENTIFIER = re.compile(r"(?<![\w:.])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()")
_LABEL_VALUES = re.compile(r"^\s*label_values\((.*),\s*\w+\s*\)\s*$", re.DOTALL)


def metric_names(expr: str) -> set[str]:
    """The metric names an expression reads."""
    stripped = _STRING.sub('""', expr)
    stripped = _VARIABLE.sub("", stripped)
    stripped = _MATCHERS.sub("{}", stripped)
    stripped = _RANGE.sub("[]", stripped)
    stripped = _GROUPING.sub("", stripped)
    return {name for name in _IDENTIFIER.findall(stripped) if name not in KEYWORDS}


def variable_names(query: str) -> set[str]:
    """The metric names a Grafana variable query reads: label_values(selector, label);
    label_values(label) reads no metric in particular."""
    found = _LABEL_VALUES.match(query)
    if found is None:
        return set() if query.strip().startswith("label_values(") else metric_names(query)
    return metric_names(found.group(1))


def rule_references() -> set[tuple[str, str]]:
    """(where, metric) for every alert rule of deploy/prometheus/alerts.yml."""
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return {
        (f"alerts.yml {rule.get('alert') or rule.get('record')}", name)
        for group in groups
        for rule in group["rules"]
        for name in metric_names(rule["expr"])
    }


def dashboard_references(folder: Path = DASHBOARDS) -> set[tuple[str, str]]:
    """(where, metric) for every panel query and variable query of every dashboard."""
    found = set()
    for path in sorted(folder.glob("*.json")):
        dashboard = json.loads(path.read_text())
        for panel in panels(dashboard.get("panels", [])):
            for target in panel.get("targets", []):
                for name in metric_names(target.get("expr", "")):
                    found.add((f"{path.name} panel {panel.get('title')!r}", name))
        for variable in dashboard.get("templating", {}).get("list", []):
            if variable.get("type") != "query":
                continue
            query = variable.get("query")
            text = query.get("query", "") if isinstance(query, dict) else str(query or "")
            for name in variable_names(text):
                found.add((f"{path.name} variable {variable.get('name')!r}", name))
    return found


def panels(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every panel, those inside collapsed rows included."""
    for item in items:
        yield item
        yield from panels(item.get("panels", []))


def exported_names(exposition: str) -> set[str]:
    """Family names (from # TYPE lines, so declared families without samples count) and
    sample names of a /metrics answer."""
    names = set()
    for line in exposition.splitlines():
        if line.startswith("# TYPE "):
            names.add(line.split()[2])
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{\s]", line, maxsplit=1)[0])
    return names


def is_exported(name: str, exported: set[str]) -> bool:
    if name in exported or name in SYNTHESIZED:
        return True
    return any(name.endswith(s) and name.removesuffix(s) in exported for s in SUFFIXES)
