"""Tokens, password hashing, masking and the production secret rule."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from common.auth import (
    Principal,
    TokenCodec,
    Unauthenticated,
    hash_password,
    mask_identity,
    mask_phone,
    verify_password,
)
from common.settings import DEVELOPMENT_SECRET, ServiceSettings
from common.vocabulary import Role

HANDLER = Principal("wang.li", Role.HANDLER, department="urban-management", name="王丽")


def test_a_token_round_trips_its_claims() -> None:
    codec = TokenCodec("a" * 32)
    assert codec.verify(codec.issue(HANDLER)) == HANDLER


def test_a_tampered_token_is_refused() -> None:
    codec = TokenCodec("a" * 32)
    body, _, signature = codec.issue(HANDLER).partition(".")
    forged = TokenCodec("b" * 32).issue(Principal("wang.li", Role.ADMIN))
    with pytest.raises(Unauthenticated):
        codec.verify(forged)
    with pytest.raises(Unauthenticated):
        codec.verify(body[:-2] + "xx." + signature)
    with pytest.raises(Unauthenticated):
        codec.verify("not-a-token")


def test_an_expired_token_is_refused() -> None:
    codec = TokenCodec("a" * 32, ttl_seconds=60)
    token = codec.issue(HANDLER, now=1_000_000)
    assert codec.verify(token, now=1_000_059) == HANDLER
    with pytest.raises(Unauthenticated, match="已过期"):
        codec.verify(token, now=1_000_060)


def test_passwords_are_hashed_with_argon2id_and_verified() -> None:
    stored = hash_password("窗口-2026!")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "窗口-2026!")
    assert not verify_password(stored, "窗口-2027!")
    assert not verify_password("not a hash", "窗口-2026!")


def test_masking_keeps_only_what_identifies_the_record() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0731-8888123") == "0731-8888123"[:3] + "*****" + "8123"
    assert mask_identity("430104199001011234") == "4301**********1234"
    assert mask_phone(None) is None and mask_identity("") == ""


def test_production_refuses_to_start_with_the_development_secret() -> None:
    base = {"database_url": "postgresql://x/y", "kafka_bootstrap_servers": "k:9092"}
    with pytest.raises(ValidationError, match="AUTH_SECRET"):
        ServiceSettings(**base, environment="production")
    with pytest.raises(ValidationError, match="AUTH_SECRET"):
        ServiceSettings(**base, environment="production", auth_secret=DEVELOPMENT_SECRET)
    ok = ServiceSettings(**base, environment="production", auth_secret="s" * 40)
    assert ok.token_secret() == "s" * 40
    assert ServiceSettings(**base).token_secret() == DEVELOPMENT_SECRET
