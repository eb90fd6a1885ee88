"""Campaign ledgers (专项整治台账): supervisors open them, tag cases and collected opinions
into them and decide each entry; the responsible unit reports progress on its own entries;
published ledgers show on the public problem list; a ledger exports as CSV or XLSX."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Response

from common.auth import Principal, require
from common.bounds import INT8_MAX
from common.district import load_district
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.vocabulary import Role
from supervision import exports
from supervision.api.access import LIST, ON_ITEM, ON_RECORD, Reader, Supervisor, act
from supervision.api.access import router as new_router
from supervision.api.files import Format, file_route, send_file
from supervision.api.ledger_schemas import (
    EntryChange,
    EntryCommand,
    Ledger,
    LedgerCommand,
    LedgerDetail,
    LedgerEntry,
    PublicLedger,
    PublicLedgerDetail,
)
from supervision.domain.ledgers import Disposition
from supervision.service import ledger_views as views
from supervision.service import ledgers as use_cases

router = new_router()
LedgerId = Annotated[int, Path(ge=1, le=INT8_MAX, description="台账编号")]
EntryId = Annotated[int, Path(ge=1, le=INT8_MAX, description="条目编号")]
#: Decides entries, or (a handler) reports progress on its own unit's
EntryEditor = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN, Role.HANDLER))]
EntryReader = Annotated[
    Principal,
    Depends(require(Role.HANDLER, Role.SUPERVISOR, Role.ADMIN, Role.DISPATCHER, Role.LEADER)),
]
PUBLIC = errors(422, 503)
PUBLIC_ITEM = errors(404, 422, 503)


@cache
def district_dispositions(district_file: str | None) -> tuple[Disposition, ...]:
    """The defaults, then the district's own, read once."""
    district = load_district(district_file)
    return tuple(Disposition(d.code, d.name) for d in district.dispositions)


def dispositions(runtime: Runtime) -> tuple[Disposition, ...]:
    return district_dispositions(runtime.settings.district_file)


@router.post("/ledgers", status_code=201, response_model=Ledger, responses=LIST)
async def open_ledger(
    command: LedgerCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.open_ledger,
        title=command.title,
        description=command.description,
        campaign_id=command.campaign_id,
        principal=principal,
        dispositions=dispositions(runtime),
    )


@router.get("/ledgers", response_model=list[Ledger], responses=LIST)
async def list_ledgers(runtime: RuntimeDep, principal: Reader) -> list[dict[str, Any]]:
    return await act(runtime, views.list_ledgers, dispositions=dispositions(runtime))


# before /ledgers/{ledger_id}, which would take "7.csv" for an id
@router.get("/ledgers/{ledger_id}.{fmt}", **file_route(exports.LEDGER))
async def export_ledger(
    ledger_id: LedgerId, fmt: Format, runtime: RuntimeDep, principal: Reader
) -> Response:
    known = dispositions(runtime)
    detail = await act(runtime, views.ledger_detail, ledger_id=ledger_id, dispositions=known)
    sheet = exports.ledger_sheet({d.code: d.name for d in known})
    return send_file(runtime, sheet, detail["entries"], fmt, f"ledger-{ledger_id}")


@router.get("/ledgers/{ledger_id}", response_model=LedgerDetail, responses=ON_ITEM)
async def ledger_detail(
    ledger_id: LedgerId, runtime: RuntimeDep, principal: Reader
) -> dict[str, Any]:
    return await act(
        runtime, views.ledger_detail, ledger_id=ledger_id, dispositions=dispositions(runtime)
    )


@router.post(
    "/ledgers/{ledger_id}/entries", status_code=201, response_model=LedgerEntry, responses=ON_RECORD
)
async def add_entry(
    ledger_id: LedgerId, command: EntryCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.add_entry,
        ledger_id=ledger_id,
        **command.model_dump(),
        principal=principal,
    )


@router.patch(
    "/ledgers/{ledger_id}/entries/{entry_id}", response_model=LedgerEntry, responses=ON_ITEM
)
async def change_entry(
    ledger_id: LedgerId,
    entry_id: EntryId,
    command: EntryChange,
    runtime: RuntimeDep,
    principal: EntryEditor,
) -> dict[str, Any]:
    changes = {k: v for k, v in command.model_dump(exclude_unset=True).items() if v is not None}
    return await act(
        runtime,
        use_cases.update_entry,
        ledger_id=ledger_id,
        entry_id=entry_id,
        changes=changes,
        principal=principal,
        dispositions=dispositions(runtime),
    )


@router.get("/ledger-entries", response_model=list[LedgerEntry], responses=LIST)
async def ledger_entries(
    runtime: RuntimeDep,
    principal: EntryReader,
    mine: Annotated[bool, Query(description="只看本单位负责的条目（承办单位总是如此）")] = False,
    ledger_id: Annotated[int | None, Query(ge=1, le=INT8_MAX)] = None,
    responsible_unit: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> list[dict[str, Any]]:
    return await act(
        runtime,
        views.entries_of,
        principal=principal,
        mine=mine,
        ledger_id=ledger_id,
        responsible_unit=responsible_unit,
    )


@router.post("/ledgers/{ledger_id}/publish", response_model=Ledger, responses=ON_ITEM)
async def publish_ledger(
    ledger_id: LedgerId, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.publish_ledger,
        ledger_id=ledger_id,
        principal=principal,
        dispositions=dispositions(runtime),
    )


@router.post("/ledgers/{ledger_id}/withdraw", response_model=Ledger, responses=ON_ITEM)
async def withdraw_ledger(
    ledger_id: LedgerId, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime, use_cases.withdraw_ledger, ledger_id=ledger_id, dispositions=dispositions(runtime)
    )


@router.get("/public/ledgers", response_model=list[PublicLedger], responses=PUBLIC)
async def published_ledgers(runtime: RuntimeDep) -> list[dict[str, Any]]:
    return await act(runtime, views.published_ledgers, dispositions=dispositions(runtime))


@router.get("/public/ledgers/{ledger_id}", response_model=PublicLedgerDetail, responses=PUBLIC_ITEM)
async def published_ledger(ledger_id: LedgerId, runtime: RuntimeDep) -> dict[str, Any]:
    return await act(
        runtime, views.published_ledger, ledger_id=ledger_id, dispositions=dispositions(runtime)
    )
