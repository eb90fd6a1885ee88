"""The acceptance form (受理单) a clerk prints for the visitor: the case checked against its
tracking code (only the visitor's receipt shows it; intake keeps its hash), the promised
limit from intake's copy of the SLA policy, and the PDF."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

from common.auth import Principal
from common.errors import Unprocessable
from common.vocabulary import LABELS_ZH, RequestKind
from intake.domain.acceptance import FormFacts, acceptance_form
from intake.domain.submission import tracking_code_matches
from intake.repository.store import Store
from intake.service.staff_views import visible_case
from intake.window import pdf


@dataclass(frozen=True)
class FormSetup:
    """What the form needs besides the case: the district's name and the console's public
    address (the rating and tracking links)."""

    district: str
    public_base_url: str
    department_names: Mapping[str, str]

    def window_name(self, clerk: Principal) -> str:
        own = self.department_names.get(clerk.department or "")
        return own or f"{self.district}“办不成事”反映窗口"


def wrong_code() -> Unprocessable:
    return Unprocessable(
        "wrong_tracking_code",
        "查询码与受理编号不符：请核对登记回执上的查询码",
        fields=[{"field": "tracking_code", "message": "查询码不正确", "type": "value"}],
    )


async def form_facts(
    store: Store,
    case_id: str,
    tracking_code: str,
    *,
    clerk: Principal,
    setup: FormSetup,
    category_names: Mapping[str, str],
) -> FormFacts:
    case, _ = await visible_case(store, case_id, clerk)
    if not tracking_code_matches(case_id, tracking_code, case.tracking_code_hash):
        raise wrong_code()
    category = case.category
    return FormFacts(
        district=setup.district,
        case_id=case_id,
        tracking_code=tracking_code.upper(),
        registered_at=case.registered_at,
        submitter_name=case.enterprise_name or case.submitter_name,
        submitter_phone=case.submitter_phone,
        kind=LABELS_ZH.get(RequestKind(case.kind), case.kind),
        category=category_names.get(category, category) if category else None,
        title=case.title,
        description=case.description,
        attachments=await store.attachments.count_attachments(case_id),
        limit=await store.window.limit_for(case.kind, category),
        window=setup.window_name(clerk),
        received_by=case.received_by_name,
        leader_on_duty=case.leader_on_duty,
        public_base_url=setup.public_base_url,
    )


async def acceptance_pdf(
    store: Store,
    case_id: str,
    tracking_code: str,
    *,
    clerk: Principal,
    setup: FormSetup,
    category_names: Mapping[str, str],
) -> bytes:
    facts = await form_facts(
        store,
        case_id,
        tracking_code,
        clerk=clerk,
        setup=setup,
        category_names=category_names,
    )
    # laying out a page takes tens of milliseconds: off the event loop
    return await asyncio.to_thread(pdf.render, acceptance_form(facts))
