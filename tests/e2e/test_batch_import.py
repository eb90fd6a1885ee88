"""Batch import on the running system: a file with a bad row imports nothing and reports it,
good-rows-only imports the rest as one batch whose cases wait for screening and whose events
name the batch; 2,000 rows show their progress; a process killed mid-import leaves nothing of
the batch; and files refused whole have stable codes.

The 2,000 rows and the killed process run on a system of their own: 2,000 cases waiting for
screening would fill the shared system's screening queue, and intake stops there."""

from __future__ import annotations

import asyncio
import io
import secrets
import time
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest
import pytest_asyncio
from openpyxl import Workbook

from intake.domain.batch_rows import COLUMNS
from tests.support.infra import TestRun
from tests.support.screening import CLERK, intake_events
from tests.support.stack import Stack

SHANGHAI = ZoneInfo("Asia/Shanghai")

HEADERS = [c.header for c in COLUMNS]


@pytest_asyncio.fixture(scope="module")
async def own_system(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Stack, asyncpg.Pool]]:
    running = Stack(test_run, tmp_path_factory.mktemp("batch_service_logs"))
    try:
        await running.start_all()
        async with asyncpg.create_pool(test_run.plain_database_url, min_size=1, max_size=2) as pool:
            yield running, pool
    finally:
        running.stop_all()


def person_row(phone: str, n: int, **cells: str) -> list[str]:
    values = {
        "诉求标题": f"座谈会意见{n}号",
        "诉求内容": f"座谈会上居民反映第{n}号小区路灯不亮，希望尽快修复",
        "诉求人类型": "群众",
        "姓名/单位名称": "李女士",
        "联系电话": phone,
        "地址": f"望月湖街道批量小区{phone}栋",
        "所属街道": "望月湖街道",
        **cells,
    }
    return [values.get(h, "") for h in HEADERS]


def phones(count: int) -> list[str]:
    """Numbers of this test run alone, so that intake does not take the rows for repeats."""
    stem = f"15{secrets.randbelow(10**4):04d}"
    return [f"{stem}{i:05d}" for i in range(count)]


def csv_file(rows: Sequence[Sequence[str]], encoding: str = "gb18030") -> bytes:
    lines = [",".join(HEADERS), *(",".join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_file(rows: Sequence[Sequence[str]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for r in rows:
        sheet.append(list(r))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(
    http: httpx.AsyncClient, stack: Stack, content: bytes, **params: Any
) -> httpx.Response:
    return await http.post(
        f"{stack.url('intake')}/api/v1/batches",
        params={"title": "望月湖片区座谈会", "source": "symposium", **params},
        content=content,
        headers=CLERK,
        timeout=120,  # a 2,000-row workbook is read before the answer
    )


async def batch_of(http: httpx.AsyncClient, stack: Stack, batch_id: str) -> dict[str, Any]:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/batches/{batch_id}", headers=CLERK, timeout=60
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def finished(
    http: httpx.AsyncClient, stack: Stack, batch_id: str, seen: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    # 2,000 registrations take a minute on a quiet machine, many more on a crowded one
    deadline = time.monotonic() + 1400
    while time.monotonic() < deadline:
        view = await batch_of(http, stack, batch_id)
        if seen is not None:
            seen.append(view)
        if view["state"] not in ("checking", "importing"):
            return view
        await asyncio.sleep(0.2)
    raise AssertionError(f"batch {batch_id} still running: {view}")


async def cases_with(sql: asyncpg.Pool, numbers: Sequence[str]) -> int:
    return int(
        await sql.fetchval(
            "SELECT count(*) FROM intake.cases WHERE submitter_phone = ANY($1)", list(numbers)
        )
    )


async def test_a_bad_row_imports_nothing_until_good_rows_only_is_asked(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool, e2e_run: TestRun
) -> None:
    numbers = phones(4)
    wanted = (datetime.now(SHANGHAI).date() + timedelta(days=30)).isoformat()
    rows = [
        person_row(numbers[0], 1, 期望办结日期=wanted),
        person_row(numbers[1], 2, 联系电话="打电话"),
        person_row(numbers[2], 3, 所属街道="火星街道"),
        person_row(numbers[3], 4, 诉求人类型="企业", 统一社会信用代码=""),
    ]
    first = await upload(http, stack, csv_file(rows))
    assert first.status_code == 202, first.text
    assert first.json()["total_rows"] == 4
    refused = await finished(http, stack, first.json()["batch_id"])
    assert refused["state"] == "refused" and refused["registered_rows"] == 0
    assert refused["rejected_rows"] == 3 and refused["cases"] == []
    assert [(p["row"], p["column"]) for p in refused["problems"]] == [
        (3, "联系电话"),
        (4, "所属街道"),
        (5, "诉求人类型"),
    ]
    assert "不是本区的街道" in refused["problems"][1]["reason"]
    assert await cases_with(sql, numbers) == 0

    second = await upload(http, stack, csv_file(rows, "utf-8-sig"), good_rows_only="true")
    assert second.status_code == 202, second.text
    batch_id = second.json()["batch_id"]
    imported = await finished(http, stack, batch_id)
    assert imported["state"] == "imported", imported
    assert (imported["registered_rows"], imported["rejected_rows"]) == (1, 3)
    assert len(imported["problems"]) == 3
    ((row,),) = [[c for c in imported["cases"]]]
    assert row["row_number"] == 2
    case_id = row["case_id"]

    queue = await http.get(f"{stack.url('intake')}/api/v1/screening-queue", headers=CLERK)
    queued = {c["case_id"]: c for c in queue.json()}
    assert queued[case_id]["channel"] == "batch_import"
    assert queued[case_id]["area"] == "street-wangyue"
    (registered,) = await intake_events(e2e_run, case_id, 1)
    assert registered.event_type == "CaseRegistered"
    assert registered.payload["batch_id"] == batch_id
    assert registered.payload["batch_title"] == "望月湖片区座谈会"
    assert registered.payload["requested_by"] == wanted

    listed = await http.get(f"{stack.url('intake')}/api/v1/batches", headers=CLERK)
    by_id = {b["batch_id"]: b for b in listed.json()}
    assert by_id[batch_id]["source_label"] == "座谈会"
    assert by_id[batch_id]["created_by"] == "clerk:window-1"
    assert by_id[first.json()["batch_id"]]["state_label"] == "未导入（有错误行）"


@pytest.mark.timeout(1500)  # 2,000 registrations: a minute or two alone, far more on a crowded host
async def test_two_thousand_rows_show_their_progress_and_land_whole(
    own_system: tuple[Stack, asyncpg.Pool], http: httpx.AsyncClient
) -> None:
    stack, sql = own_system
    numbers = phones(2000)
    content = xlsx_file([person_row(p, i) for i, p in enumerate(numbers)])
    started = await upload(http, stack, content, source="visits", filename="大走访.xlsx")
    assert started.status_code == 202, started.text
    assert started.json()["total_rows"] == 2000
    seen: list[dict[str, Any]] = []
    done = await finished(http, stack, started.json()["batch_id"], seen)
    assert done["state"] == "imported", done
    assert done["registered_rows"] == 2000 and len(done["cases"]) == 2000
    assert any(0 < v["checked_rows"] < 2000 or 0 < v["registered_rows"] < 2000 for v in seen)
    assert any(v["state"] == "importing" and 0 < v["registered_rows"] < 2000 for v in seen)
    assert all(v["total_rows"] == 2000 for v in seen)
    assert await cases_with(sql, numbers) == 2000


async def test_a_process_killed_mid_import_leaves_nothing_of_the_batch(
    own_system: tuple[Stack, asyncpg.Pool], http: httpx.AsyncClient
) -> None:
    stack, sql = own_system
    numbers = phones(1500)
    started = await upload(http, stack, csv_file([person_row(p, i) for i, p in enumerate(numbers)]))
    assert started.status_code == 202, started.text
    batch_id = started.json()["batch_id"]
    deadline = time.monotonic() + 120
    while (await batch_of(http, stack, batch_id))["registered_rows"] == 0:
        assert time.monotonic() < deadline, "the import never started registering"
        await asyncio.sleep(0.05)
    stack.kill("intake")  # SIGKILL in the middle of the batch's transaction
    stack.start("intake")
    await stack.wait_ready("intake")
    assert await cases_with(sql, numbers) == 0
    assert (
        await sql.fetchval("SELECT count(*) FROM intake.batch_cases WHERE batch_id = $1", batch_id)
        == 0
    )
    state = await sql.fetchval("SELECT state FROM intake.batches WHERE batch_id = $1", batch_id)
    assert state == "importing"  # shown as interrupted once its heartbeat is stale


async def test_files_refused_whole(stack: Stack, http: httpx.AsyncClient) -> None:
    async def refused(content: bytes, status: int, code: str, **params: Any) -> str:
        response = await upload(http, stack, content, **params)
        assert response.status_code == status, response.text
        assert response.json()["error"] == code
        message: str = response.json()["message"]
        return message

    assert "XLSX 或 CSV" in await refused(
        b"\xd0\xcf\x11\xe0" + b"\x00" * 600, 415, "unsupported_file_type"
    )
    assert "空" in await refused(b"", 422, "empty_file")
    assert "诉求内容" in await refused(
        "诉求标题,地址\r\n灯,某处\r\n".encode(), 422, "missing_headers"
    )
    many = csv_file([person_row(p, i) for i, p in enumerate(phones(5001))])
    assert "5000" in await refused(many, 413, "too_many_rows")
    assert "KB" in await refused(b"a" * (5 * 1024 * 1024 + 1), 413, "file_too_large")
    body = await upload(http, stack, csv_file([]), source="meeting")
    assert body.status_code == 422 and "来源" in body.json()["message"]
    anonymous = await http.post(
        f"{stack.url('intake')}/api/v1/batches",
        params={"title": "某批次", "source": "other"},
        content=csv_file([]),
    )
    assert anonymous.status_code == 401
    template = await http.get(f"{stack.url('intake')}/api/v1/batches/template.csv")
    assert template.status_code == 200
    assert template.content.decode("utf-8-sig").splitlines()[0] == ",".join(HEADERS)
