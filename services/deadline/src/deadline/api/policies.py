"""Policy routes: the district's time-limit table, read by version and replaced or amended
by an administrator as a new version (running timers keep theirs)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal, Staff
from common.bounds import INT4_MAX
from common.errors import NotFound, Unprocessable
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.text import Text
from common.vocabulary import RequestKind, TimerStage
from deadline.api.common import ADMIN_ERRORS, Admin, deadline_state
from deadline.api.schemas import Policies
from deadline.api.schemas import Policy as PolicyView
from deadline.domain.policy import InvalidPolicy, Policy, Rule, policy_from_document
from deadline.repository import views
from deadline.service import policies as use_cases

router = APIRouter(prefix="/api/v1", tags=["deadlines"])


class RuleBody(BaseModel):
    """One line of the table: exactly one of working_hours, working_days."""

    model_config = ConfigDict(extra="forbid")
    stage: TimerStage
    kind: RequestKind | None = None
    category: Text | None = Field(default=None, min_length=1, max_length=64)
    working_hours: int | None = Field(default=None, ge=1, le=24 * 60)
    working_days: int | None = Field(default=None, ge=1, le=366)


class PolicyBody(BaseModel):
    """The whole table; becomes the next version."""

    model_config = ConfigDict(extra="forbid")
    warning_fractions: list[float] = Field(default=[0.5, 0.75], max_length=10)
    escalation: dict[Text, Annotated[int, Field(ge=0, le=366)]] | None = Field(
        default=None, description="escalation step -> days after the limit"
    )
    rules: list[RuleBody] = Field(min_length=1, max_length=2000)


def _policy_view(policy: Policy, row: Any | None = None) -> dict[str, Any]:
    view = {"version": policy.version, **policy.document()}
    if row is not None:
        view |= {"source": row.source, "created_by": row.created_by, "created_at": row.created_at}
    return view


# A policy read back omits what it was not given (a rule's kind or category, a new
# version's origin), as the table itself does.
@router.get(
    "/policies",
    response_model=Policies,
    response_model_exclude_unset=True,
    responses=errors(401, 503),
)
async def policies(_: Staff, runtime: RuntimeDep) -> dict[str, Any]:
    """The version in force and the list of every version."""
    async with runtime.unit_of_work() as uow:
        current = await use_cases.current_policy(uow, deadline_state(runtime).clock)
        history = await views.policy_history(uow.session)
    return {
        "current": _policy_view(current, history[0]),
        "versions": [
            {
                "version": h.version,
                "source": h.source,
                "created_by": h.created_by,
                "created_at": h.created_at,
            }
            for h in history
        ],
    }


@router.get(
    "/policies/{version}",
    response_model=PolicyView,
    response_model_exclude_unset=True,
    responses=errors(401, 404, 422, 503),
)
async def policy_version(
    version: Annotated[int, Path(ge=1, le=INT4_MAX)], _: Staff, runtime: RuntimeDep
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        row = await uow.store.policies.version(version)
        if row is None:
            raise NotFound("policy_version_unknown", f"时限规则表没有第{version}版")
        policy = await use_cases.policy_of(uow, deadline_state(runtime).clock, version)
    return _policy_view(policy, row)


@router.put(
    "/policies",
    response_model=PolicyView,
    response_model_exclude_unset=True,
    responses=ADMIN_ERRORS,
)
async def replace_policy(body: PolicyBody, admin: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    """Replace the whole table: a new version. Running timers keep the version they have."""
    document = body.model_dump(mode="json", exclude_none=True)
    document["rules"] = [r.model_dump(mode="json", exclude_none=True) for r in body.rules]

    def replace(_: Policy, version: int) -> Policy:
        return policy_from_document(document, version=version, source="api", defaults=defaults)

    defaults = deadline_state(runtime).clock.district
    return await _publish(runtime, replace, admin)


@router.put(
    "/policies/rules",
    response_model=PolicyView,
    response_model_exclude_unset=True,
    responses=ADMIN_ERRORS,
)
async def set_rule(body: RuleBody, admin: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    """Add one rule, or replace the rule for the same stage, kind and category: a new
    version."""
    raw = body.model_dump(mode="json", exclude_none=True)

    def add(latest: Policy, version: int) -> Policy:
        return latest.with_rule(Rule.from_dict(raw), version)

    return await _publish(runtime, add, admin)


async def _publish(runtime: Runtime, change: Any, admin: Principal) -> dict[str, Any]:
    try:
        async with runtime.unit_of_work() as uow:
            new = await use_cases.publish_policy(
                uow, deadline_state(runtime).clock, change, by=admin.actor
            )
    except InvalidPolicy as invalid:
        raise Unprocessable("invalid_policy", str(invalid)) from invalid
    return _policy_view(new)
