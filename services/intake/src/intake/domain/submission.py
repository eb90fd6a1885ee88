"""Rules of registration: case numbers, tracking codes, credit and identity numbers, places."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from common.clock import local_date

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_IDENTITY_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_IDENTITY_CHECK = "10X98765432"

#: Tracking-code characters: digits and capitals without the look-alikes 0/O, 1/I/L.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_CODE_LENGTH = 8
#: A code as the submitter may type it: eight characters of the alphabet in either case, or
#: the six digits that cases registered before the longer codes were given.
_TYPED = TRACKING_ALPHABET + "".join(c.lower() for c in TRACKING_ALPHABET if c.isalpha())
TRACKING_CODE_PATTERN = rf"^(?:[0-9]{{6}}|[{_TYPED}]{{{TRACKING_CODE_LENGTH}}})$"

#: The furthest a submitter may ask to have a case done by: a year ahead. Later than that
#: is a typing slip (2062 for 2026), not a wish a handler can plan for.
REQUESTED_BY_MAX_DAYS = 366


def case_number(registered_at: datetime, sequence: int) -> str:
    """Readable over the phone: the district's (Asia/Shanghai) date of registration and a
    district-wide sequence."""
    return f"{local_date(registered_at):%Y%m%d}{sequence:06d}"


def new_tracking_code() -> str:
    """Eight characters (31**8, about 8.5e11 codes) the submitter keeps with the case number
    to follow the case; readable over the phone, with no character taken for another."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))


def hash_tracking_code(case_id: str, code: str) -> str:
    """Letters count in either case; a six-digit code hashes as it always did."""
    return hashlib.sha256(f"{case_id}:{code.upper()}".encode()).hexdigest()


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


def valid_identity_number(number: str) -> bool:
    """公民身份号码 (GB 11643-1999): 17 digits (region, birth date, sequence) and a check
    character computed modulo 11 (ISO 7064 MOD 11-2), X standing for 10."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _IDENTITY_WEIGHTS, strict=True))
    return _IDENTITY_CHECK[total % 11] == number[17]


def normalise_phone(phone: str) -> str:
    """The digits that identify a line: separators and the +86 country code do not count."""
    digits = re.sub(r"\D", "", phone)
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def submitter_key(*, phone: str | None, uscc: str | None) -> str | None:
    """Who is asking, for duplicate detection: an enterprise by its credit code, a person by
    the phone line."""
    if uscc:
        return f"uscc:{uscc}"
    if phone:
        return f"phone:{normalise_phone(phone)}"
    return None


def normalise_address(address: str | None) -> str | None:
    """Compares addresses written differently: full-width and half-width forms, spaces and
    punctuation do not matter. Too short an address says nothing about the place."""
    if not address:
        return None
    folded = unicodedata.normalize("NFKC", address).lower()
    kept = "".join(ch for ch in folded if ch.isalnum())
    return kept if len(kept) >= 4 else None


@dataclass(frozen=True)
class Street:
    code: str
    name: str  # e.g. 望月湖街道


def area_of(address: str | None, streets: Iterable[Street]) -> str | None:
    """The street (街道) or town (镇) an address names, the longest name first, so that a
    street whose name contains another's is not mistaken for it."""
    if not address:
        return None
    text = unicodedata.normalize("NFKC", address)
    for street in sorted(streets, key=lambda s: len(s.name), reverse=True):
        if street.name and street.name in text:
            return street.code
    return None


def requested_by_problem(requested_by: date, today: date) -> str | None:
    """What is wrong with a requested completion date (期望办结日期), in zh-CN, or None.
    `today` is the district's (Asia/Shanghai) date: the date must come after it, and no
    later than REQUESTED_BY_MAX_DAYS after it."""
    if requested_by <= today:
        return f"须晚于今天（{today:%Y-%m-%d}）"
    latest = today + timedelta(days=REQUESTED_BY_MAX_DAYS)
    if requested_by > latest:
        return f"不能晚于一年后（{latest:%Y-%m-%d}）"
    return None
