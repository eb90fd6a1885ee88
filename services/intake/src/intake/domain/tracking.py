"""Rules of the throttle on wrong tracking codes: fixed windows, and the client address a
count belongs to (ADR 0014)."""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: One person's IPv6 connection is a whole /64; counting single addresses would let them
#: take a fresh address for every guess.
IPV6_CLIENT_PREFIX = 64
UNKNOWN_CLIENT = "unknown"


@dataclass(frozen=True)
class TrackingThrottle:
    """Wrong codes allowed in each window per client address, and per case number before
    wrong codes for that case are answered 429. The right code is never refused for the
    case's count: others must not be able to lock its submitter out. Built from Settings
    (Settings.tracking_throttle), which hold the defaults."""

    window: timedelta
    per_client: int
    per_case: int

    def window_start(self, now: datetime) -> datetime:
        """Windows are aligned on the epoch, so every replica agrees which one `now` is in."""
        return _EPOCH + ((now - _EPOCH) // self.window) * self.window

    def retry_after_seconds(self, now: datetime) -> int:
        """Whole seconds until the window ends, at least one."""
        remaining = self.window_start(now) + self.window - now
        return max(1, math.ceil(remaining.total_seconds()))


def client_key(host: str | None) -> str:
    """What the throttle counts a request against: the IPv4 address, or the /64 network of
    an IPv6 one (an IPv4 address mapped into IPv6 counts as itself)."""
    if not host:
        return UNKNOWN_CLIENT
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]  # not an IP (a Unix socket): counted as it is named
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)
