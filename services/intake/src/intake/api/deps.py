"""What intake's routes share: the runtime, the roles they require, and intake's policy."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from common.auth import Principal, require
from common.runtime import Runtime
from common.vocabulary import Role
from intake.domain.submission import TRACKING_CODE_PATTERN
from intake.state import IntakePolicy, IntakeState

Clerk = Annotated[Principal, Depends(require(Role.CLERK))]
ClerkOrAdmin = Annotated[Principal, Depends(require(Role.CLERK, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
TrackingCode = Annotated[str, Query(min_length=6, max_length=8, pattern=TRACKING_CODE_PATTERN)]
Filename = Annotated[str | None, Query(max_length=200, description="the file's name")]


def policy_of(runtime: Runtime) -> IntakePolicy:
    return runtime.state_as(IntakeState).policy
