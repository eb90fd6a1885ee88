"""Metric names read from PromQL (tests/support/promql.py), which the metric-reference test
of tests/e2e/test_metrics_referenced.py relies on: no name missed, no label taken for one."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from tests.support.promql import (
    dashboard_references,
    exported_names,
    is_exported,
    metric_names,
    rule_references,
    variable_names,
)


def test_names_not_labels_functions_durations_or_variables() -> None:
    assert metric_names(
        "histogram_quantile(0.99, sum by (service, le) (rate("
        'civicloop_http_request_seconds_bucket{service=~"$service", route!~"/metrics|x"}'
        "[$__rate_interval])))"
    ) == {"civicloop_http_request_seconds_bucket"}
    assert metric_names(
        "sum(rate(a_total[5m] offset 1h)) by (x) / on (x) group_left (y) b * 1e3 > bool 2"
    ) == {"a_total", "b"}
    assert metric_names('label_replace(c, "dst", "$1", "src", "(.*)") and on () hour() < 10') == {
        "c"
    }
    assert metric_names("max(${metric_like_variable}) or vector(0)") == set()


def test_a_rule_that_reads_two_metrics() -> None:
    names = {name for where, name in rule_references() if "CivicloopNoCasesRegistered" in where}
    assert names == {"civicloop_events_consumed_total", "up"}


def test_variable_queries() -> None:
    assert variable_names('label_values(up{service=~"a|b"}, district)') == {"up"}
    assert variable_names("label_values(district)") == set()


def test_dashboards_are_read_panel_by_panel() -> None:
    found = dashboard_references()
    assert any(name.startswith("civicloop_") for _, name in found)
    assert all(" panel " in where or " variable " in where for where, _ in found)


def test_declared_families_count_as_exported_with_their_sample_names() -> None:
    registry = CollectorRegistry()
    Gauge("never_set", "labelled, no sample yet", ["service"], registry=registry)
    Counter("things", "a counter", registry=registry)
    Histogram("took_seconds", "a histogram", registry=registry)
    exported = exported_names(generate_latest(registry).decode())
    for name in ("never_set", "things_total", "took_seconds_bucket", "took_seconds_count"):
        assert is_exported(name, exported), name
    assert is_exported("up", exported)
    assert not is_exported("never_sets", exported)
    assert not is_exported("took_bucket", exported)
