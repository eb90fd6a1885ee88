"""allowed_actions offers only what the caller may do: its role, and for a handler its
department's part in the case (lead or co-handler), from the same table the routes admit by."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.routing import APIRoute
from starlette.requests import Request

from common.auth import Principal, TokenCodec
from common.errors import Forbidden
from common.vocabulary import Role
from dispatch.api import steps as api
from dispatch.domain.lifecycle import LEAD_ACTIONS, Action, CaseState
from dispatch.domain.permissions import (
    ACTION_ROLES,
    CasePart,
    allowed_actions_for,
    part_in_case,
    roles_for,
)

A, S = Action, CaseState
LEAD, CO = CasePart.LEAD, CasePart.CO_HANDLER


@pytest.mark.parametrize(
    ("state", "role", "part", "offered"),
    [
        (
            S.AWAITING_DISPATCH,
            Role.DISPATCHER,
            None,
            [A.ASSIGN, A.TRANSFER, A.SEND_BACK, A.REJECT, A.RECLASSIFY],
        ),
        (S.AWAITING_DISPATCH, Role.CLERK, None, []),
        (S.AWAITING_DISPATCH, Role.SUPERVISOR, None, []),
        (S.ASSIGNED, Role.HANDLER, LEAD, [A.SIGN, A.RETURN]),
        (S.ASSIGNED, Role.HANDLER, CO, [A.FILE_OPINION]),
        (S.ASSIGNED, Role.HANDLER, None, []),
        (S.ASSIGNED, Role.DISPATCHER, None, [A.TRANSFER, A.RECLASSIFY]),
        (
            S.SIGNED,
            Role.HANDLER,
            LEAD,
            [A.CONTACT, A.RETURN, A.REQUEST_EXTENSION, A.SUSPEND, A.RESOLVE],
        ),
        (S.SIGNED, Role.HANDLER, CO, [A.FILE_OPINION]),
        (
            S.SIGNED,
            Role.DISPATCHER,
            None,
            [A.GRANT_EXTENSION, A.DENY_EXTENSION, A.RECLASSIFY],
        ),
        (S.SIGNED, Role.CLERK, None, []),
        (S.SUSPENDED, Role.HANDLER, LEAD, [A.RESUME]),
        (S.RETURNED, Role.DISPATCHER, None, [A.ARBITRATE, A.TRANSFER, A.REJECT, A.RECLASSIFY]),
        (S.RETURNED, Role.HANDLER, LEAD, []),
        (S.RESOLVED, Role.SUPERVISOR, None, [A.REOPEN, A.CLOSE]),
        (S.RESOLVED, Role.HANDLER, LEAD, []),
        (S.UNDER_SUPERVISION, Role.SUPERVISOR, None, [A.REOPEN, A.CLOSE]),
        (S.UNDER_SUPERVISION, Role.DISPATCHER, None, []),
        (S.UNDER_SUPERVISION, Role.CALLBACK_AGENT, None, []),
        (S.CLOSED, Role.SUPERVISOR, None, []),
        (S.CLOSED, Role.DISPATCHER, None, []),
        (S.SENT_BACK, Role.DISPATCHER, None, []),
        (S.REJECTED, Role.DISPATCHER, None, []),
    ],
)
def test_each_caller_is_offered_only_what_it_may_do(
    state: CaseState, role: Role, part: CasePart | None, offered: list[Action]
) -> None:
    assert allowed_actions_for(state, role, part) == offered


def test_a_handlers_part_is_its_departments_place_in_the_case() -> None:
    co_handlers = ["street-yuelu"]
    assert part_in_case("urban-management", "urban-management", co_handlers) is LEAD
    assert part_in_case("street-yuelu", "urban-management", co_handlers) is CO
    assert part_in_case("finance", "urban-management", co_handlers) is None
    assert part_in_case(None, None, []) is None


def test_every_action_has_its_roles_and_only_the_callback_refers() -> None:
    assert set(ACTION_ROLES) == set(Action)
    assert roles_for(A.REFER) == ()
    assert {a for a, roles in ACTION_ROLES.items() if Role.HANDLER in roles} == {
        *LEAD_ACTIONS,
        A.FILE_OPINION,
    }
    assert roles_for(A.CLOSE) == (Role.SUPERVISOR,)


#: The route of each action a member of staff asks for (REFER has none).
ROUTE_OF = {
    A.ASSIGN: "/assign",
    A.ARBITRATE: "/arbitrate",
    A.GRANT_EXTENSION: "/extensions/grant",
    A.DENY_EXTENSION: "/extensions/deny",
    A.REOPEN: "/reopen",
    A.CLOSE: "/close",
    A.SIGN: "/sign",
    A.CONTACT: "/contact",
    A.RETURN: "/return",
    A.REQUEST_EXTENSION: "/extensions",
    A.SUSPEND: "/suspend",
    A.RESUME: "/resume",
    A.FILE_OPINION: "/opinion",
    A.RESOLVE: "/resolve",
}


async def _admitted(route: APIRoute) -> set[Role]:
    """The roles the route's authorisation lets through, each asked with a real token."""
    codec = TokenCodec("k" * 32)
    app = SimpleNamespace(state=SimpleNamespace(token_codec=codec))
    admitted = set()
    for role in Role:
        token = codec.issue(Principal("u", role, department="urban-management"))
        request = Request(
            {
                "type": "http",
                "app": app,
                "headers": [(b"authorization", f"Bearer {token}".encode())],
            }
        )
        for dependency in route.dependant.dependencies:
            if dependency.call is None or dependency.name != "principal":
                continue
            try:
                await dependency.call(request)
            except Forbidden:
                continue
            admitted.add(role)
    return admitted


@pytest.mark.parametrize("action", sorted(ROUTE_OF))
async def test_each_route_admits_the_roles_the_table_gives_its_action(action: Action) -> None:
    (route,) = [
        r
        for r in api.router.routes
        if isinstance(r, APIRoute) and r.path == f"/api/v1/cases/{{case_id}}{ROUTE_OF[action]}"
    ]
    assert await _admitted(route) == set(ACTION_ROLES[action])
