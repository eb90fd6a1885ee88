"""Open311 use cases: filing a service request as an ordinary case with an API key, finding
the case of a token, and the administrators' API keys.

A posted request becomes a case through intake's submission use case (channel web); the
refusals here are Open311 errors (geo.Open311Error), which the routes render as the spec's
error documents, except the keys' routes, which answer the house error body."""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from common.clock import utcnow
from common.district import District
from common.errors import ApiError, NotFound
from common.vocabulary import Channel
from intake.domain import open311 as geo
from intake.domain import open311_input as inputs
from intake.domain.open311 import ApiKey
from intake.open311.repository import new_key
from intake.repository.store import Unit
from intake.schemas import Location, Registration, SubmitterDetails
from intake.service import registration
from intake.state import IntakePolicy

Params = Mapping[str, Sequence[str]]


async def authorise(uow: Unit, params: Params, *, demo_key: str | None) -> ApiKey:
    """The one api_key given, the demo key or an active one (marked used)."""
    given = [v for v in params.get("api_key", ()) if v]
    if len(given) == 1:
        if demo_key and hmac.compare_digest(given[0].encode(), demo_key.encode()):
            return ApiKey(None, "demo")
        found = await uow.store.open311.find_active_key(given[0], now=utcnow())
        if found is not None:
            return found
    raise geo.Open311Error(403, "api_key is missing or not valid")


async def file_request(
    uow: Unit,
    live: District,
    params: Params,
    *,
    demo_key: str | None,
    policy: IntakePolicy,
) -> dict[str, Any]:
    """A posted request, from a valid key, filed as an ordinary case (the classifier's
    suggestion is recorded against the service the client chose, as for any submission),
    with what Open311 adds. The services are realtime: the answer has the
    service_request_id, so no token (the spec gives one or the other)."""
    api_key = await authorise(uow, params, demo_key=demo_key)
    parsed = inputs.parse_request(live, params)
    registered = await _register(uow, parsed, policy=policy)
    await uow.store.open311.insert_request(
        case_id=registered.case_id,
        api_key=api_key,
        email=parsed.email,
        media_url=parsed.media_url,
        now=utcnow(),
    )
    return {
        "service_request_id": registered.case_id,
        "service_notice": geo.receipt_notice(registered.case_id, registered.tracking_code),
        "account_id": None,
    }


async def _register(
    uow: Unit, parsed: inputs.Open311Request, *, policy: IntakePolicy
) -> registration.Registered:
    """The one call into intake's submission use case: channel web, like POST /api/v1/cases,
    except that the phone may be missing, as the spec allows."""
    try:
        form = Registration(
            channel=Channel.WEB,
            kind=parsed.kind,
            category=parsed.service_code,
            title=parsed.title,
            description=parsed.description,
            submitter=SubmitterDetails(
                kind=parsed.submitter_kind,
                name=parsed.name,
                phone=parsed.phone,
                enterprise_name=parsed.enterprise_name,
                uscc=parsed.uscc,
            ),
            location=Location(
                address=parsed.address, latitude=parsed.latitude, longitude=parsed.longitude
            ),
            requested_by=parsed.requested_by,
        )
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise geo.Open311Error(400, f"{where}: {problem['msg']}") from None
    try:
        return await registration.submit(uow, form, policy=policy)
    except ApiError as error:
        raise geo.Open311Error(400, error.message) from None


async def request_of_token(uow: Unit, token: str) -> list[dict[str, Any]]:
    """The service request a token stands for; an unknown or malformed token is a 404."""
    try:
        parsed = uuid.UUID(token)
    except ValueError:
        raise geo.Open311Error(404, f"token {token!r} not found") from None
    case_id = await uow.store.open311.case_of_token(parsed)
    if case_id is None:
        raise geo.Open311Error(404, f"token {token!r} not found")
    return [{"service_request_id": case_id, "token": str(parsed)}]


async def create_key(uow: Unit, *, name: str, actor: str) -> dict[str, Any]:
    """A new key: its view, and the key itself (intake keeps only its hash)."""
    key = new_key()
    view = await uow.store.open311.create_key(name=name, key=key, actor=actor, now=utcnow())
    return {**view, "key": key}


async def list_keys(uow: Unit) -> list[dict[str, Any]]:
    return await uow.store.open311.list_keys()


async def revoke_key(uow: Unit, key_id: int) -> dict[str, Any]:
    view = await uow.store.open311.revoke_key(key_id, now=utcnow())
    if view is None:
        raise NotFound("key_not_found", f"没有编号为 {key_id} 的 Open311 API 密钥")
    return view
