"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from common.runtime import ServiceDefinition, create_app
from common.serve import serve
from supervision import api, handlers, measures
from supervision.config import Rules, Settings
from supervision.repository.sql import SqlStore

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def definition(settings: Settings) -> ServiceDefinition:
    rules = Rules.of(settings)
    return ServiceDefinition(
        name="supervision",
        title="supervision - 督查督办",
        migrations=MIGRATIONS,
        consumes=handlers.CONSUMES,
        handlers=lambda runtime: handlers.handlers(rules),
        routers=api.routers,
        background=[measures.sample_rates],
        store=SqlStore,
    )


def app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(definition(settings), settings)


def run() -> None:
    settings = Settings()
    serve(app(settings), settings)


if __name__ == "__main__":
    run()
