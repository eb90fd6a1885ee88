"""Deadline HTTP routes, by resource: timers.py (a case's, many cases', a department's),
policies.py (the versioned time-limit table) and calendar.py (the year schedules); response
models in schemas.py.

Every route needs a staff token. A handler sees only its own department's timers (others
404); dispatchers, supervisors and administrators see all. Only administrators change the
policy table or load a year."""

from __future__ import annotations

from fastapi import APIRouter

from deadline.api import calendar, policies, timers


def routers() -> list[APIRouter]:
    return [timers.router, policies.router, calendar.router]
