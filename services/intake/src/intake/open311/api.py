"""Open311 routes: GeoReport v2 at /open311/v2, and the administrators' API key routes.

The use cases are in open311/service.py; a request's status is read from intake's public read
model (open311/views.py). Errors are Open311 error documents in the
requested format, as the spec prescribes, not the house error body.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from common.auth import Principal, require
from common.clock import utcnow
from common.district import District
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.vocabulary import Role
from intake.classification import api as classification_api
from intake.classification.catalogue import LiveCatalogue
from intake.config import Settings
from intake.domain import open311 as geo
from intake.domain import open311_input as inputs
from intake.open311 import openapi as docs
from intake.open311 import service, views
from intake.open311.schemas import IssuedKey, KeyId, KeyView, NewKey
from intake.state import IntakeState

BASE = "/open311/v2"
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
Params = Mapping[str, Sequence[str]]
FORM = "application/x-www-form-urlencoded"


def routers(runtime: Runtime, district: District, catalogue: LiveCatalogue) -> list[APIRouter]:
    """Intake's classification and Open311 routes, on the live catalogue."""
    settings = runtime.settings_as(Settings)
    demo_key = settings.open311_demo_key.get_secret_value() if settings.open311_demo_key else None
    return [
        geo_report_router(district, catalogue, demo_key=demo_key),
        keys_router(),
        classification_api.router(catalogue.classifier, lambda: catalogue.current.everything),
    ]


# --- GeoReport v2 -----------------------------------------------------------------------------


def _query_params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


async def _form_params(request: Request) -> dict[str, list[str]]:
    """The posted form (the spec's application/x-www-form-urlencoded), over any query string."""
    content_type = request.headers.get("content-type", FORM).split(";")[0].strip().lower()
    if content_type != FORM:
        raise geo.Open311Error(
            400, f"send the request as {FORM}; media is referenced by media_url, not uploaded"
        )
    try:
        body = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise geo.Open311Error(400, "the request body must be UTF-8") from None
    return {**_query_params(request), **parse_qs(body, keep_blank_values=True)}


def _check_jurisdiction(district: District, params: Params) -> None:
    given = [v for v in params.get("jurisdiction_id", ()) if v.strip()]
    if given and given != [district.district.code]:
        raise geo.Open311Error(404, f"jurisdiction_id {given[0]!r} not found")


def geo_report_router(
    district: District, catalogue: LiveCatalogue, *, demo_key: str | None
) -> APIRouter:
    """Each resource at `….{format}`. A handler reads its parameters itself, so that every
    error, a NUL character in any parameter included, is an Open311 error document. The
    services are the live catalogue's leaves: one retired is gone, one added is listed as
    soon as this process has read it."""
    routes = APIRouter(prefix=BASE, tags=["open311"])
    contact = f"{district.district.name} 12345 热线 / 办不成事窗口"

    async def answer(
        request: Request,
        root: str,
        produce: Callable[[Params], Awaitable[Any]],
        *,
        status: int = 200,
        form: bool = False,
    ) -> Response:
        """Check the format, the path, query (and form) parameters and the jurisdiction, then
        render what `produce` returns, or the Open311 error it raises, in the asked format."""
        extension = request.path_params["format"]
        fmt = extension if extension in geo.FORMATS else "json"
        try:
            geo.response_format(extension)
            inputs.check_storable({k: [v] for k, v in request.path_params.items()})
            params = await _form_params(request) if form else _query_params(request)
            inputs.check_storable(params)
            _check_jurisdiction(district, params)
            document = await produce(params)
        except geo.Open311Error as error:
            return Response(
                geo.error_document(fmt, error),
                status_code=error.status,
                media_type=geo.FORMATS[fmt],
            )
        return Response(
            geo.render(fmt, root, document), status_code=status, media_type=geo.FORMATS[fmt]
        )

    async def read_requests(runtime: Runtime, query: inputs.RequestQuery) -> list[dict[str, Any]]:
        async with runtime.unit_of_work() as uow:
            rows = await views.find_requests(uow.session, query)
        everything = (await catalogue.refresh(runtime)).everything
        return [geo.request_document(row, everything) for row in rows]

    @routes.get("/discovery.{format}", response_class=Response, **docs.DISCOVERY)
    async def discovery(request: Request) -> Response:
        async def produce(_: Params) -> Any:
            return geo.discovery(str(request.base_url).rstrip("/") + BASE, contact)

        return await answer(request, "discovery", produce)

    @routes.get("/services.{format}", response_class=Response, **docs.SERVICES)
    async def services(request: Request, runtime: RuntimeDep) -> Response:
        async def produce(_: Params) -> Any:
            current = await catalogue.refresh(runtime)
            return geo.service_list(current.live, current.keywords)

        return await answer(request, "services", produce)

    @routes.get(
        "/services/{service_code}.{format}", response_class=Response, **docs.SERVICE_DEFINITION
    )
    async def service_definition(request: Request, runtime: RuntimeDep) -> Response:
        async def produce(_: Params) -> Any:
            live = (await catalogue.refresh(runtime)).live
            return geo.service_definition(live, request.path_params["service_code"])

        return await answer(request, "service_definition", produce)

    @routes.post(
        "/requests.{format}", status_code=201, response_class=Response, **docs.POST_REQUEST
    )
    async def post_request(request: Request, runtime: RuntimeDep) -> Response:
        async def produce(params: Params) -> Any:
            live = (await catalogue.refresh(runtime)).live
            policy = runtime.state_as(IntakeState).policy
            async with runtime.unit_of_work() as uow:
                filed = await service.file_request(
                    uow, live, params, demo_key=demo_key, policy=policy
                )
            return [filed]

        return await answer(request, "service_requests", produce, status=201, form=True)

    @routes.get("/requests.{format}", response_class=Response, **docs.GET_REQUESTS)
    async def get_requests(request: Request, runtime: RuntimeDep) -> Response:
        async def produce(params: Params) -> Any:
            return await read_requests(runtime, inputs.parse_query(params, now=utcnow()))

        return await answer(request, "service_requests", produce)

    @routes.get(
        "/requests/{service_request_id}.{format}", response_class=Response, **docs.GET_REQUEST
    )
    async def get_request(request: Request, runtime: RuntimeDep) -> Response:
        async def produce(_: Params) -> Any:
            request_id = request.path_params["service_request_id"]
            found = await read_requests(runtime, inputs.RequestQuery(ids=(request_id,)))
            if not found:
                raise geo.Open311Error(404, f"service_request_id {request_id!r} not found")
            return found

        return await answer(request, "service_requests", produce)

    @routes.get("/tokens/{token}.{format}", response_class=Response, **docs.GET_TOKEN)
    async def get_token(request: Request, runtime: RuntimeDep) -> Response:
        async def produce(_: Params) -> Any:
            async with runtime.unit_of_work() as uow:
                return await service.request_of_token(uow, request.path_params["token"])

        return await answer(request, "service_requests", produce)

    return routes


# --- API keys -------------------------------------------------------------------------------


def keys_router() -> APIRouter:
    routes = APIRouter(prefix="/api/v1/open311", tags=["open311"])

    @routes.post(
        "/keys",
        status_code=201,
        response_model=IssuedKey,
        responses=errors(401, 403, 422, 503),
    )
    async def create_key(body: NewKey, admin: Admin, runtime: RuntimeDep) -> JSONResponse:
        async with runtime.unit_of_work() as uow:
            issued = await service.create_key(uow, name=body.name, actor=admin.actor)
        # the only time the key is shown: intake keeps its hash
        return JSONResponse(
            _jsonable(issued), status_code=201, headers={"Cache-Control": "no-store"}
        )

    @routes.get("/keys", response_model=list[KeyView], responses=errors(401, 403, 422, 503))
    async def list_keys(_: Admin, runtime: RuntimeDep) -> list[dict[str, Any]]:
        async with runtime.unit_of_work() as uow:
            return await service.list_keys(uow)

    @routes.delete(
        "/keys/{key_id}", response_model=KeyView, responses=errors(401, 403, 404, 422, 503)
    )
    async def revoke_key(key_id: KeyId, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
        async with runtime.unit_of_work() as uow:
            return await service.revoke_key(uow, key_id)

    return routes


def _jsonable(view: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in view.items()}
