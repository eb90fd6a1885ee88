"""Where the tests find Kafka and PostgreSQL, behind one interface.

1. KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL set: use them as they are.
2. A Docker engine reachable: testcontainers starts Kafka and PostgreSQL.
3. Otherwise: the project's own scripts (deploy/local/infra.sh) start them on this machine.

Every test run then gets its own database and its own topic prefix, so runs never see each
other's data, nor that of a running ./dev up.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from common.topics_admin import apply_catalogue, delete_prefixed

ROOT = Path(__file__).resolve().parents[2]
# the addresses deploy/local/env.sh gives, ports overridable as there
LOCAL_KAFKA = f"127.0.0.1:{os.environ.get('KAFKA_PORT', '19092')}"
LOCAL_DATABASE = (
    f"postgresql+asyncpg://civic:civic@127.0.0.1:{os.environ.get('PGPORT_LOCAL', '54329')}/civic"
)


@dataclass(frozen=True)
class Servers:
    kafka_bootstrap: str
    server_database_url: str  # a database on the server we may connect to, to create others
    source: str


@dataclass(frozen=True)
class TestRun:
    __test__ = False  # not a test class, whatever its name

    servers: Servers
    database_url: str
    topic_prefix: str

    @property
    def plain_database_url(self) -> str:
        return self.database_url.replace("postgresql+asyncpg://", "postgresql://")

    def service_env(self) -> dict[str, str]:
        return {
            "KAFKA_BOOTSTRAP_SERVERS": self.servers.kafka_bootstrap,
            "DATABASE_URL": self.database_url,
            "TOPIC_PREFIX": self.topic_prefix,
            "AUTH_SECRET": TEST_AUTH_SECRET,
        }


#: Every service of a test run signs and verifies staff tokens with this secret.
TEST_AUTH_SECRET = "civicloop-test-suite-secret-0123456789"


def _docker_reachable() -> bool:
    if os.environ.get("CIVICLOOP_NO_DOCKER"):
        return False
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def servers() -> Iterator[Servers]:
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("DATABASE_URL"):
        yield Servers(os.environ["KAFKA_BOOTSTRAP_SERVERS"], os.environ["DATABASE_URL"], "env")
    elif _docker_reachable():
        from testcontainers.kafka import KafkaContainer
        from testcontainers.postgres import PostgresContainer

        with (
            KafkaContainer("confluentinc/cp-kafka:7.7.1").with_kraft() as kafka,
            PostgresContainer("postgres:16", driver="asyncpg") as postgres,
        ):
            yield Servers(kafka.get_bootstrap_server(), postgres.get_connection_url(), "docker")
    else:
        subprocess.run([str(ROOT / "deploy/local/infra.sh"), "up"], check=True)
        yield Servers(LOCAL_KAFKA, LOCAL_DATABASE, "local scripts")


def new_run_names() -> tuple[str, str]:
    token = uuid.uuid4().hex[:10]
    return f"civictest_{token}", f"t{token}."


def with_database(url: str, database: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{database}"


@contextlib.asynccontextmanager
async def isolated_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    """A database and a topic prefix of its own, removed afterwards."""
    database, prefix = new_run_names()
    admin_url = infrastructure.server_database_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'CREATE DATABASE "{database}"')
    finally:
        await connection.close()
    await apply_catalogue(infrastructure.kafka_bootstrap, prefix=prefix)
    try:
        yield TestRun(
            infrastructure, with_database(infrastructure.server_database_url, database), prefix
        )
    finally:
        await delete_prefixed(infrastructure.kafka_bootstrap, prefix)
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await connection.close()
