"""Batch import use cases on intake's in-memory store: a file of good and bad rows refused
whole or, good rows only, imported as one batch of cases; the batch's report and list; and
the refusals that register nothing."""

from __future__ import annotations

from typing import Any

import pytest

from common.errors import ApiError
from common.events import CaseRegistered
from intake.batches import service
from intake.batches.file import Sheet
from intake.domain import batch_rows as rows
from intake.domain.batch_rows import BatchSource
from tests.support.intake_world import CLERK, intake, policy

HEADERS = [c.header for c in rows.COLUMNS]
GOOD = {
    "诉求标题": "小区停水三天",
    "诉求内容": "幸福小区三号楼停水已经三天，无人处理。",
    "诉求人类型": "群众",
    "姓名/单位名称": "张三",
    "联系电话": "13800000001",
    "地址": "幸福小区三号楼",
    "所属街道": "东街道",
    "诉求类别": "停水",
}


def row(**cells: object) -> list[str]:
    values = {**GOOD, **cells}
    return [rows.cell_text(values.get(h, "")) for h in HEADERS]


def sheet(*cells: list[str]) -> Sheet:
    return Sheet(kind="csv", positions=rows.column_positions(HEADERS), rows=list(cells))


def request(*, good_rows_only: bool = False) -> service.ImportRequest:
    return service.ImportRequest(
        "三月座谈会", BatchSource.SYMPOSIUM, "a.csv", good_rows_only, CLERK
    )


async def imported(db, file: Sheet, **more: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    async with db.unit_of_work() as uow:
        started = await service.record(uow, file, request(**more))
    assert started["state"] == "checking" and started["total_rows"] == len(file.rows)
    await service.run_import(
        db.unit_of_work, started["batch_id"], file, request(**more), policy=policy()
    )
    async with db.unit_of_work() as uow:
        return await service.batch(uow, started["batch_id"])


MIXED = (row(), row(联系电话="12"), row(诉求类别="没有这一类"), row(诉求标题="第二件"))


async def test_a_file_with_bad_rows_is_refused_whole_with_its_row_report() -> None:
    db = intake()
    batch = await imported(db, sheet(*MIXED))
    assert batch["state"] == "refused" and batch["rejected_rows"] == 2
    assert batch["checked_rows"] == 4 and batch["registered_rows"] == 0
    assert sorted({p["row"] for p in batch["problems"]}) == [3, 4]
    assert batch["cases"] == [] and db.store.tables.cases == {} and db.published == []


async def test_good_rows_only_imports_the_good_rows_as_one_batch() -> None:
    db = intake()
    batch = await imported(db, sheet(*MIXED), good_rows_only=True)
    assert batch["state"] == "imported" and batch["state_label"]
    assert (batch["registered_rows"], batch["rejected_rows"]) == (2, 2)
    assert [c["row_number"] for c in batch["cases"]] == [2, 5]
    assert {c["case_id"] for c in batch["cases"]} == set(db.store.tables.cases)
    assert len(db.events(CaseRegistered)) == 2
    assert all(c["channel"] == "batch_import" for c in db.store.tables.cases.values())


async def test_a_file_with_no_good_row_is_refused_even_good_rows_only() -> None:
    db = intake()
    batch = await imported(db, sheet(row(联系电话="12")), good_rows_only=True)
    assert batch["state"] == "refused" and db.store.tables.cases == {}
    assert db.published == []


async def test_batches_are_listed_newest_first_without_their_report() -> None:
    db = intake()
    first = await imported(db, sheet(row()))
    second = await imported(db, sheet(row(联系电话="12")))
    async with db.unit_of_work() as uow:
        listed = await service.batches(uow, limit=10, offset=0)
    assert {b["batch_id"] for b in listed} == {first["batch_id"], second["batch_id"]}
    assert all("problems" not in b and "cases" not in b for b in listed)


async def test_an_unknown_batch_is_404() -> None:
    db = intake()
    async with db.unit_of_work() as uow:
        with pytest.raises(ApiError) as refused:
            await service.batch(uow, "B20260309-00000000")
    assert refused.value.code == "batch_not_found"
