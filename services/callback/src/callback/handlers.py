"""Kafka subscriptions: a resolved case opens a callback task."""

from __future__ import annotations

from collections.abc import Mapping

from common import topics
from common.consumer import Handler

from callback import service

CONSUMES = (topics.DISPATCH_CASE_EVENTS,)


def handlers() -> Mapping[str, Handler]:
    return {"CaseResolved": service.on_case_resolved}
