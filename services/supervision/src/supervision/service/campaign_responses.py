"""Who rates in an evaluation campaign and how often: residents with an invitation code
(each answers once), enterprises by their unified social credit code and street/town offices
through their staff accounts, one response per rater, and only while the campaign is open;
and the commitments (公开承诺) the departments summoned for a talk write."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from common.auth import Principal, ensure_department
from common.clock import utcnow
from common.errors import Conflict, Forbidden, NotFound, Unprocessable
from common.vocabulary import Role
from supervision.domain import campaigns as rules
from supervision.domain.campaigns import GRASSROOTS_KINDS, Kind, Status
from supervision.repository.store import Unit
from supervision.service.campaigns import existing
from supervision.service.records import new_id

#: Invitation codes: no 0/O, 1/I/L, so a printed code reads back unambiguously.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
LINK = "/portal/campaigns/{campaign_id}?code={code}"


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


async def invite(
    uow: Unit, *, campaign_id: str, count: int, principal: Principal
) -> list[dict[str, str]]:
    """`count` new codes of a 群众评服务 campaign not yet closed, each with its link; only
    their hashes are kept, so the codes are shown this once."""
    campaign = await existing(uow, campaign_id, lock=True)
    if campaign["kind"] != Kind.RESIDENTS_RATE_SERVICES:
        raise Unprocessable(
            "invitations_for_residents", "只有群众评服务的评议活动发放邀请码", field="kind"
        )
    if campaign["status"] == Status.CLOSED:
        raise Conflict("campaign_closed", "评议已结束，不能再发放邀请码")
    codes = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(count)
    ]
    await uow.store.campaigns.add_invitations(campaign_id, [code_hash(code) for code in codes])
    return [
        {"code": code, "link": LINK.format(campaign_id=campaign_id, code=code)} for code in codes
    ]


def _check_ratings(
    campaign: Mapping[str, Any], ratings: Sequence[Mapping[str, Any]], problems: Sequence[Any]
) -> None:
    targets = set(campaign["targets"])
    indicators = {i["code"] for i in campaign["questionnaire"]["indicators"]}
    rated = [rating["department"] for rating in ratings]
    if len(set(rated)) != len(rated):
        raise Unprocessable(
            "department_rated_twice", "同一单位只能评价一次（ratings）", field="ratings"
        )
    for index, rating in enumerate(ratings):
        if rating["department"] not in targets:
            raise Unprocessable(
                "not_a_target",
                f"{rating['department']} 不是本次评议的被评议单位（ratings[{index}].department）",
                field=f"ratings[{index}].department",
            )
        if unknown := sorted(set(rating["indicators"]) - indicators):
            raise Unprocessable(
                "unknown_indicator",
                f"负面清单中没有这些指标：{'、'.join(unknown)}（ratings[{index}].indicators）",
                field=f"ratings[{index}].indicators",
            )
    for index, problem in enumerate(problems):
        if problem["department"] not in targets:
            raise Unprocessable(
                "not_a_target",
                f"{problem['department']} 不是本次评议的被评议单位（problems[{index}].department）",
                field=f"problems[{index}].department",
            )


def _rater(
    campaign: Mapping[str, Any],
    *,
    invitation_code: str | None,
    credit_code: str | None,
    enterprise_name: str | None,
    principal: Principal | None,
    departments: Mapping[str, str],
) -> tuple[str, str, str | None]:
    """(rater kind, the key that answers once, the name shown as who raised a problem)."""
    kind = Kind(campaign["kind"])
    if kind is Kind.GRASSROOTS_RATE_AGENCIES:
        office = principal.department if principal is not None else None
        if principal is None or principal.role is not Role.HANDLER or office is None:
            raise Forbidden("office_staff_only", "基层评机关须由街道（乡镇）工作人员登录后提交")
        if departments.get(office) not in GRASSROOTS_KINDS:
            raise Forbidden("office_staff_only", "只有街道（乡镇）的工作人员可以参加基层评机关")
        return "office", f"office:{office}", office
    if principal is not None:
        raise Forbidden("public_raters_only", "群众和企业的评议从公开页面提交")
    if kind is Kind.ENTERPRISES_RATE_GOVERNMENT:
        if not credit_code:
            raise Unprocessable(
                "credit_code_required",
                "企业须填写统一社会信用代码（credit_code）",
                field="credit_code",
            )
        if problem := rules.credit_code_problem(credit_code):
            raise Unprocessable(
                "invalid_credit_code",
                f"统一社会信用代码有误：{problem}（credit_code）",
                field="credit_code",
            )
        return "enterprise", f"credit:{credit_code}", enterprise_name or credit_code
    if not invitation_code:
        raise Unprocessable(
            "invitation_code_required", "请填写邀请码（invitation_code）", field="invitation_code"
        )
    return "resident", f"invitation:{code_hash(invitation_code)}", None


ALREADY = {
    "resident": "该邀请码已经提交过评议",
    "enterprise": "该统一社会信用代码已经提交过本次评议",
    "office": "本单位已经提交过本次评议",
}


async def respond(
    uow: Unit,
    *,
    campaign_id: str,
    ratings: list[dict[str, Any]],
    problems: list[dict[str, Any]],
    today: date,
    departments: Mapping[str, str],
    invitation_code: str | None = None,
    credit_code: str | None = None,
    enterprise_name: str | None = None,
    principal: Principal | None = None,
) -> dict[str, Any]:
    """One rater's response. `today`: the day in Asia/Shanghai; `principal`: the office's
    staff member (None on the public route)."""
    campaign = await existing(uow, campaign_id, lock=True)
    if campaign["status"] == Status.DRAFT and principal is None:
        raise NotFound("campaign_not_found", f"没有编号为 {campaign_id} 的评议活动")
    if problem := rules.closed_problem(
        campaign["status"], campaign["opens_on"], campaign["closes_on"], today
    ):
        raise Conflict("campaign_not_open", f"{problem}，不能提交评议")
    rater_kind, rater_key, rater_name = _rater(
        campaign,
        invitation_code=invitation_code,
        credit_code=credit_code,
        enterprise_name=enterprise_name,
        principal=principal,
        departments=departments,
    )
    _check_ratings(campaign, ratings, problems)
    now = utcnow()
    if rater_kind == "resident":
        assert invitation_code is not None
        invitation = await uow.store.campaigns.invitation(campaign_id, code_hash(invitation_code))
        if invitation is None:
            raise Unprocessable(
                "unknown_invitation_code",
                "邀请码不正确，请核对（invitation_code）",
                field="invitation_code",
            )
        if invitation["used_at"] is not None:
            raise Conflict("already_responded", ALREADY[rater_kind])
    values = {
        "response_id": new_id(),
        "campaign_id": campaign_id,
        "rater_kind": rater_kind,
        "rater_key": rater_key,
        "rater_name": rater_name,
        "ratings": ratings,
        "problems": problems,
        "submitted_by": principal.actor if principal is not None else None,
        "submitted_at": now,
    }
    if not await uow.store.campaigns.add_response(values):
        raise Conflict("already_responded", ALREADY[rater_kind])
    if rater_kind == "resident":
        assert invitation_code is not None
        await uow.store.campaigns.use_invitation(campaign_id, code_hash(invitation_code), now)
    return {
        "response_id": values["response_id"],
        "campaign_id": campaign_id,
        "rater_kind": rater_kind,
        "departments": [rating["department"] for rating in ratings],
        "problems": len(problems),
        "submitted_at": now,
    }


async def list_commitments(uow: Unit, *, principal: Principal) -> list[dict[str, Any]]:
    """Every commitment; a department's handler sees its own department's."""
    department = principal.department if principal.role is Role.HANDLER else None
    if principal.role is Role.HANDLER and department is None:
        return []
    return await _with_titles(uow, await uow.store.campaigns.commitments(department=department))


async def public_commitments(uow: Unit) -> list[dict[str, Any]]:
    """The commitments written, as published on the public list."""
    rows = await _with_titles(uow, await uow.store.campaigns.commitments(written=True))
    return [{k: v for k, v in row.items() if k != "written_by"} for row in rows]


async def _with_titles(uow: Unit, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    titles = {c["campaign_id"]: c["title"] for c in await uow.store.campaigns.listed()}
    return [{**row, "campaign_title": titles.get(row["campaign_id"], "")} for row in rows]


async def write_commitment(
    uow: Unit, *, commitment_id: str, text: str, principal: Principal
) -> dict[str, Any]:
    """The summoned department's handler writes its commitment, published once written; the
    same text again changes nothing, another is refused."""
    row = await uow.store.campaigns.commitment(commitment_id)
    if row is None:
        raise NotFound("commitment_not_found", f"没有编号为 {commitment_id} 的承诺")
    ensure_department(principal, [row["department"]], "承诺")
    if principal.role is not Role.HANDLER:
        raise Forbidden("department_writes", "公开承诺由被约谈单位的工作人员填写")
    if row["text"] is not None:
        if row["text"] == text:
            return (await _with_titles(uow, [row]))[0]
        raise Conflict("commitment_written", "承诺已公开，不能修改")
    changes = {"text": text, "written_by": principal.actor, "written_at": utcnow()}
    await uow.store.campaigns.update_commitment(commitment_id, **changes)
    return (await _with_titles(uow, [{**row, **changes}]))[0]
