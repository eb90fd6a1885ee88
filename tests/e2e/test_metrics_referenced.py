"""What the running services export against what the alert rules and dashboards read: a rule
or panel on a metric no service exports would stay silent, or show nothing, without anyone
noticing. And the background gauges the alerts rely on are sampled in every service."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support.kafka import eventually
from tests.support.promql import dashboard_references, exported_names, is_exported, rule_references
from tests.support.stack import SERVICES, Stack


async def scrape(http: httpx.AsyncClient, stack: Stack, service: str) -> str:
    response = await http.get(f"{stack.url(service)}/metrics")
    response.raise_for_status()
    return response.text


def samples(exposition: str, name: str) -> list[tuple[dict[str, str], float]]:
    return [
        (sample.labels, sample.value)
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == name
    ]


async def test_every_metric_a_rule_or_dashboard_reads_is_exported(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    exported: set[str] = set()
    for service in SERVICES:  # a little traffic first: a request and a scrape each
        (await http.get(f"{stack.url(service)}/readyz")).raise_for_status()
        exported |= exported_names(await scrape(http, stack, service))
    referenced = rule_references() | dashboard_references()
    assert {name for _, name in referenced} >= {
        "civicloop_consumer_lag",
        "civicloop_deadline_parked_timers",
        "civicloop_deadline_timer_lag_seconds_bucket",
    }
    unexported = sorted(
        (where, name) for where, name in referenced if not is_exported(name, exported)
    )
    assert unexported == [], "read by a rule or dashboard but exported by no service"


async def test_every_service_samples_its_outbox_lag_and_dependencies(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    async def sampled(service: str) -> bool:
        exposition = await scrape(http, stack, service)
        dependencies = {
            labels["dependency"]: value
            for labels, value in samples(exposition, "civicloop_dependency_up")
            if labels["service"] == service
        }
        lags = [labels for labels, _ in samples(exposition, "civicloop_consumer_lag")]
        ages = [labels for labels, _ in samples(exposition, "civicloop_outbox_oldest_age_seconds")]
        return (
            dependencies == {"postgresql": 1.0, "kafka": 1.0}
            and any(labels["service"] == service for labels in lags)
            and any(labels["schema"] == service for labels in ages)
        )

    for service in SERVICES:
        await eventually(lambda service=service: sampled(service), timeout=60, interval=1)
