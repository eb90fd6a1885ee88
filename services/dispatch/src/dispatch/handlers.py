"""Kafka subscriptions: which events dispatch reacts to, and with which use case."""

from __future__ import annotations

from collections.abc import Mapping

from common import topics
from common.consumer import Handler
from dispatch import service

CONSUMES = (topics.INTAKE_CASE_EVENTS, topics.CALLBACK_EVENTS)


def handlers(
    max_rounds: int = 3, category_names: Mapping[str, str] | None = None
) -> Mapping[str, Handler]:
    return {
        "CaseAccepted": service.on_case_accepted(category_names or {}),
        "CallbackCompleted": service.on_callback_completed(max_rounds),
        "CallbackFailed": service.on_callback_failed,
    }
