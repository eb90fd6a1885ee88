"""A probe service on the real runtime: supervision's name and topics, one handler for
CaseRejected and an `effects` table, for tests of consumption and dead letters. Its store is
the transaction's SQL session itself (`ctx.store.execute(...)`)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from common.consumer import Handler
from common.events import CaseRejected
from common.runtime import Runtime, ServiceDefinition, create_app
from common.settings import ServiceSettings
from tests.support.infra import TestRun

#: The probe runs as supervision, so it consumes intake's topic and owns supervision's.
PROBE = "supervision"


@contextlib.asynccontextmanager
async def probe_service(
    run: TestRun,
    migrations: Path,
    *,
    effects_columns: str,
    handler: Handler,
    max_attempts: int,
) -> AsyncIterator[Runtime]:
    """Start the probe with `handler` for CaseRejected; its table is `effects(<columns>)`."""
    (migrations / "0001_effects.sql").write_text(
        f"CREATE TABLE {{schema}}.effects ({effects_columns});"
    )
    definition = ServiceDefinition(
        name=PROBE,
        migrations=migrations,
        consumes=(CaseRejected,),
        handlers=lambda runtime: {CaseRejected: handler},
        store=lambda session: session,
    )
    settings = ServiceSettings(
        database_url=run.database_url,
        kafka_bootstrap_servers=run.servers.kafka_bootstrap,
        topic_prefix=run.topic_prefix,
        consumer_max_attempts=max_attempts,
        outbox_poll_seconds=0.05,
    )
    app = create_app(definition, settings)
    async with app.router.lifespan_context(app):
        yield app.state.runtime
