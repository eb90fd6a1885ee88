"""The provisioned Grafana dashboards: valid PromQL in every query, the datasource chosen by
a variable (no fixed uid) in every dashboard, the technical dashboard filtered by district
and service, the business dashboard also by department."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.promql import panels

ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
TECHNICAL = GRAFANA / "dashboards" / "civicloop-technical.json"
BUSINESS = GRAFANA / "dashboards" / "civicloop-business.json"
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
#: What Grafana puts in for its variables, for checking the queries with promtool.
SUBSTITUTES = {
    "$__rate_interval": "1m",
    "$__interval": "1m",
    "$__range": "3h",
    "$district": ".*",
    "$service": ".*",
    "$department": ".*",
}
#: The business metrics that carry a department label (common.metrics).
BY_DEPARTMENT = re.compile(
    r"^civicloop_(cases|department_backlog|cases_overdue|department_rate|cases_assigned_total"
    r"|cases_resolved_total|case_submit_to_assigned_seconds_bucket"
    r"|case_assigned_to_resolved_seconds_bucket|callbacks_total|deadlines_exceeded_total"
    r"|escalations_total)$"
)


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def queries(dashboard: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(panel.get("title")), target["expr"])
        for panel in panels(dashboard.get("panels", []))
        for target in panel.get("targets", [])
        if target.get("expr")
    ]


def substituted(expr: str) -> str:
    for variable, value in SUBSTITUTES.items():
        expr = expr.replace(variable, value)
    assert "$" not in expr, f"an unknown variable in {expr}"
    return expr


def test_every_dashboard_query_is_valid_promql(promtool: str, tmp_path: Path) -> None:
    rules = [
        {"record": f"dashboard_query:{n}", "expr": substituted(expr)}
        for n, (_, expr) in enumerate(query for path in DASHBOARDS for query in queries(load(path)))
    ]
    assert rules
    checked = tmp_path / "dashboard_queries.yml"
    checked.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    done = subprocess.run(
        [promtool, "check", "rules", str(checked)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_dashboards_have_unique_uids() -> None:
    uids = [load(path)["uid"] for path in DASHBOARDS]
    assert len(uids) == len(set(uids))


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda path: path.name)
def test_every_dashboard_takes_its_datasource_from_a_variable(path: Path) -> None:
    dashboard = load(path)
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    filters = ("district", "department", "service") if path == BUSINESS else ("district", "service")
    for name in filters:
        assert variables[name]["datasource"] == DATASOURCE, name
    for panel in panels(dashboard["panels"]):
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == DATASOURCE, panel["title"]
        for target in panel["targets"]:
            assert target["datasource"] == DATASOURCE, panel["title"]


@pytest.mark.parametrize("variable", ["district", "service"])
def test_every_technical_query_follows_the_filters(variable: str) -> None:
    for title, expr in queries(load(TECHNICAL)):
        selectors = re.findall(r"[a-z_:]+\{[^}]*\}", expr)
        assert selectors, title
        for selector in selectors:
            assert f'{variable}=~"${variable}"' in selector, f"{title}: {selector}"


def test_the_dashboards_are_the_technical_and_the_business_one() -> None:
    assert {path.name for path in DASHBOARDS} == {TECHNICAL.name, BUSINESS.name}


@pytest.mark.parametrize("variable", ["district", "service", "department"])
def test_every_business_query_follows_the_filters(variable: str) -> None:
    """Department where the metric has one: intake's registrations and the district's own
    rates have none."""
    for title, expr in queries(load(BUSINESS)):
        selectors = re.findall(r"([a-z_:]+)\{([^}]*)\}", expr)
        assert selectors, title
        for metric, matchers in selectors:
            if variable == "department" and not BY_DEPARTMENT.match(metric):
                assert "department=" not in matchers, f"{title}: {metric}"
                continue
            assert f'{variable}=~"${variable}"' in matchers, f"{title}: {metric}{{{matchers}}}"


def test_the_business_dashboard_shows_what_the_leaders_asked_for() -> None:
    titles = {title for title, _ in queries(load(BUSINESS))}
    text = BUSINESS.read_text()
    for metric in (
        "civicloop_cases_registered_total",
        "civicloop_department_backlog",
        "civicloop_cases_overdue",
        "civicloop_cases{",
        "civicloop_department_rate",
        "civicloop_district_rate",
        "civicloop_case_submit_to_assigned_seconds_bucket",
        "civicloop_case_assigned_to_resolved_seconds_bucket",
        "civicloop_escalations_total",
        "civicloop_callbacks_total",
    ):
        assert metric in text, metric
    for rate in ("response", "on_time", "solved", "satisfaction"):
        assert f'rate=\\"{rate}\\"' in text, rate
    assert {"按渠道登记量", "按分类登记量", "满意度趋势"} <= titles


def test_the_technical_dashboard_covers_the_loops_machinery() -> None:
    text = TECHNICAL.read_text()
    for metric in (
        "civicloop_http_requests_total",
        "civicloop_http_request_seconds_bucket",
        "civicloop_consumer_lag",
        'outcome=\\"dead_lettered\\"',
        "civicloop_outbox_oldest_age_seconds",
        "civicloop_deadline_timer_lag_seconds_bucket",
        "civicloop_dependency_up",
        "faststream_received_messages_total",
    ):
        assert metric in text, metric


def test_compose_provisions_the_dashboards_folder() -> None:
    compose = yaml.safe_load((ROOT / "deploy" / "compose" / "compose.yaml").read_text())
    mounts = compose["services"]["grafana"]["volumes"]
    assert "../grafana/dashboards:/etc/grafana/dashboards:ro" in mounts
    provider = yaml.safe_load(
        (GRAFANA / "provisioning" / "dashboards" / "civicloop.yml").read_text()
    )
    assert provider["providers"][0]["options"]["path"] == "/etc/grafana/dashboards"
