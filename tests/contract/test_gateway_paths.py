"""One path map wherever civicloop is served: the local gateway (deploy/local/
gateway.conf.template, also the compose gateway's and the console pod's), the compose file's
upstreams, and the Kubernetes Ingress route /api/<service>/ to that service without the prefix
and /open311/ to intake; and each refuses bodies over the service's own limit."""

from __future__ import annotations

import re
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from common.runtime import ServiceDefinition
from common.serve import GATEWAY_KEEPALIVE_SECONDS, KEEPALIVE_SECONDS

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {
    "intake": 8001,
    "dispatch": 8002,
    "deadline": 8003,
    "callback": 8004,
    "supervision": 8005,
}
TEMPLATE = (ROOT / "deploy" / "local" / "gateway.conf.template").read_text()
LOCATION = re.compile(r"location ((?:~ )?\S+) \{(.*?)\n        \}", re.DOTALL)


@cache
def intake() -> ServiceDefinition:
    """Intake's own definition, with its default settings (never connected)."""
    from intake.config import Settings
    from intake.main import definition

    settings = Settings(
        database_url="postgresql+asyncpg://x:x@127.0.0.1:9/x", kafka_bootstrap_servers="127.0.0.1:9"
    )
    return definition(settings)


def intake_body() -> int:
    return intake().max_body_bytes


def file_route(word: str) -> tuple[str, int]:
    """Intake's file route whose pattern has `word` (attachments, batches), and its limit."""
    ((route, limit),) = [(r, n) for r, n in intake().route_body_limits.items() if word in r]
    return route, limit


def _bytes(size: str) -> int:
    size = size.strip('"')
    unit = {"k": 1024, "m": 1024 * 1024}.get(size[-1].lower(), 1)
    return int(size.rstrip("kKmM")) * unit


def _number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found is not None, pattern
    return int(found.group(1))


def default_body() -> int:
    (found,) = [f.default for f in fields(ServiceDefinition) if f.name == "max_body_bytes"]
    assert isinstance(found, int)
    return found


def gateway_locations() -> dict[str, str]:
    return {path: body for path, body in LOCATION.findall(TEMPLATE)}


def test_the_gateway_sends_each_prefix_to_its_service_without_it() -> None:
    locations = gateway_locations()
    for name in SERVICES:
        assert f"proxy_pass http://{name}/;" in locations[f"/api/{name}/"], name
        assert f"upstream {name} {{ server @{name.upper()}@;" in TEMPLATE
    assert "proxy_pass http://intake;" in locations["/open311/"]
    assert "try_files $uri /index.html;" in locations["/"]


def test_the_gateway_limits_bodies_as_the_services_do() -> None:
    locations = gateway_locations()
    server_default = re.search(r"\n        client_max_body_size (\S+);", TEMPLATE)
    assert server_default is not None
    assert _bytes(server_default.group(1)) == default_body()
    for path in ("/api/intake/", "/open311/"):
        size = re.search(r"client_max_body_size (\S+);", locations[path])
        assert size is not None and _bytes(size.group(1)) == intake_body(), path
    script = (ROOT / "deploy" / "local" / "gateway.sh").read_text()
    margin = _number(r"ATTACHMENT_BODY_MARGIN=(\d+)", script)
    for word, setting, placeholder in (
        ("attachments", "ATTACHMENT_MAX_MIB", "ATTACHMENT_BODY_BYTES"),
        ("batches", "BATCH_MAX_MIB", "BATCH_BODY_BYTES"),
    ):
        route, limit = file_route(word)
        ((path, body),) = [(p, b) for p, b in locations.items() if word in p]
        assert path == f"~ ^/api/intake({route})$"
        assert f"client_max_body_size @{placeholder}@;" in body
        mib = _number(setting + r"=\$\{" + setting + r":-(\d+)\}", script)
        assert mib * 1024 * 1024 + margin == limit


def test_compose_runs_the_gateway_in_front_of_every_service() -> None:
    compose = yaml.safe_load((ROOT / "deploy" / "compose" / "compose.yaml").read_text())
    gateway = compose["services"]["gateway"]
    assert gateway["build"]["dockerfile"] == "deploy/docker/Dockerfile.console"
    for name, port in SERVICES.items():
        assert gateway["environment"][f"{name.upper()}_UPSTREAM"] == f"{name}:{port}"
        assert compose["services"][name]["environment"]["HTTP_PORT"] == port


def ingress_routes() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    manifests = yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "ingress.yaml").read_text())
    return [
        (manifest, path)
        for manifest in manifests
        if manifest
        for rule in manifest["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]


def test_the_ingress_has_the_same_path_map_and_limits() -> None:
    routes = {
        path["path"]: (manifest, path["backend"]["service"]) for manifest, path in ingress_routes()
    }
    for name, port in SERVICES.items():
        manifest, backend = routes[f"/api/{name}(/|$)(.*)"]
        assert backend == {"name": name, "port": {"number": port}}
        annotations = manifest["metadata"]["annotations"]
        assert annotations["nginx.ingress.kubernetes.io/rewrite-target"] == "/$2"
        limit = intake_body() if name == "intake" else default_body()
        assert _bytes(annotations["nginx.ingress.kubernetes.io/proxy-body-size"]) == limit
    manifest, backend = routes["/open311/"]
    assert backend["name"] == "intake" and "rewrite-target" not in str(manifest["metadata"])
    for word in ("attachments", "batches"):
        manifest, backend = next(r for p, r in routes.items() if p.endswith(f"{word})$"))
        assert backend["name"] == "intake"
        body_size = manifest["metadata"]["annotations"][
            "nginx.ingress.kubernetes.io/proxy-body-size"
        ]
        assert _bytes(body_size) == file_route(word)[1]
    assert routes["/"][1] == {"name": "console", "port": {"number": 8080}}
    kustomization = yaml.safe_load(
        (ROOT / "deploy" / "kubernetes" / "kustomization.yaml").read_text()
    )
    assert {"console.yaml", "ingress.yaml"} <= set(kustomization["resources"])


def test_the_gateway_closes_an_idle_upstream_connection_before_the_service_does() -> None:
    """Otherwise a request sent on a connection the service is closing fails as a 502 (the
    gateway answers 503), and nginx does not retry a POST such as a login."""
    upstreams = re.findall(r"upstream (\w+) \{([^}]*)\}", TEMPLATE)
    assert {name for name, _ in upstreams} == set(SERVICES)
    for name, block in upstreams:
        timeout = re.search(r"keepalive_timeout (\d+)s;", block)
        assert timeout is not None, f"{name}: the upstream sets keepalive_timeout"
        assert int(timeout.group(1)) <= GATEWAY_KEEPALIVE_SECONDS, name
    assert KEEPALIVE_SECONDS > GATEWAY_KEEPALIVE_SECONDS
