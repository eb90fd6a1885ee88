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
        description="SQLAlchemy URL, e.g. postgresql+asyncpg://user:pass@host:5432/db",
    )
    kafka_bootstrap_servers: str = Field(description="host:port[,host:port]")
    topic_prefix: str = Field(
        default="",
        description="Prefix for topic names and consumer groups; isolates districts or test runs "
        "sharing one cluster.",
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    db_pool_size: int = 10
    consumer_max_records: int = 500
    consumer_max_attempts: int = Field(
        default=3, ge=1, description="Attempts for a failing message before it is dead-lettered"
    )
    outbox_shards: int = Field(default=16, ge=1, le=1024)
    outbox_poll_seconds: float = 0.1
    district_file: str | None = Field(
        default=None, description="Path to the district definition loaded at start-up"
    )
    environment: Literal["development", "production"] = Field(
        default="development",
        description="production refuses to start without a real AUTH_SECRET",
    )
    auth_secret: SecretStr | None = Field(
        default=None,
        description="Shared secret that signs staff tokens; the same value in every service",
    )
    auth_token_hours: float = Field(default=10, gt=0, description="How long a login lasts")

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
