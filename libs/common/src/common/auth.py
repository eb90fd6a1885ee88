"""Staff authentication and authorisation, shared by every service.

Dispatch owns the staff directory and issues tokens at login; every service verifies them
locally with the shared secret, so no request needs a call to another service. A token is
`<base64url(json claims)>.<base64url(HMAC-SHA256)>`; claims carry the username, role,
department and expiry. Passwords are hashed with Argon2id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request

from common.errors import ApiError, Forbidden, NotFound
from common.vocabulary import LABELS_ZH, Role

_hasher = PasswordHasher()

#: Roles that see a submitter's phone and identity number: the clerk who registers the
#: case and the agent who calls the submitter back. Everyone else sees them masked.
SEES_CONTACT_DETAILS = frozenset({Role.CLERK, Role.CALLBACK_AGENT})
INVALID_TOKEN = "登录令牌无效，请重新登录"


class Unauthenticated(ApiError):
    status = 401

    def __init__(self, message: str = "需要登录：请提供有效的工作人员令牌") -> None:
        super().__init__("unauthenticated", message)


@dataclass(frozen=True)
class Principal:
    """The member of staff making a request."""

    username: str
    role: Role
    department: str | None = None
    name: str = ""
    #: the department's knowledge-base reviewer (知识库审核人): may publish its articles
    reviews_knowledge: bool = False

    @property
    def actor(self) -> str:
        """How the staff member appears on timelines and in events."""
        return f"{self.role.value}:{self.username}"

    def sees_contact_details(self) -> bool:
        return self.role in SEES_CONTACT_DETAILS


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenCodec:
    def __init__(self, secret: str, *, ttl_seconds: int = 10 * 3600) -> None:
        if len(secret) < 16:
            raise ValueError("the token secret must be at least 16 characters")
        self._key = hashlib.sha256(secret.encode()).digest()
        self.ttl_seconds = ttl_seconds

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())

    def issue(self, principal: Principal, *, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "sub": principal.username,
            "role": principal.role.value,
            "dept": principal.department,
            "name": principal.name,
            "rk": principal.reviews_knowledge,
            "iat": issued,
            "exp": issued + self.ttl_seconds,
        }
        body = _b64(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
        return f"{body}.{self._sign(body)}"

    def verify(self, token: str, *, now: float | None = None) -> Principal:
        body, _, signature = token.partition(".")
        if not body or not signature or not hmac.compare_digest(signature, self._sign(body)):
            raise Unauthenticated(INVALID_TOKEN)
        try:
            claims = json.loads(_unb64(body))
            expires, role = int(claims["exp"]), Role(claims["role"])
        except (ValueError, KeyError, TypeError) as error:
            raise Unauthenticated(INVALID_TOKEN) from error
        if expires <= (now if now is not None else time.time()):
            raise Unauthenticated("登录已过期，请重新登录")
        return Principal(
            username=str(claims["sub"]),
            role=role,
            department=claims.get("dept"),
            name=str(claims.get("name", "")),
            reviews_knowledge=claims.get("rk") is True,
        )


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated()
    return token.strip()


def codec_of(request: Request) -> TokenCodec:
    codec: TokenCodec = request.app.state.token_codec
    return codec


async def current_staff(request: Request) -> Principal:
    return codec_of(request).verify(bearer_token(request))


Staff = Annotated[Principal, Depends(current_staff)]


def require(*roles: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency admitting only the given roles (403 for the others, 401 without a token)."""
    allowed = frozenset(roles)

    async def _check(request: Request) -> Principal:
        principal = await current_staff(request)
        if principal.role not in allowed:
            raise Forbidden(
                "forbidden_role",
                f"{LABELS_ZH[principal.role]}无权进行此操作",
                allowed_roles=sorted(r.value for r in allowed),
            )
        return principal

    return _check


def ensure_department(principal: Principal, departments: Iterable[str | None], what: str) -> None:
    """A department handler acts only on its own department's cases; others get a 404, so a
    handler cannot even learn that another department's case exists. `what` names the thing
    in zh-CN, as the message shows it."""
    if principal.role is not Role.HANDLER:
        return
    if principal.department is None or principal.department not in set(departments):
        raise NotFound("not_found", f"未找到{what}，或不在本部门的办理范围内")


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep_head = 3 if len(digits) >= 11 else 0
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


def mask_identity(number: str | None) -> str | None:
    if not number:
        return number
    text = number.strip()
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]
