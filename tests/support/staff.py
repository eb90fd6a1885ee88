"""Staff tokens for tests: minted with the test run's secret, exactly as dispatch signs them
at login (the login itself is tested through dispatch)."""

from __future__ import annotations

from common.auth import Principal, TokenCodec
from common.vocabulary import Role
from tests.support.infra import TEST_AUTH_SECRET

_codec = TokenCodec(TEST_AUTH_SECRET)


def token_for(role: Role, department: str | None = None, username: str | None = None) -> str:
    name = username or f"test-{role.value}" + (f"-{department}" if department else "")
    return _codec.issue(Principal(name, role, department=department))


def headers_for(
    role: Role, department: str | None = None, username: str | None = None
) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(role, department, username)}"}
