"""The Prometheus side of operations: one rules file for ./dev up, compose and Kubernetes;
every alert proven by promtool unit tests to fire in its situation and to stay silent
otherwise; configurations that promtool accepts; no rule that depends on a job name."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy" / "prometheus"
RULES = PROMETHEUS / "alerts.yml"
RULE_TESTS = sorted((PROMETHEUS / "tests").glob("*.yml"))
MONITORING = ROOT / "deploy" / "kubernetes" / "monitoring"
LOCAL_SCRIPT = ROOT / "deploy" / "local" / "prometheus.sh"


def run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}{done.stderr}"
    return done.stdout


def alerts() -> list[dict[str, Any]]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def test_the_rules_pass_promtool_check(promtool: str) -> None:
    run(promtool, "check", "rules", str(RULES))


def test_the_rule_unit_tests_pass(promtool: str) -> None:
    assert RULE_TESTS, "deploy/prometheus/tests/*.yml hold the rule unit tests"
    run(promtool, "test", "rules", *map(str, RULE_TESTS))


def test_every_alert_is_tested_firing_and_silent() -> None:
    fired: set[str] = set()
    silent: set[str] = set()
    for path in RULE_TESTS:
        document = yaml.safe_load(path.read_text())
        assert document["rule_files"] == ["../alerts.yml"], path.name
        for case in document["tests"]:
            for check in case.get("alert_rule_test", []):
                (fired if check.get("exp_alerts") else silent).add(check["alertname"])
    names = {rule["alert"] for rule in alerts()}
    assert names - fired == set(), "alerts without a test in which they fire"
    assert names - silent == set(), "alerts without a test in which they stay silent"
    assert (fired | silent) - names == set(), "tests of alerts that do not exist"


def test_no_rule_reads_the_job_label() -> None:
    """Compose, ./dev up and a PodMonitor name their jobs differently; the rules rely on the
    service and district labels every target carries."""
    for rule in alerts():
        assert not re.search(r"\bjob\b", rule["expr"]), rule["alert"]


def test_the_compose_configuration_is_valid(promtool: str) -> None:
    checked = run(promtool, "check", "config", str(PROMETHEUS / "prometheus.yml"))
    assert "1 rule files found" in checked


def test_the_local_configuration_is_valid(promtool: str, tmp_path: Path) -> None:
    config = tmp_path / "prometheus.yml"
    config.write_text(run(str(LOCAL_SCRIPT), "config"))
    run(promtool, "check", "config", str(config))
    assert str(RULES) in yaml.safe_load(config.read_text())["rule_files"]


def static_targets(config: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        target: entry["labels"]
        for job in config["scrape_configs"]
        for entry in job["static_configs"]
        for target in entry["targets"]
    }


@pytest.mark.parametrize("source", ["compose", "local"])
def test_every_target_is_labelled_with_its_service_and_district(source: str) -> None:
    if source == "compose":
        config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    else:
        config = yaml.safe_load(run(str(LOCAL_SCRIPT), "config"))
    targets = static_targets(config)
    services = {labels["service"] for labels in targets.values()}
    assert services == {"intake", "dispatch", "deadline", "callback", "supervision"}
    for target, labels in targets.items():
        assert labels.get("district") == "xjxq", target
    assert all(job["honor_labels"] for job in config["scrape_configs"])


def test_the_pod_monitor_labels_service_and_district() -> None:
    monitor = yaml.safe_load((MONITORING / "podmonitor.yaml").read_text())
    endpoint = monitor["spec"]["podMetricsEndpoints"][0]
    assert endpoint["honorLabels"] is True
    relabelled = {step["targetLabel"]: step for step in endpoint["relabelings"]}
    assert relabelled["service"]["sourceLabels"] == [
        "__meta_kubernetes_pod_label_app_kubernetes_io_name"
    ]
    assert relabelled["district"]["replacement"] == "xjxq"


def test_kubernetes_gets_the_same_rules() -> None:
    spec = importlib.util.spec_from_file_location("generate", MONITORING / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generated = (MONITORING / "prometheusrule.yaml").read_text()
    assert generated == generate.render(), (
        "prometheusrule.yaml differs from alerts.yml: "
        "run python deploy/kubernetes/monitoring/generate.py"
    )
    assert (
        yaml.safe_load(generated)["spec"]["groups"] == yaml.safe_load(RULES.read_text())["groups"]
    )


def test_compose_mounts_the_same_rules() -> None:
    compose = yaml.safe_load((ROOT / "deploy" / "compose" / "compose.yaml").read_text())
    mounts = compose["services"]["prometheus"]["volumes"]
    assert "../prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in mounts
    assert "../prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro" in mounts


@pytest.mark.timeout(900)  # the first run builds kustomize (deploy/local/tools.sh)
def test_the_monitoring_kustomization_renders_a_pod_monitor_and_the_rules() -> None:
    tool = run(str(ROOT / "deploy" / "local" / "tools.sh"), "kustomize").strip()
    rendered = [m for m in yaml.safe_load_all(run(tool, "build", str(MONITORING))) if m]
    assert {(m["kind"], m["metadata"]["namespace"]) for m in rendered} == {
        ("PodMonitor", "civicloop"),
        ("PrometheusRule", "civicloop"),
    }
    (rule,) = [m for m in rendered if m["kind"] == "PrometheusRule"]
    assert rule["spec"]["groups"] == yaml.safe_load(RULES.read_text())["groups"]
