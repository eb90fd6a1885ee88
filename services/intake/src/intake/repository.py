"""Intake's tables: registered cases, the category catalogue, duplicate links, attachments,
the staff timeline, who handles a case, and the public read model.

Longer than ~400 lines because it holds several aggregates at once (cases, the catalogue,
duplicates, attachments, the timelines); it is to be split into a repository/ package, one
module per aggregate, with intake's service.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, delete, func, select, text, tuple_, union, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.vocabulary import PUBLIC_STATUS_ZH
from intake.domain.duplicates import Suspicion
from intake.models import (
    attachments,
    case_handlers,
    cases,
    categories,
    duplicate_flags,
    public_status,
    public_timeline,
    staff_timeline,
    tracking_throttle,
)

# --- categories ------------------------------------------------------------------------------


async def next_sequence(session: AsyncSession) -> int:
    value = await session.scalar(text("SELECT nextval('intake.case_sequence')"))
    return int(value)


async def category_exists(session: AsyncSession, code: str) -> bool:
    found = await session.scalar(
        select(categories.c.code).where(categories.c.code == code, categories.c.active)
    )
    return found is not None


def _category(row: Any) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "description": row.description,
        "active": row.active,
        "domain": row.domain,
        "domain_name": row.domain_name,
        "group": row.group_code,
        "group_name": row.group_name,
        "kinds": list(row.kinds),
        "lead": row.lead,
        "co_handlers": list(row.co_handlers),
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }


async def list_categories(
    session: AsyncSession, *, include_inactive: bool = False
) -> list[dict[str, Any]]:
    """The catalogue in the taxonomy's order (the district file's, then additions)."""
    query = select(categories).order_by(categories.c.position, categories.c.code)
    if not include_inactive:
        query = query.where(categories.c.active)
    return [_category(r) for r in await session.execute(query)]


# --- cases -----------------------------------------------------------------------------------


async def insert_case(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(cases.insert().values(**values))


async def find_case(session: AsyncSession, case_id: str, *, lock: bool = False) -> Any:
    query = select(cases).where(cases.c.case_id == case_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).first()


async def update_case(session: AsyncSession, case_id: str, values: dict[str, Any]) -> None:
    await session.execute(update(cases).where(cases.c.case_id == case_id).values(**values))


async def count_cases(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(cases)) or 0)


@dataclass(frozen=True)
class CandidateQuery:
    """The bounded searches for likely originals: by submitter since a time, and in a
    category since a time, inside a bounding box or at the same normalised address."""

    case_id: str
    submitter_key: str | None
    submitter_since: datetime
    category: str | None
    place_since: datetime
    box: tuple[float, ...] | None  # min_lat, max_lat, min_lon, max_lon
    address_key: str | None
    limit: int = 200


async def duplicate_candidates(session: AsyncSession, query: CandidateQuery) -> Sequence[Any]:
    columns = (
        cases.c.case_id,
        cases.c.registered_at,
        cases.c.title,
        cases.c.description,
        cases.c.submitter_key,
        cases.c.category,
        cases.c.address_key,
        cases.c.latitude,
        cases.c.longitude,
    )
    not_this = and_(cases.c.case_id != query.case_id, cases.c.merged_into.is_(None))
    searches: list[Select[Any]] = []
    if query.submitter_key:
        searches.append(
            select(*columns)
            .where(
                cases.c.submitter_key == query.submitter_key,
                cases.c.registered_at >= query.submitter_since,
                not_this,
            )
            .limit(query.limit)
        )
    if query.category and query.box is not None:
        min_lat, max_lat, min_lon, max_lon = query.box
        searches.append(
            select(*columns)
            .where(
                cases.c.category == query.category,
                cases.c.latitude.between(min_lat, max_lat),
                cases.c.longitude.between(min_lon, max_lon),
                cases.c.registered_at >= query.place_since,
                not_this,
            )
            .limit(query.limit)
        )
    if query.category and query.address_key:
        searches.append(
            select(*columns)
            .where(
                cases.c.category == query.category,
                cases.c.address_key == query.address_key,
                cases.c.registered_at >= query.place_since,
                not_this,
            )
            .limit(query.limit)
        )
    if not searches:
        return []
    statement = searches[0] if len(searches) == 1 else union(*searches)
    return (await session.execute(statement)).all()


async def insert_flags(
    session: AsyncSession, case_id: str, found: Sequence[Suspicion], *, now: datetime
) -> None:
    await session.execute(
        insert(duplicate_flags)
        .values(
            [
                {
                    "case_id": case_id,
                    "original_case_id": s.original_case_id,
                    "score": s.score,
                    "reasons": list(s.reasons),
                    "distance_m": s.distance_m,
                    "flagged_at": now,
                }
                for s in found
            ]
        )
        .on_conflict_do_nothing()
    )


async def flags_of(session: AsyncSession, case_id: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(duplicate_flags, cases.c.title, cases.c.registered_at, cases.c.screening_state)
        .join(cases, cases.c.case_id == duplicate_flags.c.original_case_id)
        .where(duplicate_flags.c.case_id == case_id)
        .order_by(duplicate_flags.c.score.desc())
    )
    return [
        {
            "original_case_id": r.original_case_id,
            "score": r.score,
            "reasons": list(r.reasons),
            "distance_m": r.distance_m,
            "flagged_at": r.flagged_at,
            "original_title": r.title,
            "original_registered_at": r.registered_at,
            "original_screening_state": r.screening_state,
        }
        for r in rows
    ]


async def flags_for(session: AsyncSession, case_ids: Sequence[str]) -> dict[str, list[Any]]:
    if not case_ids:
        return {}
    rows = await session.execute(
        select(duplicate_flags).where(duplicate_flags.c.case_id.in_(case_ids))
    )
    found: dict[str, list[Any]] = {}
    for r in rows:
        found.setdefault(r.case_id, []).append(
            {"original_case_id": r.original_case_id, "score": r.score, "reasons": list(r.reasons)}
        )
    return found


@dataclass(frozen=True)
class CaseFilters:
    screening_state: str | None = None
    duplicate_review: str | None = None
    category: str | None = None
    channel: str | None = None
    kind: str | None = None
    area: str | None = None
    department: str | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    limit: int = 50
    offset: int = 0


async def list_cases(session: AsyncSession, filters: CaseFilters) -> Sequence[Any]:
    query = select(cases, case_handlers.c.lead_department, case_handlers.c.departments).outerjoin(
        case_handlers, case_handlers.c.case_id == cases.c.case_id
    )
    exact = {
        cases.c.screening_state: filters.screening_state,
        cases.c.duplicate_review: filters.duplicate_review,
        cases.c.category: filters.category,
        cases.c.channel: filters.channel,
        cases.c.kind: filters.kind,
        cases.c.area: filters.area,
    }
    for column, value in exact.items():
        if value is not None:
            query = query.where(column == value)
    if filters.department is not None:
        query = query.where(case_handlers.c.departments.any_() == filters.department)
    if filters.registered_from is not None:
        query = query.where(cases.c.registered_at >= filters.registered_from)
    if filters.registered_to is not None:
        query = query.where(cases.c.registered_at < filters.registered_to)
    query = (
        query.order_by(cases.c.registered_at.desc(), cases.c.case_id.desc())
        .limit(filters.limit)
        .offset(filters.offset)
    )
    return (await session.execute(query)).all()


async def screening_queue(session: AsyncSession, *, limit: int) -> Sequence[Any]:
    return (
        await session.execute(
            select(cases)
            .where(cases.c.screening_state == "pending")
            .order_by(cases.c.registered_at, cases.c.case_id)
            .limit(limit)
        )
    ).all()


# --- who handles a case ----------------------------------------------------------------------


async def set_handlers(
    session: AsyncSession,
    case_id: str,
    *,
    lead: str,
    co_handlers: Sequence[str] | None,
    round: int,
    at: datetime,
) -> None:
    """The current lead (and co-handlers, when the event names them); the latest event wins,
    whatever order events arrive in."""
    values: dict[str, Any] = {"lead_department": lead, "round": round, "updated_at": at}
    departments = [lead, *[d for d in (co_handlers or []) if d != lead]]
    statement = insert(case_handlers).values(case_id=case_id, departments=departments, **values)
    keep_co = co_handlers is None
    new_departments = (
        func.array_prepend(lead, func.array_remove(case_handlers.c.departments, lead))
        if keep_co
        else statement.excluded.departments
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["case_id"],
            set_={**values, "departments": new_departments},
            where=case_handlers.c.updated_at <= statement.excluded.updated_at,
        )
    )


async def handlers_of(session: AsyncSession, case_id: str) -> Any:
    return (
        await session.execute(select(case_handlers).where(case_handlers.c.case_id == case_id))
    ).first()


# --- attachments -----------------------------------------------------------------------------


async def count_attachments(session: AsyncSession, case_id: str) -> int:
    count = await session.scalar(
        select(func.count()).select_from(attachments).where(attachments.c.case_id == case_id)
    )
    return int(count or 0)


async def insert_attachment(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID:
    attachment_id = uuid.uuid4()
    await session.execute(attachments.insert().values(attachment_id=attachment_id, **values))
    return attachment_id


async def list_attachments(session: AsyncSession, case_id: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(
            attachments.c.attachment_id,
            attachments.c.filename,
            attachments.c.media_type,
            attachments.c.size_bytes,
            attachments.c.sha256,
            attachments.c.uploaded_by,
            attachments.c.uploaded_at,
        )
        .where(attachments.c.case_id == case_id)
        .order_by(attachments.c.uploaded_at)
    )
    return [dict(r._mapping) for r in rows]


async def get_attachment(session: AsyncSession, case_id: str, attachment_id: uuid.UUID) -> Any:
    return (
        await session.execute(
            select(attachments).where(
                attachments.c.case_id == case_id, attachments.c.attachment_id == attachment_id
            )
        )
    ).first()


# --- timelines -------------------------------------------------------------------------------


async def add_staff_lines(session: AsyncSession, lines: Sequence[dict[str, Any]]) -> None:
    """Lines of (case_id, event_id or None, occurred_at, action, label, actor, detail)."""
    if lines:
        await session.execute(insert(staff_timeline).values(list(lines)).on_conflict_do_nothing())


async def staff_lines(session: AsyncSession, case_id: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(staff_timeline)
        .where(staff_timeline.c.case_id == case_id)
        .order_by(staff_timeline.c.occurred_at, staff_timeline.c.id)
    )
    return [
        {
            "at": r.occurred_at,
            "action": r.action,
            "label": r.label,
            "actor": r.actor,
            "detail": r.detail,
        }
        for r in rows
    ]


async def record_public(session: AsyncSession, case_id: str, lines: list[dict[str, Any]]) -> None:
    """Add a case's timeline lines (event_id, occurred_at, status, text) in one statement;
    the status follows the latest event, whatever order the events arrive in."""
    await session.execute(
        insert(public_timeline)
        .values([{"case_id": case_id, **line} for line in lines])
        .on_conflict_do_nothing(index_elements=["event_id"])
    )
    latest = max(lines, key=lambda line: line["occurred_at"])
    status, occurred_at = latest["status"], latest["occurred_at"]
    statement = insert(public_status).values(case_id=case_id, status=status, updated_at=occurred_at)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["case_id"],
            set_={"status": status, "updated_at": occurred_at},
            where=public_status.c.updated_at <= statement.excluded.updated_at,
        )
    )


async def public_view(session: AsyncSession, case_id: str) -> dict[str, Any]:
    status = (
        await session.execute(select(public_status).where(public_status.c.case_id == case_id))
    ).first()
    lines = await session.execute(
        select(public_timeline)
        .where(public_timeline.c.case_id == case_id)
        .order_by(public_timeline.c.occurred_at)
    )
    code = status.status if status else "registered"
    return {
        "status": code,
        "status_label": PUBLIC_STATUS_ZH.get(code, code),
        "updated_at": status.updated_at if status else None,
        "timeline": [
            {"at": line.occurred_at, "status": line.status, "text": line.text} for line in lines
        ],
    }


# --- tracking-code throttle ------------------------------------------------------------------


async def count_tracking_failure(
    session: AsyncSession, kind: str, subject: str, window_start: datetime, *, by: int = 1
) -> int:
    """Adds to the window's count and returns the new count, in one statement: the row stays
    locked until the transaction ends, so concurrent attempts are counted one after another."""
    statement = insert(tracking_throttle).values(
        kind=kind, subject=subject, window_start=window_start, failures=by
    )
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "subject", "window_start"],
        set_={"failures": tracking_throttle.c.failures + statement.excluded.failures},
    )
    count = await session.scalar(statement.returning(tracking_throttle.c.failures))
    return int(count or 0)


async def forget_tracking_windows(session: AsyncSession, *, before: datetime) -> None:
    """Deletes a batch of ended windows; rows another transaction is deleting are skipped,
    never waited for."""
    ended = (
        select(
            tracking_throttle.c.kind, tracking_throttle.c.subject, tracking_throttle.c.window_start
        )
        .where(tracking_throttle.c.window_start < before)
        .limit(500)
        .with_for_update(skip_locked=True)
    )
    key = tuple_(
        tracking_throttle.c.kind, tracking_throttle.c.subject, tracking_throttle.c.window_start
    )
    await session.execute(delete(tracking_throttle).where(key.in_(ended)))
