"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from callback import api, handlers
from callback.config import Settings
from common.runtime import ServiceDefinition, create_app
from common.serve import serve

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


DEFINITION = ServiceDefinition(
    name="callback",
    title="callback - 回访",
    migrations=MIGRATIONS,
    consumes=handlers.CONSUMES,
    handlers=lambda runtime: handlers.handlers(),
    routers=lambda runtime: [api.router],
)


def app(settings: Settings | None = None) -> FastAPI:
    return create_app(DEFINITION, settings or Settings())


def run() -> None:
    settings = Settings()
    serve(app(settings), settings)


if __name__ == "__main__":
    run()
