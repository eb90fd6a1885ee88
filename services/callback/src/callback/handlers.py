"""Kafka subscriptions: a registration gives the case's title; a resolution (or one on the
spot, or an outside unit's answer to a 转办) opens a callback task; deadline tells when it is due."""

from __future__ import annotations

from collections.abc import Mapping

from callback import service
from common.consumer import Handler
from common.envelope import Event
from common.events import (
    CaseRegistered,
    CaseResolved,
    CaseResolvedOnTheSpot,
    DeadlineSet,
    TransferAnswered,
)

CONSUMES: tuple[type[Event], ...] = (
    CaseRegistered,
    CaseResolvedOnTheSpot,
    CaseResolved,
    DeadlineSet,
    TransferAnswered,
)


def handlers() -> Mapping[type[Event], Handler]:
    return {
        CaseRegistered: service.on_case_registered,
        CaseResolved: service.on_case_resolved,
        CaseResolvedOnTheSpot: service.on_resolved_on_the_spot,
        DeadlineSet: service.on_deadline_set,
        TransferAnswered: service.on_transfer_answered,
    }
