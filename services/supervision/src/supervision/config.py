"""Supervision's settings (the one place for its defaults) and the rules taken from them."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings
from supervision.domain.ranking import RankBy


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)
    http_port: int = 8005
    scorecard_minimum_sample: int = Field(
        default=5, ge=1, description="Accepted cases in a period before a department is ranked."
    )
    ranking_measure: RankBy = Field(
        default=RankBy.SATISFACTION_RATE, description="The rate departments are ranked by."
    )
    buck_passing_max_returns: int = Field(
        default=2, ge=1, description="More returns than this in one case is buck-passing."
    )
    buck_passing_pair_bounces: int = Field(
        default=2, ge=2, description="The same two departments bouncing a case this often."
    )
    recurring_window_days: int = Field(
        default=90, ge=1, description="How long after closure a new case counts as recurring."
    )
    recurring_radius_m: float = Field(
        default=200,
        gt=0,
        description="Metres within which two cases are at the same place (recurring problems).",
    )


@dataclass(frozen=True)
class Rules:
    """The thresholds the event handlers apply, from the settings."""

    buck_passing_max_returns: int
    buck_passing_pair_bounces: int

    @classmethod
    def of(cls, settings: Settings) -> Rules:
        return cls(
            buck_passing_max_returns=settings.buck_passing_max_returns,
            buck_passing_pair_bounces=settings.buck_passing_pair_bounces,
        )
