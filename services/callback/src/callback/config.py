"""Callback's settings: the one place for its defaults (attempts, unreachable policy, rating
links)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from callback.domain.task import CallbackRules, UnreachablePolicy
from common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)
    http_port: int = 8004
    callback_max_failed_attempts: int = Field(
        default=3, ge=1, description="Unanswered calls before a callback is unreachable."
    )
    callback_unreachable_policy: UnreachablePolicy = Field(
        default=UnreachablePolicy.CLOSE_UNRATED,
        description="What becomes of a case whose submitter cannot be reached: closed unrated, "
        "or referred to supervision.",
    )
    rating_link_hours: float = Field(
        default=72, gt=0, description="How long a rating link works, in hours."
    )
    public_base_url: str = Field(
        default="http://127.0.0.1:8080",
        description="The console's public address: rating links are `<it>/rate/<token>`.",
    )

    def rules(self) -> CallbackRules:
        return CallbackRules(
            max_failed_attempts=self.callback_max_failed_attempts,
            unreachable_policy=self.callback_unreachable_policy,
        )
