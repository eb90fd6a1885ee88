"""The submitter's own rating link: no login, one use, and it expires."""

from __future__ import annotations

import hashlib
from datetime import datetime


class LinkUnusable(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def token_hash(token: str) -> bytes:
    """Only the hash is stored, so a leaked table does not leak working links."""
    return hashlib.sha256(token.encode()).digest()


def check_usable(*, expires_at: datetime, used_at: datetime | None, now: datetime) -> None:
    if used_at is not None:
        raise LinkUnusable("rating_link_used", "这个评价链接已经用过了")
    if now >= expires_at:
        raise LinkUnusable("rating_link_expired", "这个评价链接已经过期")
