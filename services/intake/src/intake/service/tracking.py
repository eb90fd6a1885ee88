"""The submitter's tracking: the code checked under a throttle per client address and per case
number (ADR 0014). Each attempt is counted by an UPSERT before the code is compared, so no
number of concurrent guesses gets more checks than the limit allows."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from common.clock import utcnow
from common.errors import ApiError, NotFound, TooManyRequests
from intake.domain import submission as rules
from intake.domain.tracking import client_key
from intake.repository.store import Unit
from intake.state import IntakePolicy

log = logging.getLogger(__name__)

CLIENT = "client"
CASE = "case"


@dataclass(frozen=True)
class TrackingCheck:
    """The case when the code is right; otherwise why not: a wrong code (404, the same as an
    unknown case number) or too many wrong codes (429)."""

    case: Any = None
    retry_after_seconds: int | None = None
    too_many_for_case: bool = False

    def refusal(self) -> ApiError:
        if self.retry_after_seconds is None:
            return case_not_found()
        minutes = math.ceil(self.retry_after_seconds / 60)
        message = (
            f"该受理编号近期查询码错误次数过多，请核对查询码，约 {minutes} 分钟后再试"
            if self.too_many_for_case
            else f"查询码错误次数过多，请约 {minutes} 分钟后再试"
        )
        return TooManyRequests(
            "too_many_attempts", message, retry_after_seconds=self.retry_after_seconds
        )


def case_not_found() -> NotFound:
    # The same answer for a wrong code as for no case: numbers cannot be probed.
    return NotFound("case_not_found", "受理编号或查询码不正确")


async def check_code(
    uow: Unit, case_id: str, code: str, request: Request, policy: IntakePolicy
) -> TrackingCheck:
    """An address past its limit is refused without its code being compared. The right
    code otherwise always wins, whatever the case's count: the case's limit only turns the
    answer to further wrong codes into 429. The caller commits before it answers, so that
    every attempt counts. The client is the connection's peer, which uvicorn takes from
    X-Forwarded-For only for a configured gateway (TRUSTED_PROXIES)."""
    throttle = policy.tracking
    client = client_key(request.client.host if request.client else None)
    now = utcnow()
    window = throttle.window_start(now)
    retry_after = throttle.retry_after_seconds(now)
    by_client = await uow.store.tracking.count_tracking_failure(CLIENT, client, window)
    if by_client == 1:  # the address's first attempt in this window: time to tidy
        await uow.store.tracking.forget_tracking_windows(before=window)
    if by_client > throttle.per_client:
        return TrackingCheck(retry_after_seconds=retry_after)
    case = await uow.store.cases.find_case(case_id)
    if case is not None and rules.tracking_code_matches(case_id, code, case.tracking_code_hash):
        # counted as a failure in advance; the right code takes it back
        await uow.store.tracking.count_tracking_failure(CLIENT, client, window, by=-1)
        return TrackingCheck(case=case)
    by_case = await uow.store.tracking.count_tracking_failure(CASE, case_id, window)
    if by_case <= throttle.per_case:
        return TrackingCheck()
    if by_case == throttle.per_case + 1:
        log.warning(
            "wrong tracking codes for case %s passed %d in this window",
            case_id,
            throttle.per_case,
            extra={"case_id": case_id},
        )
    return TrackingCheck(retry_after_seconds=retry_after, too_many_for_case=True)


async def public_case(uow: Unit, case: Any) -> dict[str, Any]:
    """Status and timeline for whoever holds the case number and its tracking code. A merged
    duplicate follows its original: the original's status, and its lines after the case's
    own."""
    view = await uow.store.timelines.public_view(case.case_id)
    if case.merged_into is not None:
        followed = await uow.store.timelines.public_view(case.merged_into)
        view = {
            "status": followed["status"],
            "status_label": followed["status_label"],
            "updated_at": followed["updated_at"],
            "timeline": view["timeline"] + followed["timeline"],
            "merged_into": case.merged_into,
        }
    return {
        "case_id": case.case_id,
        "title": case.title,
        "category": case.category,
        "channel": case.channel,
        "registered_at": case.registered_at,
        **view,
    }
