"""Dispatch's settings: the one place for its defaults (extensions, handling rounds, the
login lock)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings
from dispatch.domain.lifecycle import ExtensionCap
from dispatch.domain.organisation import LoginThrottle


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)
    http_port: int = 8002
    max_extensions: int = Field(
        default=2, ge=0, description="Extensions (延期) a case may get in total."
    )
    max_extension_working_days: int = Field(
        default=10, ge=0, description="Working days of extension a case may get in total."
    )
    max_handling_rounds: int = Field(
        default=3,
        ge=1,
        description="Handling rounds (the first and the reopenings) before a case still failing "
        "its callback is referred to supervision instead of reopened.",
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Wrong passwords in a row before a username is locked."
    )
    login_lock_minutes: float = Field(
        default=15, gt=0, description="How long the lock lasts, in minutes."
    )

    def extension_cap(self) -> ExtensionCap:
        return ExtensionCap(self.max_extensions, self.max_extension_working_days)

    def login_throttle(self) -> LoginThrottle:
        lock = timedelta(minutes=self.login_lock_minutes)
        return LoginThrottle(self.login_max_failures, lock=lock, window=lock)
