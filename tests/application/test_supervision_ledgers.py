"""Campaign ledgers (专项整治台账) on supervision's in-memory store: opening one, tagging
cases and opinions into it, deciding dispositions, reporting progress, publishing and
withdrawing, and the refusals, which change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from common.auth import Principal
from common.clock import local_date, utcnow
from common.vocabulary import Role
from supervision.domain.ledgers import Disposition
from supervision.service import ledger_views, ledgers
from supervision.service.ledgers import DEFAULT_DISPOSITIONS
from tests.support.supervision_memory import (
    SUPERVISOR,
    Database,
    database,
    deliver_all,
    refused,
    run,
    staff_of,
)
from tests.support.supervision_stories import UM, envelopes, may_fixture

OWN = (*DEFAULT_DISPOSITIONS, Disposition("to-the-meeting", "提交联席会议"))
COLLECTED = date(2026, 1, 5)


async def opened(db: Database) -> int:
    ledger = await run(
        db, ledgers.open_ledger, title="营商环境专项整治", campaign_id="C-9", principal=SUPERVISOR
    )
    return int(ledger["ledger_id"])


async def opinion(db: Database, ledger_id: int, **more: object) -> dict[str, object]:
    arguments: dict[str, object] = {
        "ledger_id": ledger_id,
        "source": "opinion",
        "text": "审批承诺时限未兑现",
        "raised_by": "某某科技有限公司",
        "collected_on": COLLECTED,
        "principal": SUPERVISOR,
    }
    return dict(await run(db, ledgers.add_entry, **(arguments | more)))


async def test_a_ledger_opens_empty_unpublished_with_every_disposition_at_zero() -> None:
    db = database()
    ledger = await run(
        db, ledgers.open_ledger, title="台账", principal=SUPERVISOR, dispositions=OWN
    )
    assert (ledger["ledger_id"], ledger["published"], ledger["created_by"]) == (
        1,
        False,
        "supervisor:s1",
    )
    assert ledger["figures"]["collected"] == 0
    assert [(d["code"], d["count"]) for d in ledger["figures"]["by_disposition"]] == [
        ("fixed_at_once", 0),
        ("special_study", 0),
        ("key_supervision", 0),
        ("to-the-meeting", 0),
    ]
    assert db.published == []  # ledgers announce nothing


async def test_a_case_entry_names_a_known_case_once_and_takes_its_department() -> None:
    db = database()
    await deliver_all(db, envelopes(may_fixture()))
    db.published.clear()
    ledger_id = await opened(db)
    entry = await run(
        db,
        ledgers.add_entry,
        ledger_id=ledger_id,
        source="case",
        case_id="B1",
        principal=SUPERVISOR,
    )
    assert (entry["case_id"], entry["responsible_unit"], entry["progress"]) == ("B1", UM, "open")
    assert entry["collected_on"] == local_date(utcnow())
    assert entry["disposition"] is None
    await refused(
        db,
        "case_already_in_ledger",
        ledgers.add_entry,
        ledger_id=ledger_id,
        source="case",
        case_id="B1",
        principal=SUPERVISOR,
    )
    await refused(
        db,
        "case_not_found",
        ledgers.add_entry,
        ledger_id=ledger_id,
        source="case",
        case_id="NOPE",
        principal=SUPERVISOR,
    )
    error = await refused(
        db,
        "case_id_required",
        ledgers.add_entry,
        ledger_id=ledger_id,
        source="case",
        principal=SUPERVISOR,
    )
    assert error.status == 422 and error.body()["field"] == "case_id"


@pytest.mark.parametrize(
    ("code", "more", "field"),
    [
        ("text_required", {"text": "  "}, "text"),
        ("case_id_not_allowed", {"case_id": "B1"}, "case_id"),
        ("time_limit_before_collected", {"time_limit": date(2026, 1, 4)}, "time_limit"),
    ],
)
async def test_a_wrong_opinion_is_refused_naming_its_field(
    code: str, more: dict[str, object], field: str
) -> None:
    db = database()
    ledger_id = await opened(db)
    arguments = {
        "ledger_id": ledger_id,
        "source": "opinion",
        "text": "意见",
        "collected_on": COLLECTED,
        "principal": SUPERVISOR,
    }
    error = await refused(db, code, ledgers.add_entry, **(arguments | more))
    assert (error.status, error.body()["field"]) == (422, field)
    assert field in error.message


async def test_an_entry_into_an_unknown_ledger_is_not_found() -> None:
    db = database()
    await refused(
        db,
        "ledger_not_found",
        ledgers.add_entry,
        ledger_id=7,
        source="opinion",
        text="意见",
        principal=SUPERVISOR,
    )


async def test_a_supervisor_decides_and_the_units_handler_rectifies_with_the_outcome() -> None:
    db = database()
    ledger_id = await opened(db)
    entry = await opinion(db, ledger_id)
    entry_id = entry["entry_id"]
    decided = await run(
        db,
        ledgers.update_entry,
        ledger_id=ledger_id,
        entry_id=entry_id,
        changes={
            "disposition": "to-the-meeting",
            "responsible_unit": UM,
            "time_limit": date(2026, 1, 20),
        },
        principal=SUPERVISOR,
        dispositions=OWN,
    )
    assert (decided["disposition"], decided["responsible_unit"]) == ("to-the-meeting", UM)
    assert decided["overdue"] is True  # 2026-01-20 has passed and it is not rectified

    handler = staff_of(UM)
    await refused(
        db,
        "outcome_required",
        ledgers.update_entry,
        ledger_id=ledger_id,
        entry_id=entry_id,
        changes={"progress": "rectified"},
        principal=handler,
    )
    rectified = await run(
        db,
        ledgers.update_entry,
        ledger_id=ledger_id,
        entry_id=entry_id,
        changes={"progress": "rectified", "outcome": "已按承诺办结审批"},
        principal=handler,
    )
    assert (rectified["progress"], rectified["overdue"]) == ("rectified", False)
    assert rectified["rectified_on"] == local_date(utcnow())
    assert rectified["updated_by"] == "handler:h-urban-management"
    stored = db.store.ledgers.entry_rows[0]
    assert (stored["progress"], stored["outcome"]) == ("rectified", "已按承诺办结审批")

    reopened = await run(
        db,
        ledgers.update_entry,
        ledger_id=ledger_id,
        entry_id=entry_id,
        changes={"progress": "in_progress"},
        principal=SUPERVISOR,
    )
    assert (reopened["rectified_on"], db.store.ledgers.entry_rows[0]["rectified_at"]) == (
        None,
        None,
    )


async def test_a_handler_reports_only_progress_and_only_on_its_own_units_entries() -> None:
    db = database()
    ledger_id = await opened(db)
    entry = await opinion(db, ledger_id, responsible_unit=UM)
    key = {"ledger_id": ledger_id, "entry_id": entry["entry_id"]}
    other = staff_of("housing")
    await refused(
        db,
        "not_found",
        ledgers.update_entry,
        **key,
        changes={"progress": "in_progress"},
        principal=other,
    )
    await refused(
        db,
        "progress_only",
        ledgers.update_entry,
        **key,
        changes={"disposition": "fixed_at_once"},
        principal=staff_of(UM),
    )
    mine = await run(db, ledger_views.entries_of, principal=staff_of(UM), mine=True)
    assert [e["entry_id"] for e in mine] == [entry["entry_id"]]
    assert await run(db, ledger_views.entries_of, principal=other, mine=True) == []
    # a handler's list is its own unit's whatever it asks for
    assert await run(db, ledger_views.entries_of, principal=other, responsible_unit=UM) == []


@pytest.mark.parametrize(
    ("code", "changes", "field"),
    [
        ("unknown_disposition", {"disposition": "forgotten"}, "disposition"),
        ("time_limit_before_collected", {"time_limit": date(2026, 1, 1)}, "time_limit"),
        ("outcome_required", {"progress": "rectified"}, "outcome"),
    ],
)
async def test_a_wrong_decision_is_refused_naming_its_field(
    code: str, changes: dict[str, object], field: str
) -> None:
    db = database()
    ledger_id = await opened(db)
    entry = await opinion(db, ledger_id)
    error = await refused(
        db,
        code,
        ledgers.update_entry,
        ledger_id=ledger_id,
        entry_id=entry["entry_id"],
        changes=changes,
        principal=SUPERVISOR,
        dispositions=OWN,
    )
    assert (error.status, error.body()["field"]) == (422, field)
    assert field in error.message


async def test_changing_nothing_or_an_unknown_entry_is_refused() -> None:
    db = database()
    ledger_id = await opened(db)
    entry = await opinion(db, ledger_id)
    key = {"ledger_id": ledger_id, "principal": SUPERVISOR}
    await refused(
        db, "nothing_to_change", ledgers.update_entry, **key, entry_id=entry["entry_id"], changes={}
    )
    await refused(
        db, "entry_not_found", ledgers.update_entry, **key, entry_id=9, changes={"outcome": "x"}
    )
    await refused(
        db,
        "entry_not_found",
        ledgers.update_entry,
        ledger_id=ledger_id + 1,
        entry_id=entry["entry_id"],
        changes={"outcome": "x"},
        principal=SUPERVISOR,
    )


async def test_a_ledgers_figures_read_like_gaoyous() -> None:
    db = database()
    ledger_id = await opened(db)
    plan = ["fixed_at_once"] * 31 + ["special_study"] * 2 + ["key_supervision"] * 8
    for disposition in plan:
        entry = await opinion(db, ledger_id)
        await run(
            db,
            ledgers.update_entry,
            ledger_id=ledger_id,
            entry_id=entry["entry_id"],
            changes={"disposition": disposition},
            principal=SUPERVISOR,
        )
    await opinion(db, ledger_id)  # collected, not yet decided
    detail = await run(
        db, ledger_views.ledger_detail, ledger_id=ledger_id, dispositions=DEFAULT_DISPOSITIONS
    )
    figures = detail["figures"]
    assert figures["collected"] == 42
    assert [d["count"] for d in figures["by_disposition"]] == [31, 2, 8]
    assert (figures["undecided"], figures["open"], figures["rectified"]) == (1, 42, 0)
    assert len(detail["entries"]) == 42


async def test_a_published_ledger_shows_on_the_public_side_without_personal_data() -> None:
    db = database()
    ledger_id = await opened(db)
    await opinion(db, ledger_id, time_limit=date.today() + timedelta(days=30))
    await refused(
        db,
        "ledger_not_published",
        ledger_views.published_ledger,
        ledger_id=ledger_id,
        dispositions=DEFAULT_DISPOSITIONS,
    )
    published = await run(db, ledgers.publish_ledger, ledger_id=ledger_id, principal=SUPERVISOR)
    assert published["published"] is True and published["published_by"] == "supervisor:s1"
    first_time = published["published_at"]
    again = await run(db, ledgers.publish_ledger, ledger_id=ledger_id, principal=SUPERVISOR)
    assert again["published_at"] == first_time

    listed = await run(db, ledger_views.published_ledgers, dispositions=DEFAULT_DISPOSITIONS)
    assert [ledger["ledger_id"] for ledger in listed] == [ledger_id]
    assert not {"created_by", "published_by"} & set(listed[0])
    detail = await run(
        db, ledger_views.published_ledger, ledger_id=ledger_id, dispositions=DEFAULT_DISPOSITIONS
    )
    (entry,) = detail["entries"]
    assert entry["text"] == "审批承诺时限未兑现"
    assert not {"raised_by", "created_by", "updated_by"} & set(entry)
    assert "某某科技有限公司" not in repr(detail)

    withdrawn = await run(db, ledgers.withdraw_ledger, ledger_id=ledger_id)
    assert withdrawn["published"] is False
    assert await run(db, ledger_views.published_ledgers, dispositions=DEFAULT_DISPOSITIONS) == []
    await refused(
        db,
        "ledger_not_published",
        ledger_views.published_ledger,
        ledger_id=ledger_id,
        dispositions=DEFAULT_DISPOSITIONS,
    )


async def test_publishing_an_unknown_ledger_is_not_found() -> None:
    db = database()
    principal = Principal("s2", Role.SUPERVISOR)
    await refused(db, "ledger_not_found", ledgers.publish_ledger, ledger_id=3, principal=principal)
    await refused(db, "ledger_not_found", ledgers.withdraw_ledger, ledger_id=3)
