"""Kafka subscriptions: supervision watches registration, handling, deadlines and callbacks."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from common import events
from common.consumer import Handler
from common.envelope import Event
from supervision import projection, service
from supervision.config import Rules

#: Every event its figures are folded from (AppealDecided is supervision's own: kept when
#: decided, never consumed); some also file signals or records.
CONSUMES: tuple[type[Event], ...] = tuple(
    model
    for name, model in Event.registered().items()
    if name in projection.KEPT_EVENTS and model.producer != "supervision"
)

DEFAULT_RULES = Rules()


def handlers(rules: Rules = DEFAULT_RULES) -> Mapping[type[Event], Handler]:
    special: dict[type[Event], Handler] = {
        events.CaseAssigned: service.on_assigned,
        events.CaseReopened: service.on_reopened,
        events.CaseReferredToSupervision: service.on_referred,
        events.CaseReturned: partial(service.on_returned, rules=rules),
        events.DeadlineExceeded: service.on_overdue,
        events.DeadlineEscalated: service.on_escalated,
        events.CallbackCompleted: service.on_callback,
    }
    return {**dict.fromkeys(CONSUMES, service.keep), **special}
