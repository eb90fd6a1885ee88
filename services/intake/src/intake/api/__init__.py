"""Intake's HTTP routes, one module per resource; `routers` lists them in the order the API
description shows them."""

from __future__ import annotations

from fastapi import APIRouter

from intake.api import attachments, categories, screening, staff, submissions, tracking


def routers() -> list[APIRouter]:
    return [
        submissions.router,
        screening.router,
        staff.router,
        attachments.router,
        tracking.router,
        categories.router,
    ]
