"""What callback counts for the district's leaders (common.metrics, labels bounded by
common.business): each finished callback by its result, against the department that
resolved the case."""

from __future__ import annotations

from typing import Any

from callback.domain.task import CallbackTask
from common import business, metrics
from common.outbox import Transaction
from common.vocabulary import Satisfaction

#: The submitter could not be reached after the allowed attempts (无法回访).
UNREACHABLE = "unreachable"


def count_callback(uow: Transaction[Any], task: CallbackTask, result: Satisfaction | str) -> None:
    value = result.value if isinstance(result, Satisfaction) else result
    counter = metrics.CALLBACKS.labels(business.labels().department(task.department), value)
    uow.after_commit(counter.inc)
