"""Attachments: a clerk or the submitter adds a file to a case; staff download it."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from common.auth import Principal
from common.clock import utcnow
from common.errors import NotFound
from intake.domain.attachments import AttachmentLimits, check_upload, safe_filename
from intake.repository.store import Store, Unit
from intake.service.refusals import no_case
from intake.service.staff_views import visible_case
from intake.service.timeline import staff_line


async def add_attachment(
    uow: Unit,
    case_id: str,
    *,
    filename: str | None,
    content: bytes,
    actor: str,
    limits: AttachmentLimits,
) -> dict[str, Any]:
    row = await uow.store.cases.find_case(case_id, lock=True)
    if row is None:
        raise no_case(case_id)
    already = await uow.store.attachments.count_attachments(case_id)
    media_type = check_upload(content, already_attached=already, limits=limits)
    now = utcnow()
    name = safe_filename(filename, media_type)
    digest = hashlib.sha256(content).hexdigest()
    attachment_id = await uow.store.attachments.insert_attachment(
        {
            "case_id": case_id,
            "filename": name,
            "media_type": media_type,
            "size_bytes": len(content),
            "sha256": digest,
            "content": content,
            "uploaded_by": actor,
            "uploaded_at": now,
        },
    )
    await uow.store.timelines.add_staff_lines(
        [
            staff_line(
                case_id,
                now,
                "AttachmentAdded",
                "上传附件",
                actor,
                f"{name}（{media_type}，{len(content)} 字节）",
            )
        ],
    )
    return {
        "attachment_id": str(attachment_id),
        "case_id": case_id,
        "filename": name,
        "media_type": media_type,
        "size_bytes": len(content),
        "sha256": digest,
        "uploaded_at": now,
    }


async def attachment(
    store: Store, case_id: str, attachment_id: uuid.UUID, *, viewer: Principal
) -> Any:
    await visible_case(store, case_id, viewer)
    found = await store.attachments.get_attachment(case_id, attachment_id)
    if found is None:
        raise NotFound(
            "attachment_not_found", f"受理编号为 {case_id} 的诉求没有编号为 {attachment_id} 的附件"
        )
    return found
