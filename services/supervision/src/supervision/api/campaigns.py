"""Evaluation campaigns (三项评议): supervisors draft, open and close them and hand out
invitation codes; residents and enterprises answer on the public routes, street/town offices
through their staff accounts; results (also as CSV / XLSX) and the commitments of the
departments summoned for a talk."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Path, Response

from common.auth import Principal, require
from common.clock import local_date, utcnow
from common.district import load_district
from common.errors import NotFound
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.vocabulary import Role
from supervision import exports
from supervision.api.access import LIST, ON_RECORD, Supervisor, act
from supervision.api.access import router as new_router
from supervision.api.campaign_models import (
    Campaign,
    CampaignCommand,
    Commitment,
    CommitmentCommand,
    Invitation,
    InvitationCommand,
    PublicCampaign,
    PublicCommitment,
    PublicResponseCommand,
    ResponseCommand,
    ResponseReceipt,
    Results,
)
from supervision.api.files import Format, district_names, file_route, send_file
from supervision.domain.campaigns import Status, closed_problem
from supervision.service import campaign_responses as responses
from supervision.service import campaigns as use_cases

router = new_router()
CampaignId = Annotated[str, Path(max_length=64)]
ResultsReader = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.LEADER, Role.ADMIN))]
#: Any member of staff: an office's handler looks up the campaign it answers.
AnyStaff = Annotated[
    Principal,
    Depends(
        require(Role.SUPERVISOR, Role.LEADER, Role.ADMIN, Role.HANDLER, Role.DISPATCHER, Role.CLERK)
    ),
]
CommitmentStaff = Annotated[
    Principal, Depends(require(Role.SUPERVISOR, Role.LEADER, Role.ADMIN, Role.HANDLER))
]
ON_CAMPAIGN = errors(401, 403, 404, 422, 503)
PUBLIC = errors(404, 422, 503)
#: a public response: 403 on a 基层评机关 campaign, 409 once answered or while not open
PUBLIC_RESPONSE = errors(403, 404, 409, 422, 503)


@cache
def department_kinds(district_file: str | None) -> dict[str, str]:
    """The district's department codes and their kinds (street, town, bureau…)."""
    return {d.code: d.kind for d in load_district(district_file).departments}


def _kinds(runtime: Runtime) -> dict[str, str]:
    return department_kinds(runtime.settings.district_file)


@router.post("/campaigns", status_code=201, response_model=Campaign, responses=LIST)
async def create_campaign(
    command: CampaignCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.create_campaign,
        title=command.title,
        kind=command.kind,
        targets=command.targets,
        opens_on=command.opens_on,
        closes_on=command.closes_on,
        questionnaire=command.questionnaire.model_dump(mode="json"),
        weights=command.weights.model_dump(mode="json"),
        min_responses=command.min_responses,
        threshold=command.threshold,
        departments=_kinds(runtime),
        principal=principal,
    )


@router.get("/campaigns", response_model=list[Campaign], responses=LIST)
async def list_campaigns(runtime: RuntimeDep, principal: AnyStaff) -> list[dict[str, Any]]:
    return await act(runtime, use_cases.list_campaigns)


@router.get("/campaigns/{campaign_id}", response_model=Campaign, responses=ON_CAMPAIGN)
async def get_campaign(
    campaign_id: CampaignId, runtime: RuntimeDep, principal: AnyStaff
) -> dict[str, Any]:
    return await act(runtime, use_cases.existing, campaign_id)


@router.post("/campaigns/{campaign_id}/open", response_model=Campaign, responses=ON_RECORD)
async def open_campaign(
    campaign_id: CampaignId, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(runtime, use_cases.open_campaign, campaign_id=campaign_id, principal=principal)


@router.post("/campaigns/{campaign_id}/close", response_model=Campaign, responses=ON_RECORD)
async def close_campaign(
    campaign_id: CampaignId, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    """约谈 each ranked department below the threshold (an accountability record and a
    commitment to write) and the problems raised into the campaign's ledger."""
    return await act(
        runtime, use_cases.close_campaign, campaign_id=campaign_id, principal=principal
    )


@router.post(
    "/campaigns/{campaign_id}/invitations",
    status_code=201,
    response_model=list[Invitation],
    responses=ON_RECORD,
)
async def invite(
    campaign_id: CampaignId,
    command: InvitationCommand,
    runtime: RuntimeDep,
    principal: Supervisor,
) -> list[dict[str, str]]:
    """群众评服务's invitation codes, each answering once; shown this once (kept as hashes)."""
    return await act(
        runtime, responses.invite, campaign_id=campaign_id, count=command.count, principal=principal
    )


@router.post(
    "/campaigns/{campaign_id}/responses",
    status_code=201,
    response_model=ResponseReceipt,
    responses=ON_RECORD,
)
async def respond_as_office(
    campaign_id: CampaignId,
    command: ResponseCommand,
    runtime: RuntimeDep,
    principal: AnyStaff,
) -> dict[str, Any]:
    """基层评机关: a handler of a street/town office answers for it, once per campaign."""
    return await act(
        runtime,
        responses.respond,
        campaign_id=campaign_id,
        ratings=[r.model_dump(mode="json") for r in command.ratings],
        problems=[p.model_dump(mode="json") for p in command.problems],
        today=local_date(utcnow()),
        departments=_kinds(runtime),
        principal=principal,
    )


@router.get("/public/campaigns/{campaign_id}", response_model=PublicCampaign, responses=PUBLIC)
async def public_campaign(campaign_id: CampaignId, runtime: RuntimeDep) -> dict[str, Any]:
    campaign = await act(runtime, use_cases.existing, campaign_id)
    if campaign["status"] == Status.DRAFT:  # not shown before it opens: the same 404
        raise NotFound("campaign_not_found", f"没有编号为 {campaign_id} 的评议活动")
    names = district_names(runtime.settings.district_file).departments
    problem = closed_problem(
        campaign["status"], campaign["opens_on"], campaign["closes_on"], local_date(utcnow())
    )
    return {
        **campaign,
        "targets": [{"code": c, "name": names.get(c, c)} for c in campaign["targets"]],
        "accepting": problem is None,
    }


@router.post(
    "/public/campaigns/{campaign_id}/responses",
    status_code=201,
    response_model=ResponseReceipt,
    responses=PUBLIC_RESPONSE,
)
async def respond_in_public(
    campaign_id: CampaignId, command: PublicResponseCommand, runtime: RuntimeDep
) -> dict[str, Any]:
    """群众评服务 with an invitation code, 企业评政府 with the unified social credit code: one
    response each."""
    return await act(
        runtime,
        responses.respond,
        campaign_id=campaign_id,
        ratings=[r.model_dump(mode="json") for r in command.ratings],
        problems=[p.model_dump(mode="json") for p in command.problems],
        today=local_date(utcnow()),
        departments=_kinds(runtime),
        invitation_code=command.invitation_code,
        credit_code=command.credit_code,
        enterprise_name=command.enterprise_name,
    )


async def _results(runtime: Runtime, campaign_id: str) -> dict[str, Any]:
    result = await act(runtime, use_cases.results, campaign_id=campaign_id)
    names = district_names(runtime.settings.district_file).departments
    result["departments"] = [
        {**row, "department_name": names.get(row["department"], row["department"])}
        for row in result["departments"]
    ]
    return result


@router.get("/campaigns/{campaign_id}/results", response_model=Results, responses=ON_CAMPAIGN)
async def results(
    campaign_id: CampaignId, runtime: RuntimeDep, principal: ResultsReader
) -> dict[str, Any]:
    return await _results(runtime, campaign_id)


@router.get("/campaigns/{campaign_id}/results.{fmt}", **file_route(exports.CAMPAIGN_RESULTS))
async def export_results(
    campaign_id: CampaignId, fmt: Format, runtime: RuntimeDep, principal: ResultsReader
) -> Response:
    result = await _results(runtime, campaign_id)
    rows = [{**row, "summoned": "是" if row["summoned"] else ""} for row in result["departments"]]
    return send_file(runtime, exports.CAMPAIGN_RESULTS, rows, fmt, f"campaign-{campaign_id}")


@router.get("/commitments", response_model=list[Commitment], responses=LIST)
async def list_commitments(runtime: RuntimeDep, principal: CommitmentStaff) -> list[dict[str, Any]]:
    """A department's handler sees its own department's."""
    return await act(runtime, responses.list_commitments, principal=principal)


@router.put("/commitments/{commitment_id}", response_model=Commitment, responses=ON_RECORD)
async def write_commitment(
    commitment_id: Annotated[str, Path(max_length=64)],
    command: CommitmentCommand,
    runtime: RuntimeDep,
    principal: CommitmentStaff,
) -> dict[str, Any]:
    """The summoned department's handler writes its public commitment (公开承诺)."""
    return await act(
        runtime,
        responses.write_commitment,
        commitment_id=commitment_id,
        text=command.text,
        principal=principal,
    )


@router.get("/public/commitments", response_model=list[PublicCommitment], responses=errors(503))
async def public_commitments(runtime: RuntimeDep) -> list[dict[str, Any]]:
    return await act(runtime, responses.public_commitments)
