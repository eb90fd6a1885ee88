"""Intake's own state (ServiceDefinition.state): the configured rules its use cases apply, and
what its routes and background loops share."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from intake.domain import duplicates as dup
from intake.domain.attachments import AttachmentLimits
from intake.domain.batch_rows import BatchLimits
from intake.domain.classification import Suggests
from intake.domain.submission import Street
from intake.domain.tracking import TrackingThrottle

if TYPE_CHECKING:  # the catalogue and the index read this state: imported for their types
    from intake.classification.catalogue import LiveCatalogue
    from intake.knowledge.live_index import LiveIndex


@dataclass(frozen=True)
class IntakePolicy:
    """The configured rules the use cases apply."""

    duplicates: dup.DuplicateRules
    attachments: AttachmentLimits
    tracking: TrackingThrottle
    streets: tuple[Street, ...]
    department_names: Mapping[str, str]
    classifier: Suggests | None


@dataclass
class IntakeState:
    """What intake's routes, handlers and background loops share in one process: the policy,
    the batch limits, the live catalogue, the knowledge search index, and the batch imports
    still running (kept so that a running import's task is not collected)."""

    policy: IntakePolicy
    batch_limits: BatchLimits
    catalogue: LiveCatalogue
    knowledge: LiveIndex
    batch_jobs: set[asyncio.Task[None]] = field(default_factory=set)
