"""Attachments: what a file really is (by its first bytes, never by its name), and limits.

Allowed: photos (JPEG, PNG, WebP), PDF, and Office Open XML documents (docx, xlsx). A docx
or xlsx is a ZIP archive; it is told apart from any other ZIP by the parts it contains.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from common.errors import ApiError, Unprocessable

MIB = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf", DOCX, XLSX)


class UnsupportedMediaType(ApiError):
    status = 415


@dataclass(frozen=True)
class AttachmentLimits:
    """Built from Settings (Settings.attachment_limits), which hold the defaults."""

    max_bytes: int
    max_per_case: int


def sniff(content: bytes) -> str | None:
    """The media type the bytes themselves declare, or None when it is not an allowed one."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return None


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def safe_filename(name: str | None, media_type: str) -> str:
    """A name to offer on download: no path, no control or quoting characters, and the
    extension of what the file is."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r'[\x00-\x1f\x7f"<>|:*?;]', "", base).strip(" .")[:120] or "attachment"
    extension = EXTENSIONS[media_type]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or 'attachment'}.{extension}"


EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
}


def check_upload(content: bytes, *, already_attached: int, limits: AttachmentLimits) -> str:
    """The sniffed media type of an acceptable upload; 413, 415 or 422 otherwise."""
    if len(content) > limits.max_bytes:
        raise PayloadTooLarge(limits.max_bytes)
    if not content:
        raise Unprocessable("empty_attachment", "上传的文件是空的")
    if already_attached >= limits.max_per_case:
        raise Unprocessable(
            "too_many_attachments",
            f"每件诉求最多 {limits.max_per_case} 个附件",
            max_per_case=limits.max_per_case,
        )
    media_type = sniff(content)
    if media_type is None:
        raise UnsupportedMediaType(
            "unsupported_media_type",
            "只接受 JPEG、PNG、WebP、PDF、docx 和 xlsx 文件",
            allowed=list(ALLOWED_TYPES),
        )
    return media_type


class PayloadTooLarge(ApiError):
    status = 413

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            "payload_too_large",
            f"附件不能超过 {max_bytes} 字节",
            max_bytes=max_bytes,
        )
