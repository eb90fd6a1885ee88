"""Intake's settings: the one place for its defaults (thresholds, windows, limits), read from
the environment; the domain's rules, limits and throttle are built from them."""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings
from intake.domain.attachments import MIB, AttachmentLimits
from intake.domain.batch_rows import BatchLimits
from intake.domain.duplicates import DuplicateRules
from intake.domain.tracking import TrackingThrottle


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)
    http_port: int = 8001
    duplicate_text_threshold: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Bigram cosine similarity from which two texts are the same matter "
        "(likely duplicates, ADR 0009).",
    )
    duplicate_submitter_days: int = Field(
        default=30, ge=0, description="Days the same submitter's earlier cases are compared."
    )
    duplicate_place_days: int = Field(
        default=7, ge=0, description="Days earlier cases at the same place are compared."
    )
    duplicate_distance_m: float = Field(
        default=200.0, ge=0, description="Metres within which two cases are at the same place."
    )
    attachment_max_mib: float = Field(
        default=10, gt=0, le=64, description="Largest attachment, in MiB."
    )
    attachments_per_case: int = Field(
        default=9, ge=1, le=100, description="Most attachments on one case."
    )
    tracking_window_minutes: int = Field(
        default=60,
        ge=1,
        le=24 * 60,
        description="The window, in minutes, that wrong tracking codes count in.",
    )
    tracking_failures_per_client: int = Field(
        default=20,
        ge=1,
        description="Wrong tracking codes per client address in a window before its codes are "
        "refused with `429` unchecked.",
    )
    tracking_failures_per_case: int = Field(
        default=10,
        ge=1,
        description="Wrong codes per case number in a window before further wrong codes for it "
        "get `429` (the right code is always answered).",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks of the gateway; only from them does "
        "`X-Forwarded-For` name the client. Empty: trust nobody. Behind a gateway, name it, or "
        "every citizen counts as the gateway's one address; `./dev up` names its own gateway, "
        "`127.0.0.1`.",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses_or_networks(cls, value: str) -> str:
        for item in split_list(value):
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad item
        return value

    def tracking_throttle(self) -> TrackingThrottle:
        return TrackingThrottle(
            window=timedelta(minutes=self.tracking_window_minutes),
            per_client=self.tracking_failures_per_client,
            per_case=self.tracking_failures_per_case,
        )

    def trusted_proxy_list(self) -> list[str]:
        return split_list(self.trusted_proxies)

    def duplicate_rules(self) -> DuplicateRules:
        return DuplicateRules(
            text_threshold=self.duplicate_text_threshold,
            submitter_window=timedelta(days=self.duplicate_submitter_days),
            place_window=timedelta(days=self.duplicate_place_days),
            distance_m=self.duplicate_distance_m,
        )

    def attachment_limits(self) -> AttachmentLimits:
        return AttachmentLimits(
            max_bytes=int(self.attachment_max_mib * MIB),
            max_per_case=self.attachments_per_case,
        )

    classification_threshold: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="Below this classifier confidence a case without a confirmed category goes "
        "to a human dispatcher. A district file that chooses its classifier (`classifier:`) "
        "sets its own threshold instead.",
    )
    classification_dir: str | None = Field(
        default=None,
        description="The labelled set and keywords (`labelled.yaml`, `keywords.yaml`) the "
        "classifier learns at start-up; unset: `deploy/classification`. A district file that "
        "names its own corpus (`classifier: corpus:`) overrides it.",
    )
    classifier_poll_seconds: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description="How often intake checks which classifier model is current, so that one "
        "`civicloop-classify-retrain` switched to is used without a restart.",
    )
    open311_demo_key: SecretStr | None = Field(
        default=None,
        description="An Open311 API key for a local demo (refused in production; issue keys "
        "with `POST /api/v1/open311/keys`).",
    )

    batch_max_rows: int = Field(
        default=5000, ge=1, le=100_000, description="Most data rows one batch import may hold."
    )
    batch_max_mib: float = Field(
        default=5, gt=0, le=64, description="Largest batch import file (XLSX or CSV), in MiB."
    )

    knowledge_review_months: int = Field(
        default=12,
        ge=1,
        le=120,
        description="Months after publishing, or its last confirmation, that a knowledge "
        "article is due for review. A district file that sets `knowledge: review_months:` "
        "uses its own.",
    )
    knowledge_poll_seconds: float = Field(
        default=5.0,
        gt=0,
        le=3600,
        description="How often intake checks whether knowledge articles changed (published "
        "or withdrawn through another replica, or the day's validity), rebuilding its search "
        "index when they did.",
    )

    def batch_limits(self) -> BatchLimits:
        return BatchLimits(max_rows=self.batch_max_rows, max_bytes=int(self.batch_max_mib * MIB))

    @model_validator(mode="after")
    def _no_demo_key_in_production(self) -> Settings:
        if self.environment == "production" and self.open311_demo_key is not None:
            raise ValueError("OPEN311_DEMO_KEY is for a local demo; issue keys through the API")
        return self
