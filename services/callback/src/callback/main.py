"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from callback import api, handlers
from callback.config import Settings
from callback.repository.sql import SqlStore
from common.runtime import ServiceDefinition, create_app
from common.serve import serve

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def definition(settings: Settings) -> ServiceDefinition:
    """Callback needs no state of its own: its rules are read from the settings per request."""
    return ServiceDefinition(
        name="callback",
        title="callback - 回访",
        migrations=MIGRATIONS,
        consumes=handlers.CONSUMES,
        handlers=lambda runtime: handlers.handlers(),
        routers=lambda runtime: api.routers(),
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
