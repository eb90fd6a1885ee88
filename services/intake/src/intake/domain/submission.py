"""Rules of registration: case numbers, tracking codes, enterprise credit codes, screening."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from common.vocabulary import RequestKind

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def case_number(registered_at: datetime, sequence: int) -> str:
    """Readable over the phone: date of registration and a district-wide sequence."""
    return f"{registered_at:%Y%m%d}{sequence:06d}"


def new_tracking_code() -> str:
    """Six digits the submitter keeps with the case number to follow the case."""
    return f"{secrets.randbelow(1_000_000):06d}"


def hash_tracking_code(case_id: str, code: str) -> str:
    return hashlib.sha256(f"{case_id}:{code}".encode()).hexdigest()


def tracking_code_matches(case_id: str, code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_tracking_code(case_id, code), stored_hash)


def valid_uscc(code: str) -> bool:
    """统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character."""
    if len(code) != 18 or any(ch not in _USCC_ALPHABET for ch in code):
        return False
    total = sum(
        _USCC_ALPHABET.index(ch) * w for ch, w in zip(code[:17], _USCC_WEIGHTS, strict=True)
    )
    check = (31 - total % 31) % 31
    return _USCC_ALPHABET[check] == code[17]


@dataclass(frozen=True)
class ScreeningDecision:
    accept: bool
    reason: str


def screen(*, category_known: bool, kind: RequestKind) -> ScreeningDecision:
    """Automatic screening of an online submission: a known category is accepted for handling.
    Clerks screen window submissions by hand (reject, resolve on the spot, merge)."""
    if not category_known:
        return ScreeningDecision(False, "unknown category")
    return ScreeningDecision(True, f"{kind.value} in a known category")
