"""The submitter's own rating link: an agent issues it (the token is shown once, only its
hash kept); the submitter opens it and rates, once, before it expires."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from callback.domain.rating_link import LinkUnusable, check_usable, token_hash
from callback.domain.task import CallbackTask, TaskState
from callback.repository.store import RatingLink, Unit
from callback.service.calls import open_task, record_result
from common.clock import utcnow
from common.errors import ApiError, Conflict, NotFound
from common.vocabulary import CALLBACK_STATES_ZH, Satisfaction

RATING_LINK_AGENT = "submitter:rating-link"


class Gone(ApiError):
    status = 410


@dataclass(frozen=True)
class IssuedLink:
    token: str
    case_id: str
    round: int
    expires_at: datetime


async def issue_rating_link(
    uow: Unit, *, case_id: str, agent: str, valid_for: timedelta
) -> IssuedLink:
    """The token is returned once, for the agent to send by SMS; only its hash is kept."""
    task = await open_task(uow, case_id)
    if task.state is not TaskState.OPEN:
        raise Conflict(
            "callback_closed",
            f"受理编号为 {case_id} 的诉求的回访已结束（{CALLBACK_STATES_ZH[task.state]}）",
            state=task.state.value,
        )
    token = secrets.token_urlsafe(24)
    now = utcnow()
    expires_at = now + valid_for
    await uow.store.rating_links.add(
        RatingLink(token_hash(token), case_id, task.round, agent, now, expires_at)
    )
    return IssuedLink(token, case_id, task.round, expires_at)


async def _usable_link(uow: Unit, token: str) -> RatingLink:
    link = await uow.store.rating_links.for_update(token_hash(token))
    if link is None:
        raise NotFound("rating_link_not_found", "没有这个评价链接")
    try:
        check_usable(expires_at=link.expires_at, used_at=link.used_at, now=utcnow())
    except LinkUnusable as unusable:
        raise Gone(unusable.code, str(unusable)) from unusable
    return link


async def rating_link_view(uow: Unit, token: str) -> dict[str, Any]:
    link = await _usable_link(uow, token)
    resolution = await uow.store.tasks.resolution(link.case_id, link.round)
    return {
        "case_id": link.case_id,
        "round": link.round,
        "result": resolution.result,
        "resolved_at": resolution.resolved_at,
        "expires_at": link.expires_at,
        "questions": {
            "satisfaction": [s.value for s in Satisfaction],
            "solved": [True, False],
        },
    }


async def submit_rating(
    uow: Unit, *, token: str, satisfaction: Satisfaction, solved: bool, comment: str
) -> CallbackTask:
    link = await _usable_link(uow, token)
    task = await record_result(
        uow,
        case_id=link.case_id,
        round=link.round,
        satisfaction=satisfaction,
        solved=solved,
        comment=comment,
        agent=RATING_LINK_AGENT,
    )
    await uow.store.rating_links.use(token_hash(token), utcnow())
    return task
