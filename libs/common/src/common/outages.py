"""Telling an outage from a bug: the one rule the consumer (retry the batch, dead-letter
nothing) and the HTTP edge (503 with Retry-After instead of 500) share."""

from __future__ import annotations

import errno
import socket

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

#: Socket errors that say the peer is gone or cannot be reached, not that a file is missing.
_NETWORK_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.ENETDOWN,
        errno.ETIMEDOUT,
        errno.EPIPE,
    }
)
#: Driver errors, by class name, so that asyncpg and aiokafka need not be imported here.
_UNREACHABLE_NAMES = frozenset(
    {
        "ConnectionDoesNotExistError",
        "CannotConnectNowError",
        "TooManyConnectionsError",
        "AdminShutdownError",
        "CrashShutdownError",
        "ConnectionFailureError",
        "ClientCannotConnectError",
        "KafkaConnectionError",
        "KafkaTimeoutError",
    }
)


def _unreachable(error: BaseException) -> bool:
    if isinstance(error, (OperationalError, InterfaceError, ConnectionError, TimeoutError)):
        return True
    if isinstance(error, PoolTimeout):  # every pooled connection is busy: an overload
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, socket.gaierror):  # the host name does not resolve
        return True
    if isinstance(error, OSError) and (
        error.errno in _NETWORK_ERRNOS or str(error).startswith("Multiple exceptions")
    ):
        return True
    return type(error).__name__ in _UNREACHABLE_NAMES


def is_infrastructure_error(error: BaseException) -> bool:
    """The database or broker is unreachable: no message or request is to blame.

    Wrapped driver errors are looked through (SQLAlchemy keeps the driver's in `orig`)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if _unreachable(current):
            return True
        seen.add(id(current))
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return False
