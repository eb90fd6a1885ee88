"""What deadline's routers share: the runtime and typed state, the roles, the error sets."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from common.auth import Principal, require
from common.http_docs import errors
from common.runtime import Runtime
from common.vocabulary import Role
from deadline.state import DeadlineState

Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
TimerReader = Annotated[
    Principal, Depends(require(Role.HANDLER, Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN))
]
#: A handler asking for another department's timers gets a 404, as for unknown ones.
TIMER_ERRORS = errors(401, 403, 404, 422, 503)
ADMIN_ERRORS = errors(401, 403, 422, 503)


def deadline_state(runtime: Runtime) -> DeadlineState:
    return runtime.state_as(DeadlineState)
