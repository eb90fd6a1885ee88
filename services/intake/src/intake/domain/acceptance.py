"""The acceptance form (受理单) a visitor takes home from the window: what it says, line by
line, built from the case and the promised resolution limit. Pure: the PDF (window/pdf.py)
only lays these lines out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

from common.clock import local_text

DAYS, HOURS = "working_days", "working_hours"
UNIT_ZH = {DAYS: "个工作日", HOURS: "个工作小时"}
#: a table row cannot run over a page: a longer description is cut, the full text is on file
DESCRIPTION_MAX = 400


@dataclass(frozen=True)
class PromisedLimit:
    """The SLA policy's resolution limit for a kind (and category; None: the kind's own)."""

    kind: str
    category: str | None
    amount: int
    unit: str  # DAYS or HOURS

    @property
    def text(self) -> str:
        return f"{self.amount} {UNIT_ZH.get(self.unit, self.unit)}"


@dataclass(frozen=True)
class FormFacts:
    """What the form is made from."""

    district: str
    case_id: str
    tracking_code: str
    registered_at: datetime
    submitter_name: str
    submitter_phone: str | None
    kind: str  # the kind's label
    category: str | None  # the category's name
    title: str
    description: str
    attachments: int
    limit: PromisedLimit | None
    window: str
    received_by: str | None
    leader_on_duty: str | None
    public_base_url: str


@dataclass(frozen=True)
class AcceptanceForm:
    title: str
    lines: tuple[tuple[str, str], ...]
    tracking_note: str
    rating_link: str


def mask_name(name: str) -> str:
    """王小明 -> 王**: the form may be left lying on a counter."""
    text = name.strip()
    return text[:1] + "*" * max(len(text) - 1, 1) if text else ""


def mask_phone_tail(phone: str | None) -> str:
    if not phone:
        return "—"
    digits = phone.strip()
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def rating_link(base_url: str, case_id: str, tracking_code: str) -> str:
    """The visit-rating page of the portal: `/portal/visit/{case_id}?code=<tracking code>`."""
    query = urlencode({"code": tracking_code})
    return f"{base_url.rstrip('/')}/portal/visit/{quote(case_id, safe='')}?{query}"


def _shortened(text: str) -> str:
    if len(text) <= DESCRIPTION_MAX:
        return text
    return text[:DESCRIPTION_MAX] + "……（全文见受理记录）"


def tracking_link(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/portal/track"


def promised_text(limit: PromisedLimit | None) -> str:
    if limit is None:
        return "以办理单位答复为准（时限规则尚未同步）"
    return f"{limit.text}内办结（自受理之日起，节假日顺延）"


def acceptance_form(facts: FormFacts) -> AcceptanceForm:
    lines = (
        ("受理编号", facts.case_id),
        ("查询码", facts.tracking_code),
        ("登记时间", f"{local_text(facts.registered_at)}（北京时间）"),
        (
            "诉求人",
            f"{mask_name(facts.submitter_name)}　电话 {mask_phone_tail(facts.submitter_phone)}",
        ),
        ("诉求类型", facts.kind),
        ("分类", facts.category or "待分类"),
        ("诉求标题", facts.title),
        ("诉求内容", _shortened(facts.description)),
        ("附件", f"{facts.attachments} 件"),
        ("承诺时限", promised_text(facts.limit)),
        ("受理窗口", facts.window),
        ("接件人", facts.received_by or "—"),
        ("值班领导", facts.leader_on_duty or "—"),
    )
    note = (
        f"凭受理编号和查询码，可在 {tracking_link(facts.public_base_url)} 查询办理进度；"
        "查询码请妥善保管，遗失不补。"
    )
    return AcceptanceForm(
        title=f"{facts.district}“办不成事”反映窗口受理单",
        lines=lines,
        tracking_note=note,
        rating_link=rating_link(facts.public_base_url, facts.case_id, facts.tracking_code),
    )
