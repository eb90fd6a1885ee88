"""What intake counts for the district's leaders (common.metrics, labels bounded by
common.business): registrations by channel, kind and category, and how long a case waited
from its registration, which only intake knows, to its first assignment."""

from __future__ import annotations

from functools import partial
from typing import Any

from common import business, metrics
from common.consumer import MessageContext
from common.events import CaseAssigned
from common.outbox import Transaction
from common.vocabulary import Channel, RequestKind


def count_registration(
    uow: Transaction[Any], channel: Channel, kind: RequestKind, category: str | None
) -> None:
    counter = metrics.CASES_REGISTERED.labels(
        channel.value, kind.value, business.labels().category(category)
    )
    uow.after_commit(counter.inc)


def time_to_first_assignment(ctx: MessageContext, event: Any, case: Any) -> None:
    """Observed once per case: on the assignment numbered 1 (a repeat of it is dropped by
    the inbox; re-routes are numbered 2, 3...)."""
    if not isinstance(event, CaseAssigned) or event.assignment != 1:
        return
    labels = business.labels()
    waited = max((event.assigned_at - case.registered_at).total_seconds(), 0.0)
    histogram = metrics.SUBMIT_TO_ASSIGNED.labels(
        labels.department(event.lead_department), labels.category(event.category)
    )
    ctx.after_commit(partial(histogram.observe, waited))
