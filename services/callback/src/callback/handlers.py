"""Kafka subscriptions: a resolved case opens a callback task."""

from __future__ import annotations

from collections.abc import Mapping

from callback import service
from common import topics
from common.consumer import Handler

CONSUMES = (topics.DISPATCH_CASE_EVENTS,)


def handlers() -> Mapping[str, Handler]:
    return {"CaseResolved": service.on_case_resolved}
