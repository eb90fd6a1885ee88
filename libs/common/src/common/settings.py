"""Typed settings, read from the environment when a service starts (never at import)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from common.db import async_database_url

#: Signs tokens on a developer's machine only; production refuses it.
DEVELOPMENT_SECRET = "civicloop-development-only-secret"


class ServiceSettings(BaseSettings):
    """What every service needs to start. Each service subclasses it for its own knobs."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    database_url: str = Field(
        description="PostgreSQL URL, e.g. `postgresql+asyncpg://user:pass@host:5432/db`; "
        "`postgresql://` is turned into `postgresql+asyncpg://`. Each service uses the schema "
        "named after itself.",
    )
    kafka_bootstrap_servers: str = Field(description="`host:port[,host:port]`")
    topic_prefix: str = Field(
        default="",
        description="Put in front of every topic name and consumer group id. It isolates "
        "districts or test runs that share one cluster.",
    )
    http_host: str = Field(
        default="127.0.0.1", description="The address to listen on; `0.0.0.0` in a container."
    )
    http_port: int = Field(default=8000, description="The HTTP port.")
    log_level: str = Field(default="INFO", description="`DEBUG`, `INFO`, `WARNING` or `ERROR`.")
    db_pool_size: int = Field(
        default=10,
        description="Connection pool size. Up to as many again overflow connections are allowed.",
    )
    consumer_max_records: int = Field(
        default=500, description="Most records in one consumed batch."
    )
    consumer_max_attempts: int = Field(
        default=3, ge=1, description="Attempts for a failing message before it is dead-lettered."
    )
    outbox_shards: int = Field(
        default=16,
        ge=1,
        le=1024,
        description="Outbox shards (1-1024). Every replica of a service must use the same "
        "value. Change it only while the outbox is empty.",
    )
    outbox_poll_seconds: float = Field(
        default=0.1, description="How often the outbox relay looks for rows when nothing wakes it."
    )
    district_file: str | None = Field(
        default=None,
        description="The district definition; unset: `deploy/district/demo.yaml`, found by "
        "searching upwards from the code (the tests' small demo district; `./dev up` sets "
        "`deploy/district/yuelu.yaml`). Flat categories (the demo) or a 12345 taxonomy of "
        "domains, categories and items (`deploy/district/yuelu.yaml`, whose items are the "
        "routable categories); a file with an unknown department, an item without a lead, a "
        "parent cycle or a duplicate code stops the service at start with the line and the "
        "reason. Dispatch seeds its departments, routing rules and staff from it (once per "
        "file version; API edits are kept) and the taxonomy (the nodes it lacks, at every "
        "start; an administrator's edit is never overwritten, ADR 0019); intake starts its "
        "catalogue from it until dispatch's TaxonomyChanged arrives. Every service labels its business metrics with its department and category "
        "codes (others count as `other`).",
    )
    environment: Literal["development", "production"] = Field(
        default="development",
        description="`development` is a developer's machine or a demo: dispatch seeds the "
        "district file's demo accounts (those with a `demo_password`, and the handlers "
        "`demo_handlers` makes). `production` refuses to start without an `AUTH_SECRET` "
        "of 32 or more characters; dispatch seeds no demo account and refuses to start while an "
        "account still logs in with a published demo password.",
    )
    auth_secret: SecretStr | None = Field(
        default=None,
        description="Signs staff tokens (dispatch, at login) and verifies them (every service): "
        "the same value everywhere. Unset: a development-only value, refused in production.",
    )
    auth_token_hours: float = Field(default=10, gt=0, description="How long a login lasts.")

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> ServiceSettings:
        if self.environment == "production":
            secret = self.auth_secret.get_secret_value() if self.auth_secret else ""
            if len(secret) < 32 or secret == DEVELOPMENT_SECRET:
                raise ValueError("production needs AUTH_SECRET of 32 or more random characters")
        return self

    def token_secret(self) -> str:
        return self.auth_secret.get_secret_value() if self.auth_secret else DEVELOPMENT_SECRET

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        return async_database_url(url)

    def consumer_group(self, service: str) -> str:
        return f"{self.topic_prefix}{service}"
