"""Intake's own state: the configured rules its use cases apply."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from intake.domain import duplicates as dup
from intake.domain.attachments import AttachmentLimits
from intake.domain.classification import Suggests
from intake.domain.submission import Street
from intake.domain.tracking import TrackingThrottle


@dataclass(frozen=True)
class IntakePolicy:
    """The configured rules the use cases apply."""

    duplicates: dup.DuplicateRules
    attachments: AttachmentLimits
    tracking: TrackingThrottle
    streets: tuple[Street, ...]
    department_names: Mapping[str, str]
    classifier: Suggests | None
