"""Tracking codes and the throttle on wrong ones: the code alphabet and format, the fixed
windows, the client address a count belongs to, and the settings that configure them."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from intake.config import Settings
from intake.domain.submission import (
    TRACKING_ALPHABET,
    TRACKING_CODE_PATTERN,
    hash_tracking_code,
    new_tracking_code,
    tracking_code_matches,
)
from intake.domain.tracking import UNKNOWN_CLIENT, TrackingThrottle, client_key

CASE = "20220412000042"


def test_new_codes_are_eight_characters_from_an_alphabet_without_look_alikes() -> None:
    assert not set("0O1IL") & set(TRACKING_ALPHABET)
    assert len(set(TRACKING_ALPHABET)) == len(TRACKING_ALPHABET) == 31
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 8 and set(code) <= set(TRACKING_ALPHABET) for code in codes)
    assert set("".join(codes)) == set(TRACKING_ALPHABET)  # every character is drawn


def test_codes_are_checked_by_hash_in_either_case() -> None:
    code = new_tracking_code()
    stored = hash_tracking_code(CASE, code)
    assert code not in stored
    assert tracking_code_matches(CASE, code, stored)
    assert tracking_code_matches(CASE, code.lower(), stored)
    assert not tracking_code_matches("20220412000043", code, stored)


def test_six_digit_codes_of_earlier_cases_still_match() -> None:
    stored_before = hashlib.sha256(f"{CASE}:208657".encode()).hexdigest()
    assert tracking_code_matches(CASE, "208657", stored_before)
    assert not tracking_code_matches(CASE, "208658", stored_before)


@pytest.mark.parametrize(
    ("typed", "valid"),
    [
        ("208657", True),
        ("K7M2QXPA", True),
        ("k7m2qxpa", True),
        ("20865", False),
        ("2086571", False),
        ("K7M2QXP", False),
        ("K7M2QXPA9", False),
        ("K7M2QXP0", False),  # zero
        ("K7M2QXPO", False),  # the letter O
        ("K7M2QXP1", False),
        ("K7M2QXPI", False),
        ("K7M2QXPl", False),
        ("K7M2-XPA", False),
        ("20865７", False),  # a full-width digit
    ],
)
def test_the_tracking_route_accepts_both_formats(typed: str, valid: bool) -> None:
    assert bool(re.fullmatch(TRACKING_CODE_PATTERN, typed)) is valid


def test_windows_are_aligned_on_the_epoch() -> None:
    hourly = TrackingThrottle(window=timedelta(hours=1), per_client=20, per_case=10)
    now = datetime(2026, 4, 12, 9, 59, 59, 500000, tzinfo=UTC)
    assert hourly.window_start(now) == datetime(2026, 4, 12, 9, tzinfo=UTC)
    assert hourly.window_start(datetime(2026, 4, 12, 10, tzinfo=UTC)) == datetime(
        2026, 4, 12, 10, tzinfo=UTC
    )
    quarter = TrackingThrottle(window=timedelta(minutes=15), per_client=20, per_case=10)
    assert quarter.window_start(now) == datetime(2026, 4, 12, 9, 45, tzinfo=UTC)
    shanghai = now.astimezone(datetime.fromisoformat("2026-01-01T00:00+08:00").tzinfo)
    assert hourly.window_start(shanghai) == hourly.window_start(now)


def test_retry_after_is_whole_seconds_to_the_end_of_the_window() -> None:
    hourly = TrackingThrottle(window=timedelta(hours=1), per_client=20, per_case=10)
    start = datetime(2026, 4, 12, 9, tzinfo=UTC)
    assert hourly.retry_after_seconds(start) == 3600
    assert hourly.retry_after_seconds(start + timedelta(minutes=59, seconds=30)) == 30
    assert hourly.retry_after_seconds(start + timedelta(minutes=59, seconds=58.2)) == 2
    assert hourly.retry_after_seconds(start + timedelta(hours=1, microseconds=-1)) == 1


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),  # the same connection's /64
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, UNKNOWN_CLIENT),
        ("", UNKNOWN_CLIENT),
        ("testclient", "testclient"),
    ],
)
def test_the_client_a_count_belongs_to(host: str | None, key: str) -> None:
    assert client_key(host) == key


def settings(**values: str) -> Settings:
    return Settings(database_url="postgresql://x@y/z", kafka_bootstrap_servers="k:9092", **values)


def test_settings_configure_the_throttle_and_the_trusted_gateways() -> None:
    default = settings()
    assert default.trusted_proxy_list() == []  # trust nobody
    assert default.tracking_throttle() == TrackingThrottle(timedelta(hours=1), 20, 10)
    configured = settings(
        trusted_proxies=" 10.0.0.0/8, 192.0.2.1,fd00::/8 ",
        tracking_window_minutes="15",
        tracking_failures_per_client="30",
        tracking_failures_per_case="5",
    )
    assert configured.trusted_proxy_list() == ["10.0.0.0/8", "192.0.2.1", "fd00::/8"]
    assert configured.tracking_throttle() == TrackingThrottle(timedelta(minutes=15), 30, 5)
    with pytest.raises(ValidationError, match=r"gateway\.example"):
        settings(trusted_proxies="10.0.0.1,gateway.example")
