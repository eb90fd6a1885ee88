"""Callback's HTTP routes: callbacks.py (the agents' queue, attempts, results and rating
links), ratings.py (the submitter's public rating page); schemas.py holds the bodies."""

from __future__ import annotations

from fastapi import APIRouter

from callback.api import callbacks, ratings


def routers() -> list[APIRouter]:
    return [callbacks.router, ratings.router]
