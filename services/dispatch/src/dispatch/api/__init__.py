"""Dispatch's HTTP routes by resource: cases (reads), steps on a case, transfers, bulk
assignment, logins, the organisation, staff and the taxonomy."""

from __future__ import annotations

from fastapi import APIRouter

from common.runtime import Runtime
from dispatch.api import auth, bulk, cases, organisation, staff, steps, taxonomy, transfers


def routers(runtime: Runtime) -> list[APIRouter]:
    """In the order the OpenAPI document lists them."""
    return [
        cases.router,
        steps.router,
        auth.auth_router,
        organisation.router,
        staff.router,
        auth.public_router,
        taxonomy.router,
        transfers.router,
        bulk.router,
    ]
