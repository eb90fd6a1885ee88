"""Serving a service's app over HTTP: the one uvicorn set-up every service uses.

The gateway (nginx, and ingress-nginx in Kubernetes) keeps idle connections to each service
open for reuse. If the service closed an idle connection first, a request nginx sent on it at
that moment would fail as a 502, which the gateway answers as 503; nginx does not retry a POST.
So the service keeps idle connections open longer than any gateway in front of it does."""

from __future__ import annotations

from collections.abc import Sequence

import uvicorn
from fastapi import FastAPI

from common.settings import ServiceSettings

#: How long the gateways keep an idle upstream connection (deploy/local/gateway.conf.template
#: says it; ingress-nginx defaults to 60 s).
GATEWAY_KEEPALIVE_SECONDS = 60
#: How long a service keeps an idle connection: longer than the gateway, so the gateway
#: always closes first.
KEEPALIVE_SECONDS = 75


def serve(app: FastAPI, settings: ServiceSettings, *, trusted_proxies: Sequence[str] = ()) -> None:
    """Run until stopped. With `trusted_proxies`, X-Forwarded-For names the client when the
    peer is one of them (uvicorn would otherwise trust localhost)."""
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        timeout_keep_alive=KEEPALIVE_SECONDS,
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=list(trusted_proxies) or None,
    )
