"""deploy/kubernetes as `kubectl apply -k` hands it to a cluster, rendered by the real kustomize
(deploy/local/tools.sh builds it once): every Secret and ConfigMap key a workload reads is
created, by the manifests or by the documented steps, and production seeds no demo account."""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from common.district import District, bundled_demo_path, load_district

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "deploy" / "kubernetes"
STEPS = KUBERNETES / "README.md"
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job"}

# The first run builds kustomize from source.
pytestmark = pytest.mark.timeout(900)

Manifest = dict[str, Any]
#: (kind, name, key): a key of a Secret or ConfigMap, or None for the whole object
Reference = tuple[str, str, str | None]


@pytest.fixture(scope="module")
def rendered() -> list[Manifest]:
    tool = subprocess.run(
        [str(ROOT / "deploy" / "local" / "tools.sh"), "kustomize"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    built = subprocess.run(
        [tool, "build", str(KUBERNETES)], check=True, capture_output=True, text=True
    )
    return [manifest for manifest in yaml.safe_load_all(built.stdout) if manifest]


def pod_specs(rendered: list[Manifest]) -> Iterator[tuple[str, Manifest]]:
    for manifest in rendered:
        if manifest["kind"] in WORKLOADS:
            yield manifest["metadata"]["name"], manifest["spec"]["template"]["spec"]


def containers(pod: Manifest) -> list[Manifest]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def references(pod: Manifest) -> set[Reference]:
    found: set[Reference] = set()
    for container in containers(pod):
        for variable in container.get("env", []):
            source = variable.get("valueFrom", {})
            if ref := source.get("secretKeyRef"):
                found.add(("Secret", ref["name"], ref["key"]))
            if ref := source.get("configMapKeyRef"):
                found.add(("ConfigMap", ref["name"], ref["key"]))
        for bulk in container.get("envFrom", []):
            if ref := bulk.get("secretRef"):
                found.add(("Secret", ref["name"], None))
            if ref := bulk.get("configMapRef"):
                found.add(("ConfigMap", ref["name"], None))
    for volume in pod.get("volumes", []):
        if ref := volume.get("configMap"):
            found.add(("ConfigMap", ref["name"], None))
        if ref := volume.get("secret"):
            found.add(("Secret", ref["secretName"], None))
    return found


def documented_secrets() -> dict[str, set[str]]:
    """Name -> keys of each `kubectl create secret generic` in the steps' shell blocks."""
    created: dict[str, set[str]] = {}
    for block in re.findall(r"```bash\n(.*?)```", STEPS.read_text(), re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            if not line.strip().startswith("kubectl create secret generic "):
                continue
            words = shlex.split(line)
            keys = created.setdefault(words[4], set())
            for word in words[5:]:
                option, _, value = word.partition("=")
                if option in ("--from-literal", "--from-file"):
                    keys.add(value.split("=", 1)[0])
    return created


def provided(rendered: list[Manifest]) -> dict[tuple[str, str], set[str]]:
    objects = {
        (m["kind"], m["metadata"]["name"]): {*m.get("data", {}), *m.get("stringData", {})}
        for m in rendered
        if m["kind"] in ("Secret", "ConfigMap")
    }
    for name, keys in documented_secrets().items():
        objects.setdefault(("Secret", name), set()).update(keys)
    return objects


def test_every_secret_and_config_key_a_workload_reads_is_created(rendered: list[Manifest]) -> None:
    available = provided(rendered)
    read = {(workload, ref) for workload, pod in pod_specs(rendered) for ref in references(pod)}
    assert ("dispatch", ("Secret", "civicloop-database", "AUTH_SECRET")) in read
    missing = [
        f"{workload} reads {kind} {name}" + (f" key {key}" if key else "")
        for workload, (kind, name, key) in sorted(read, key=str)
        if (kind, name) not in available or (key is not None and key not in available[kind, name])
    ]
    assert not missing, f"create these in the manifests or in {STEPS.relative_to(ROOT)}: {missing}"


def test_the_secret_template_holds_what_the_steps_create() -> None:
    template = yaml.safe_load((KUBERNETES / "secret.example.yaml").read_text())
    created = documented_secrets()
    assert set(template["stringData"]) == created[template["metadata"]["name"]]


def effective_environment(container: Manifest, config_maps: dict[str, Manifest]) -> str | None:
    for variable in container.get("env", []):
        if variable["name"] == "ENVIRONMENT":
            return str(variable.get("value"))
    for bulk in container.get("envFrom", []):
        data = config_maps[bulk["configMapRef"]["name"]]["data"] if "configMapRef" in bulk else {}
        if "ENVIRONMENT" in data:
            return str(data["ENVIRONMENT"])
    return None


def test_production_seeds_no_demo_account(rendered: list[Manifest]) -> None:
    config_maps = {m["metadata"]["name"]: m for m in rendered if m["kind"] == "ConfigMap"}
    environments = {
        name: effective_environment(container, config_maps)
        for name, pod in pod_specs(rendered)
        for container in pod["containers"]
        if name not in ("civicloop-topics", "console")  # the console only serves files
    }
    assert {"intake", "dispatch"} <= set(environments)
    assert set(environments.values()) == {"production"}, environments

    district = District.model_validate(
        yaml.safe_load(config_maps["civicloop-district"]["data"]["district.yaml"])
    )
    published = {
        account.password_hash
        for path in (bundled_demo_path(), ROOT / "deploy" / "district" / "yuelu.yaml")
        for account in load_district(path).accounts
        if account.is_demo
    }
    assert len(published) > 1, "the demo and the real district mark their demo accounts"
    seeded = district.staff_to_seed(demo_accounts=False)
    leaked = [account.username for account in seeded if account.password_hash in published]
    assert not leaked, f"production would seed demo accounts: {leaked}"
    assert "civicloop-staff create-admin" in STEPS.read_text(), "the steps make the first admin"


def test_the_district_config_map_carries_the_demo_district_as_it_is() -> None:
    """deploy/kubernetes/config.yaml embeds deploy/district/demo.yaml, the self-contained
    template a cluster starts from (the real district `./dev up` runs, yuelu.yaml, trains on a
    corpus beside it, which a ConfigMap does not carry): a copy that drifts would give a
    cluster an organisation no test has loaded."""
    maps = [
        m
        for m in yaml.safe_load_all((KUBERNETES / "config.yaml").read_text())
        if m and m.get("kind") == "ConfigMap" and m["metadata"]["name"] == "civicloop-district"
    ]
    assert len(maps) == 1
    assert maps[0]["data"]["district.yaml"] == bundled_demo_path().read_text(encoding="utf-8")


def test_intake_finds_the_demo_districts_knowledge_articles_where_the_file_names_them() -> None:
    """The district map carries each of the demo's article files as it is, and intake mounts
    each in the folder demo.yaml's `knowledge: articles:` names, beside the district file:
    a file left out would start a cluster's intake without it, one out of place not at all."""
    manifests = list(yaml.safe_load_all((KUBERNETES / "config.yaml").read_text()))
    (district,) = [m for m in manifests if m and m["metadata"]["name"] == "civicloop-district"]
    demo = bundled_demo_path()
    folder = load_district(demo).knowledge.articles  # type: ignore[union-attr]
    files = sorted((demo.parent / folder).glob("*.yaml"))
    assert files, "the demo district has knowledge articles"
    for path in files:
        assert district["data"][f"knowledge-{path.name}"] == path.read_text(encoding="utf-8")
    (intake,) = [
        m for m in yaml.safe_load_all((KUBERNETES / "intake.yaml").read_text())
        if m and m["kind"] == "Deployment"
    ]  # fmt: skip
    (volume,) = [
        v for v in intake["spec"]["template"]["spec"]["volumes"] if v["name"] == "district"
    ]
    mounted = {item["key"]: item["path"] for item in volume["configMap"]["items"]}
    assert mounted == {
        "district.yaml": "district.yaml",
        **{f"knowledge-{p.name}": f"{folder}/{p.name}" for p in files},
    }
