"""Kafka subscriptions: which events dispatch reacts to, and with which use case."""

from __future__ import annotations

from collections.abc import Mapping

from common.consumer import Handler
from common.envelope import Event
from common.events import CallbackCompleted, CallbackFailed, CaseAccepted
from dispatch.service import callbacks, routing

CONSUMES: tuple[type[Event], ...] = (CaseAccepted, CallbackCompleted, CallbackFailed)


def handlers(
    max_rounds: int = 3, category_names: Mapping[str, str] | None = None
) -> Mapping[type[Event], Handler]:
    return {
        CaseAccepted: routing.on_case_accepted(category_names or {}),
        CallbackCompleted: callbacks.on_callback_completed(max_rounds),
        CallbackFailed: callbacks.on_callback_failed,
    }
