"""Supervision's HTTP routes by resource: signals.py, orders.py (urges and orders),
meetings.py (joint meetings, accountability, buck-passing), appeals.py, problems.py (the
problem list), figures.py, batches.py (imported batches), ledgers.py (campaign ledgers, with
ledger_schemas.py), campaigns.py (evaluation campaigns, with campaign_models.py); access.py
holds the roles and the plumbing every route shares, schemas.py and commands.py the answers
and the bodies."""

from __future__ import annotations

from fastapi import APIRouter

from common.runtime import Runtime
from supervision.api import (
    appeals,
    batches,
    campaigns,
    figures,
    ledgers,
    meetings,
    orders,
    problems,
    signals,
)


def routers(runtime: Runtime) -> list[APIRouter]:
    return [
        signals.router,
        orders.router,
        meetings.router,
        appeals.router,
        problems.router,
        figures.router,
        batches.router,
        ledgers.router,
        campaigns.router,
    ]
