"""Batch import use cases: a clerk uploads a spreadsheet of opinions gathered at a meeting or
on visits; its rows are checked, then registered as one batch, each row as the window's
registration use case registers a case (registration.submit), and screened as usual.

Nothing half-imported. The file is read and its headers checked in the request; the rows are
checked and registered by a job in the same process, which answers the request at once (202)
and reports its progress on the batch's row. All the batch's cases, their events (the outbox),
the row -> case links and the batch's final state `imported` are written in ONE transaction:
either it commits and the whole batch exists, or it does not and nothing of it does. The
progress figures are written beside it in short transactions of their own (they never touch
the cases), and they renew the job's heartbeat. If the process dies mid-way its transaction is
rolled back by PostgreSQL; the batch's row is left `checking` or `importing` with a heartbeat
that stops, and is shown `interrupted` (nothing imported) once it is older than
batch_rows.STALE_AFTER. The clerk uploads the file again."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from common.auth import Principal
from common.clock import local_date, utcnow
from common.errors import ApiError, NotFound
from common.field_messages import field_message
from common.runtime import Runtime
from intake.batches.file import Sheet
from intake.domain import batch_rows as rows
from intake.domain.batch_rows import BatchSource, BatchState, RowDraft, RowProblem
from intake.repository.store import Unit
from intake.schemas import Submission
from intake.service import registration
from intake.state import IntakePolicy, IntakeState

log = logging.getLogger(__name__)
#: Opens a unit of work: the batch's job writes in several transactions.
Units = Callable[[], AbstractAsyncContextManager[Unit]]
#: How many rows between two progress reports.
PROGRESS_EVERY = 50


@dataclass(frozen=True)
class ImportRequest:
    title: str
    source: BatchSource
    filename: str | None
    good_rows_only: bool
    clerk: Principal


async def record(uow: Unit, sheet: Sheet, request: ImportRequest) -> dict[str, Any]:
    """Record the batch, `checking`, before its job starts."""
    now = utcnow()
    batch_id = f"B{local_date(now):%Y%m%d}-{uuid.uuid4().hex[:8]}"
    total = sum(1 for _ in rows.data_rows(sheet.rows))
    await uow.store.batches.insert_batch(
        {
            "batch_id": batch_id,
            "title": request.title,
            "source": request.source.value,
            "filename": request.filename,
            "good_rows_only": request.good_rows_only,
            "state": BatchState.CHECKING.value,
            "total_rows": total,
            "checked_rows": 0,
            "registered_rows": 0,
            "rejected_rows": 0,
            "problems": [],
            "created_by": request.clerk.actor,
            "created_at": now,
            "heartbeat_at": now,
        }
    )
    return {"batch_id": batch_id, "state": BatchState.CHECKING.value, "total_rows": total}


async def start(runtime: Runtime, sheet: Sheet, request: ImportRequest) -> dict[str, Any]:
    """Record the batch and start its job; the caller polls the batch for its progress."""
    async with runtime.unit_of_work() as uow:
        started = await record(uow, sheet, request)
    state = runtime.state_as(IntakeState)
    task = asyncio.create_task(
        run_import(runtime.unit_of_work, started["batch_id"], sheet, request, policy=state.policy)
    )
    state.batch_jobs.add(task)
    task.add_done_callback(state.batch_jobs.discard)
    return started


async def run_import(
    units: Units, batch_id: str, sheet: Sheet, request: ImportRequest, *, policy: IntakePolicy
) -> None:
    """The batch's job: check every row, then register the batch or refuse it."""
    try:
        drafts, problems = await _check(units, batch_id, sheet, policy)
        bad_rows = len({p.row for p in problems})
        if (problems and not request.good_rows_only) or not drafts:
            await _finish(units, batch_id, BatchState.REFUSED, problems, bad_rows)
            return
        await _progress(units, batch_id, {"state": BatchState.IMPORTING.value})
        await _register(units, batch_id, drafts, problems, bad_rows, request, policy)
    except ApiError as error:
        await _finish(units, batch_id, BatchState.FAILED, [], 0, failure=error.message)
    except Exception:
        log.exception("batch %s stopped", batch_id)
        await _finish(units, batch_id, BatchState.FAILED, [], 0, failure="导入出错")


async def _check(
    units: Units, batch_id: str, sheet: Sheet, policy: IntakePolicy
) -> tuple[list[tuple[RowDraft, Submission]], list[RowProblem]]:
    async with units() as uow:
        catalogue = rows.Catalogue(
            streets={s.name: s.code for s in policy.streets},
            categories=await uow.store.batches.category_names(),
        )
    today = local_date(utcnow())
    drafts: list[tuple[RowDraft, Submission]] = []
    problems: list[RowProblem] = []
    checked = 0
    for number, cells in rows.data_rows(sheet.rows):
        found = rows.draft(number, cells, sheet.positions, catalogue, today=today)
        if isinstance(found, RowDraft):
            form = validated_row(found)
            if isinstance(form, Submission):
                drafts.append((found, form))
            else:
                problems.extend(form)
        else:
            problems.extend(found)
        checked += 1
        if checked % PROGRESS_EVERY == 0:
            await _progress(units, batch_id, {"checked_rows": checked})
    await _progress(units, batch_id, {"checked_rows": checked})
    return drafts, problems


def validated_row(found: RowDraft) -> Submission | list[RowProblem]:
    """The row as the registration schema takes it: its rules, its zh-CN messages."""
    try:
        return Submission.model_validate(found.form)
    except ValidationError as error:
        return [
            RowProblem(found.row, rows.column_of_field(item["loc"]), field_message(item))
            for item in error.errors()
        ]


async def _register(
    units: Units,
    batch_id: str,
    drafts: Sequence[tuple[RowDraft, Submission]],
    problems: Sequence[RowProblem],
    bad_rows: int,
    request: ImportRequest,
    policy: IntakePolicy,
) -> None:
    """The one transaction of the batch: every case, every event, and the final state."""
    linked: list[tuple[int, str]] = []
    async with units() as uow:
        for draft, form in drafts:
            origin = registration.BatchOrigin(batch_id, request.title, draft.requested_by)
            try:
                registered = await registration.submit(
                    uow, form, policy=policy, clerk=request.clerk, batch=origin
                )
            except ApiError as error:
                raise ApiError(error.code, f"第 {draft.row} 行：{error.message}") from error
            linked.append((draft.row, registered.case_id))
            if len(linked) % PROGRESS_EVERY == 0:
                await _progress(units, batch_id, {"registered_rows": len(linked)})
        await uow.store.batches.add_cases(batch_id, linked)
        final = _final(BatchState.IMPORTED, problems, bad_rows)
        await uow.store.batches.update_batch(batch_id, final | {"registered_rows": len(linked)})


def _final(
    state: BatchState, problems: Sequence[RowProblem], bad_rows: int, failure: str | None = None
) -> dict[str, Any]:
    now = utcnow()
    return {
        "state": state.value,
        "problems": [p.view() for p in problems],
        "rejected_rows": bad_rows,
        "failure": failure,
        "finished_at": now,
        "heartbeat_at": now,
    }


async def _finish(
    units: Units,
    batch_id: str,
    state: BatchState,
    problems: Sequence[RowProblem],
    bad_rows: int,
    *,
    failure: str | None = None,
) -> None:
    values = _final(state, problems, bad_rows, failure) | {"registered_rows": 0}
    async with units() as uow:
        await uow.store.batches.update_batch(batch_id, values)


async def _progress(units: Units, batch_id: str, values: dict[str, Any]) -> None:
    """Beside the batch's transaction, so that the console sees it move."""
    async with units() as uow:
        await uow.store.batches.touch(batch_id, values, utcnow())


# --- views -----------------------------------------------------------------------------------


_HAS_CASES = frozenset({BatchState.IMPORTING, BatchState.IMPORTED})


def _view(row: dict[str, Any]) -> dict[str, Any]:
    state = rows.shown_state(row["state"], row["heartbeat_at"], utcnow())
    source = BatchSource(row["source"])
    return {
        "batch_id": row["batch_id"],
        "title": row["title"],
        "source": source.value,
        "source_label": rows.SOURCE_LABELS_ZH[source],
        "filename": row["filename"],
        "good_rows_only": row["good_rows_only"],
        "state": state.value,
        "state_label": rows.STATE_LABELS_ZH[state],
        "total_rows": row["total_rows"],
        "checked_rows": row["checked_rows"],
        # while importing: how far the job has got; a batch not imported has no cases
        "registered_rows": row["registered_rows"] if state in _HAS_CASES else 0,
        "rejected_rows": row["rejected_rows"],
        "failure": row["failure"],
        "created_by": row["created_by"],
        "created_at": row["created_at"],
        "finished_at": row["finished_at"],
    }


async def batch(uow: Unit, batch_id: str) -> dict[str, Any]:
    row = await uow.store.batches.find_batch(batch_id)
    if row is None:
        raise NotFound("batch_not_found", f"没有编号为 {batch_id} 的导入批次")
    view = _view(row)
    view["problems"] = row["problems"]
    view["cases"] = await uow.store.batches.cases_of(batch_id)
    return view


async def batches(uow: Unit, *, limit: int, offset: int) -> list[dict[str, Any]]:
    rows_found = await uow.store.batches.list_batches(limit=limit, offset=offset)
    return [_view(r) for r in rows_found]
