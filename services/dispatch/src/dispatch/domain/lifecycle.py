"""The handling lifecycle of an accepted case: the one state machine of the platform.

Pure code. Each action is legal only from the states listed in TRANSITIONS; anything else
raises IllegalTransition naming the current state and the actions allowed from it. Within a
legal transition some rules depend on the case's facts rather than its state (an extension
already pending, co-handlers still silent, the extension cap): those raise RuleRefused with a
code of their own, so the caller learns exactly which rule stopped it.

A pending extension request is an attribute, not a state: while it waits for the dispatcher
the department keeps handling the case (it may suspend, contact, resolve), so a state would
have to be doubled for every state it can coexist with.

Longer than ~400 lines on purpose: the state table, its guards and the case they act on
are the one state machine of the platform, kept in one place so no rule is split from it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from common.envelope import Event
from common.events import (
    CallbackCompleted,
    CallbackFailed,
    CaseAssigned,
    CaseClosed,
    CaseQueuedForDispatcher,
    CaseReclassified,
    CaseReferredToSupervision,
    CaseRejectedByDispatcher,
    CaseReopened,
    CaseResolved,
    CaseResumed,
    CaseReturned,
    CaseSentBackToScreening,
    CaseSigned,
    CaseSuspended,
    CaseTransferred,
    CoHandlerOpinionFiled,
    ExtensionDenied,
    ExtensionGranted,
    ExtensionRequested,
    ReturnArbitrated,
    SubmitterContacted,
    TransferAcknowledged,
    TransferAnswered,
)
from common.vocabulary import (
    HANDLING_ACTIONS_ZH,
    HANDLING_STATES_ZH,
    ArbitrationDecision,
    Reason,
    ReasonCode,
    RequestKind,
    ResolutionResult,
)
from dispatch.domain import reasons


class CaseState(StrEnum):
    AWAITING_DISPATCH = "awaiting_dispatch"  # 待派单
    ASSIGNED = "assigned"  # 已交办
    SIGNED = "signed"  # 已签收（办理中）
    RETURNED = "returned"  # 已退回（待仲裁）
    SUSPENDED = "suspended"  # 已挂起
    RESOLVED = "resolved"  # 已办结
    UNDER_SUPERVISION = "under_supervision"  # 督办中（多轮重办仍不满意）
    CLOSED = "closed"  # 已归档
    TRANSFERRED = "transferred"  # 已转办，待外单位确认接收
    TRANSFER_ACKNOWLEDGED = "transfer_acknowledged"  # 外单位已确认接收（办理中）
    SENT_BACK = "sent_back"  # 已退回甄别（等待窗口重新甄别）
    REJECTED = "rejected"  # 派单员驳回（不予受理）


class Action(StrEnum):
    ASSIGN = "assign"  # 交办
    SIGN = "sign"  # 签收
    CONTACT = "contact"  # 先行联系
    RETURN = "return"  # 退单
    ARBITRATE = "arbitrate"  # 退单仲裁
    REQUEST_EXTENSION = "request_extension"  # 延期申请
    GRANT_EXTENSION = "grant_extension"  # 同意延期
    DENY_EXTENSION = "deny_extension"  # 不同意延期
    SUSPEND = "suspend"  # 挂起
    RESUME = "resume"  # 恢复办理
    FILE_OPINION = "file_opinion"  # 协办意见
    RESOLVE = "resolve"  # 办结
    REOPEN = "reopen"  # 重办
    REFER = "refer"  # 移交督查
    CLOSE = "close"  # 归档
    TRANSFER = "transfer"  # 转办（交外单位）
    ACKNOWLEDGE_TRANSFER = "acknowledge_transfer"  # 外单位确认接收
    ANSWER_TRANSFER = "answer_transfer"  # 外单位答复
    RECLASSIFY = "reclassify"  # 改类
    SEND_BACK = "send_back"  # 退回甄别
    REJECT = "reject"  # 驳回（不予受理）
    READMIT = "readmit"  # 重新受理（窗口再次受理退回甄别的案件）


S, A = CaseState, Action

TRANSITIONS: dict[tuple[CaseState, Action], CaseState] = {
    (S.AWAITING_DISPATCH, A.ASSIGN): S.ASSIGNED,
    (S.ASSIGNED, A.SIGN): S.SIGNED,
    (S.ASSIGNED, A.RETURN): S.RETURNED,
    (S.ASSIGNED, A.FILE_OPINION): S.ASSIGNED,
    (S.SIGNED, A.CONTACT): S.SIGNED,
    (S.SIGNED, A.RETURN): S.RETURNED,
    (S.SIGNED, A.REQUEST_EXTENSION): S.SIGNED,
    (S.SIGNED, A.GRANT_EXTENSION): S.SIGNED,
    (S.SIGNED, A.DENY_EXTENSION): S.SIGNED,
    (S.SIGNED, A.SUSPEND): S.SUSPENDED,
    (S.SIGNED, A.FILE_OPINION): S.SIGNED,
    (S.SIGNED, A.RESOLVE): S.RESOLVED,
    (S.SUSPENDED, A.RESUME): S.SIGNED,
    (S.SUSPENDED, A.GRANT_EXTENSION): S.SUSPENDED,
    (S.SUSPENDED, A.DENY_EXTENSION): S.SUSPENDED,
    (S.SUSPENDED, A.FILE_OPINION): S.SUSPENDED,
    (S.RETURNED, A.ARBITRATE): S.ASSIGNED,
    (S.RESOLVED, A.REOPEN): S.ASSIGNED,
    (S.RESOLVED, A.REFER): S.UNDER_SUPERVISION,
    (S.RESOLVED, A.CLOSE): S.CLOSED,
    # supervisors end a referred case, or send it back to the department under their order
    (S.UNDER_SUPERVISION, A.REOPEN): S.ASSIGNED,
    (S.UNDER_SUPERVISION, A.CLOSE): S.CLOSED,
    # 转办: from the queue, as a re-route of a routed case, or as the ruling on a return
    (S.AWAITING_DISPATCH, A.TRANSFER): S.TRANSFERRED,
    (S.ASSIGNED, A.TRANSFER): S.TRANSFERRED,
    (S.RETURNED, A.TRANSFER): S.TRANSFERRED,
    (S.TRANSFERRED, A.ACKNOWLEDGE_TRANSFER): S.TRANSFER_ACKNOWLEDGED,
    (S.TRANSFER_ACKNOWLEDGED, A.ANSWER_TRANSFER): S.RESOLVED,
    # the dispatcher's other rulings on a queued case: back to the window, or refused
    (S.AWAITING_DISPATCH, A.SEND_BACK): S.SENT_BACK,
    (S.AWAITING_DISPATCH, A.REJECT): S.REJECTED,
    (S.RETURNED, A.REJECT): S.REJECTED,
    (S.SENT_BACK, A.READMIT): S.AWAITING_DISPATCH,
    # 改类 while the case is open and still the dispatcher's (a case under supervision is
    # the supervisors'); re-routing stays a decision of its own
    **{
        (state, A.RECLASSIFY): state
        for state in (
            S.AWAITING_DISPATCH,
            S.ASSIGNED,
            S.SIGNED,
            S.RETURNED,
            S.SUSPENDED,
            S.RESOLVED,
        )
    },
}

#: 重办 of a transferred case goes back to its outside unit, not to a district department.
REOPEN_TRANSFERRED = S.TRANSFERRED

#: Actions only the lead department (主办) may take; FILE_OPINION is the co-handlers' (协办).
LEAD_ACTIONS = frozenset(
    {
        A.SIGN,
        A.CONTACT,
        A.RETURN,
        A.REQUEST_EXTENSION,
        A.SUSPEND,
        A.RESUME,
        A.RESOLVE,
        A.ACKNOWLEDGE_TRANSFER,
        A.ANSWER_TRANSFER,
    }
)


def allowed_actions(state: CaseState) -> list[Action]:
    return [action for (source, action) in TRANSITIONS if source is state]


class IllegalTransition(Exception):
    def __init__(self, case_id: str, state: CaseState, action: Action) -> None:
        self.case_id = case_id
        self.state = state
        self.action = action
        self.allowed = allowed_actions(state)
        allowed = "、".join(HANDLING_ACTIONS_ZH[a] for a in self.allowed) or "无（案件已办理完毕）"
        super().__init__(
            f"案件 {case_id} 当前状态为“{HANDLING_STATES_ZH[state]}”，不能{HANDLING_ACTIONS_ZH[action]}；"
            f"此状态下可以：{allowed}"
        )


class NotHandlingDepartment(Exception):
    def __init__(self, case_id: str, department: str, needed: str, holders: list[str]) -> None:
        self.department = department
        self.needed = needed
        self.holders = holders
        part = _PARTS_ZH[needed]
        super().__init__(
            f"单位 {department} 不是案件 {case_id} 的{part}（{part}：{'、'.join(holders) or '无'}）"
        )


_PARTS_ZH = {"lead": "主办单位", "co-handler": "协办单位"}


class RuleRefused(Exception):
    """A legal transition refused by a rule of the case's facts. `conflict` rules depend on
    what happened before (HTTP 409); the others reject the command itself (HTTP 422)."""

    def __init__(self, code: str, message: str, *, conflict: bool, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.conflict = conflict
        self.details = details


@dataclass(frozen=True)
class Route:
    lead: str
    co_handlers: tuple[str, ...] = ()

    def checked(self) -> Route:
        if self.lead in self.co_handlers:
            raise RuleRefused(
                "lead_is_co_handler",
                f"{self.lead} 不能既是主办单位又是协办单位",
                conflict=False,
                department=self.lead,
            )
        if len(set(self.co_handlers)) != len(self.co_handlers):
            raise RuleRefused("duplicate_co_handler", "协办单位重复", conflict=False)
        return self


def refuse_outside_units(route: Route, outside: Collection[str]) -> None:
    """An outside unit is reached by 转办 only (ADR 0021): it has its own limits and figures,
    which an ordinary assignment would not start."""
    named = [code for code in (route.lead, *route.co_handlers) if code in outside]
    if named:
        raise RuleRefused(
            "outside_unit_needs_transfer",
            f"{'、'.join(named)} 是外单位，不能交办或协办；请使用“转办”（字段 lead / co_handlers）",
            conflict=False,
            field="lead" if route.lead in outside else "co_handlers",
            departments=named,
        )


def require_outside_unit(unit: str, outside: Collection[str]) -> None:
    """转办 goes to an outside unit only; the district's own departments get a 交办."""
    if unit not in outside:
        raise RuleRefused(
            "not_outside_unit",
            f"转办单位（unit）须为外单位，{unit} 是区内单位，请使用“交办”",
            conflict=False,
            field="unit",
            department=unit,
        )


@dataclass(frozen=True)
class ExtensionCap:
    """延期上限: how many extensions a case may get, and how many working days in total."""

    max_extensions: int = 2
    max_working_days: int = 10


@dataclass(frozen=True)
class PendingExtension:
    department: str
    working_days: int
    reason: str


@dataclass(frozen=True)
class Transition:
    action: Action
    source: CaseState
    target: CaseState
    actor: str
    at: datetime
    reason: str
    department: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HandlingCase:
    case_id: str
    category: str
    kind: RequestKind
    state: CaseState = CaseState.AWAITING_DISPATCH
    lead_department: str | None = None
    co_handlers: tuple[str, ...] = ()
    round: int = 1
    assignments: int = 0  # how often the case was assigned (交办), re-routes included
    returns: int = 0
    sent_back: int = 0  # how often a dispatcher sent the case back to screening
    extensions_granted: int = 0
    extension_days_granted: int = 0
    pending_extension: PendingExtension | None = None
    opinions_filed: frozenset[str] = frozenset()  # co-handlers that filed, this round
    transfers: int = 0  # how often the case was handed to an outside unit (转办)
    history: tuple[Transition, ...] = field(default=(), compare=False)

    # --- the mechanics ------------------------------------------------------------------

    def _target(self, action: Action) -> CaseState:
        target = TRANSITIONS.get((self.state, action))
        if target is None:
            raise IllegalTransition(self.case_id, self.state, action)
        return target

    def _move(
        self,
        action: Action,
        actor: str,
        at: datetime,
        reason: str,
        *,
        department: str | None = None,
        code: ReasonCode | None = None,
        target: CaseState | None = None,
        **detail: Any,
    ) -> HandlingCase:
        """One step; a reason the platform gave itself keeps its code in the step's detail.
        `target` overrides the table's state for the one step that depends on the case's
        facts (重办 of a transferred case)."""
        target = target or self._target(action)
        if code is not None:
            detail["reason_code"] = code.value
        step = Transition(action, self.state, target, actor, at, reason, department, detail)
        return replace(self, state=target, history=(*self.history, step))

    def _require(self, action: Action, department: str) -> None:
        """The state is checked first (a closed case says so, whoever asks), then the
        department: the lead for the lead's actions, a co-handler for an opinion."""
        self._target(action)
        if action is Action.FILE_OPINION:
            if department not in self.co_handlers:
                raise NotHandlingDepartment(
                    self.case_id, department, "co-handler", list(self.co_handlers)
                )
        elif department != self.lead_department:
            lead = [self.lead_department] if self.lead_department else []
            raise NotHandlingDepartment(self.case_id, department, "lead", lead)

    @property
    def lead(self) -> str:
        """Every state after assignment has a lead; only awaiting_dispatch has none."""
        if self.lead_department is None:
            raise ValueError(f"case {self.case_id} has no lead department yet")
        return self.lead_department

    def missing_opinions(self) -> list[str]:
        return [code for code in self.co_handlers if code not in self.opinions_filed]

    # --- dispatching --------------------------------------------------------------------

    def await_dispatcher(self, reason: Reason, *, at: datetime | None = None) -> Event:
        return CaseQueuedForDispatcher(
            category=self.category,
            reason=reason.text,
            reason_code=reason.code.value,
            kind=self.kind,
            queued_at=at,
        )

    def assign(
        self, route: Route, *, actor: str, at: datetime, reason: str | Reason = ""
    ) -> tuple[HandlingCase, Event]:
        """交办: by a dispatcher (with their words, if any) or by the category's rule."""
        self._target(Action.ASSIGN)
        route.checked()
        text, code = _reason(reason)
        case = self._move(
            Action.ASSIGN,
            actor,
            at,
            text,
            department=route.lead,
            code=code,
            co_handlers=list(route.co_handlers),
        )
        case = replace(
            case,
            lead_department=route.lead,
            co_handlers=route.co_handlers,
            assignments=self.assignments + 1,
        )
        return case, case._assigned(actor, at)

    def _assigned(self, actor: str, at: datetime) -> CaseAssigned:
        return CaseAssigned(
            category=self.category,
            kind=self.kind,
            lead_department=self.lead,
            co_handlers=list(self.co_handlers),
            round=self.round,
            assignment=self.assignments,
            actor=actor,
            assigned_at=at,
        )

    def dispatch_to(
        self,
        route: Route,
        *,
        category: str | None,
        actor: str,
        at: datetime,
        reason: str = "",
    ) -> tuple[HandlingCase, list[Event]]:
        """A dispatcher's 交办 with the category they chose: a changed category is recorded
        first (CaseReclassified), so CaseAssigned carries the chosen one."""
        self._target(Action.ASSIGN)
        case, events = self, []
        if category is not None and category != self.category:
            case, reclassified = self.reclassify(category, actor=actor, at=at, reason=reason)
            events.append(reclassified)
        case, assigned = case.assign(route, actor=actor, at=at, reason=reason)
        return case, [*events, assigned]

    def reclassify(
        self, category: str, *, actor: str, at: datetime, reason: str = ""
    ) -> tuple[HandlingCase, Event]:
        """改类: the category (and so the item) a dispatcher corrected; the route stays."""
        self._target(Action.RECLASSIFY)
        if not category.strip():
            raise RuleRefused("category_required", "请选择新的分类", conflict=False)
        if category == self.category:
            raise RuleRefused(
                "same_category",
                f"案件 {self.case_id} 的分类已经是 {category}，无需改类",
                conflict=False,
                category=category,
            )
        case = self._move(
            Action.RECLASSIFY,
            actor,
            at,
            reason,
            department=self.lead_department,
            category=category,
            previous_category=self.category,
        )
        case = replace(case, category=category)
        return case, CaseReclassified(
            category=category,
            previous_category=self.category,
            actor=actor,
            reason=reason or None,
            reclassified_at=at,
        )

    def send_back(self, *, reason: str, actor: str, at: datetime) -> tuple[HandlingCase, Event]:
        """退回甄别: the window screens the case again (it is unclear, or the submitter must
        say more); the dispatch queue no longer holds it."""
        self._target(Action.SEND_BACK)
        _require_text(reason, "reason", "退回甄别须说明理由")
        count = self.sent_back + 1
        case = self._move(Action.SEND_BACK, actor, at, reason, sent_back_in_case=count)
        case = replace(case, sent_back=count)
        return case, CaseSentBackToScreening(
            reason=reason, sent_back_in_case=count, actor=actor, sent_back_at=at
        )

    def reject(self, *, reason: str, actor: str, at: datetime) -> tuple[HandlingCase, Event]:
        """驳回（不予受理）: not the district's to handle; the case ends here. A returned
        case's pending return ends with it."""
        self._target(Action.REJECT)
        _require_text(reason, "reason", "驳回须说明理由")
        case = self._move(Action.REJECT, actor, at, reason, department=self.lead_department)
        case = replace(case, pending_extension=None)
        return case, CaseRejectedByDispatcher(
            category=self.category, reason=reason, actor=actor, rejected_at=at
        )

    def readmit(
        self, *, category: str, kind: RequestKind, actor: str, at: datetime
    ) -> HandlingCase:
        """The window accepted a sent-back case again: it is dispatched anew, with the
        category and kind the clerk gave it this time."""
        case = self._move(
            Action.READMIT, actor, at, "", category=category, previous_category=self.category
        )
        return replace(case, category=category, kind=kind, lead_department=None, co_handlers=())

    def return_case(
        self, *, department: str, reason: str, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """退单: the lead says the case is not theirs. The lead stays recorded (it is the
        returning department) until the dispatcher rules."""
        self._require(Action.RETURN, department)
        _require_text(reason, "reason", "退单须说明理由")
        returns = self.returns + 1
        case = self._move(
            Action.RETURN, actor, at, reason, department=department, returns_in_case=returns
        )
        case = replace(case, returns=returns, pending_extension=None)
        return case, CaseReturned(
            department=department,
            reason=reason,
            returns_in_case=case.returns,
            actor=actor,
            returned_at=at,
        )

    def arbitrate(
        self,
        decision: ArbitrationDecision,
        *,
        reason: str,
        actor: str,
        at: datetime,
        route: Route | None = None,
    ) -> tuple[HandlingCase, list[Event]]:
        """The dispatcher's ruling: re-route to another lead (ReturnArbitrated + CaseAssigned,
        same round) or send the case back to the returning department (ReturnArbitrated)."""
        self._target(Action.ARBITRATE)
        _require_text(reason, "reason", "仲裁须说明理由")
        returning = self.lead
        if decision is ArbitrationDecision.SEND_BACK:
            case = self._move(
                Action.ARBITRATE, actor, at, reason, department=returning, decision=decision.value
            )
            ruling = ReturnArbitrated(
                decision=decision,
                returning_department=returning,
                reason=reason,
                actor=actor,
                decided_at=at,
            )
            return case, [ruling]
        if route is None:
            raise RuleRefused("lead_required", "改派须指定新的主办单位（lead）", conflict=False)
        route.checked()
        if route.lead == returning:
            raise RuleRefused(
                "reroute_to_returning_department",
                f"{returning} 已退单，不能改派回该单位；要由其继续办理，请驳回退单（send_back）",
                conflict=False,
                department=returning,
            )
        case = self._move(
            Action.ARBITRATE,
            actor,
            at,
            reason,
            department=route.lead,
            decision=decision.value,
            returning_department=returning,
            co_handlers=list(route.co_handlers),
        )
        kept = frozenset(code for code in self.opinions_filed if code in route.co_handlers)
        case = replace(
            case,
            lead_department=route.lead,
            co_handlers=route.co_handlers,
            opinions_filed=kept,
            assignments=self.assignments + 1,
        )
        ruling = ReturnArbitrated(
            decision=decision,
            returning_department=returning,
            new_lead_department=route.lead,
            reason=reason,
            actor=actor,
            decided_at=at,
        )
        return case, [ruling, case._assigned(actor, at)]

    # --- the lead department's work -------------------------------------------------------

    def sign(self, *, department: str, actor: str, at: datetime) -> tuple[HandlingCase, Event]:
        self._require(Action.SIGN, department)
        case = self._move(Action.SIGN, actor, at, "", department=department)
        return case, CaseSigned(department=department, actor=actor, signed_at=at)

    def contact(
        self, *, department: str, note: str, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """先行联系: recorded on the timeline; the state stays."""
        self._require(Action.CONTACT, department)
        _require_text(note, "note", "请填写联系记录：联系方式及与诉求人约定的内容")
        case = self._move(Action.CONTACT, actor, at, note, department=department)
        return case, SubmitterContacted(
            department=department, note=note, actor=actor, contacted_at=at
        )

    def request_extension(
        self,
        *,
        department: str,
        working_days: int,
        reason: str,
        cap: ExtensionCap,
        actor: str,
        at: datetime,
    ) -> tuple[HandlingCase, Event]:
        self._require(Action.REQUEST_EXTENSION, department)
        _require_text(reason, "reason", "延期申请须说明理由")
        if working_days <= 0:
            raise RuleRefused(
                "invalid_working_days",
                "延期天数须为正整数个工作日",
                conflict=False,
                working_days=working_days,
            )
        if self.pending_extension is not None:
            raise RuleRefused(
                "extension_already_pending",
                "已有一项延期申请在等待派单员审批",
                conflict=True,
                pending_working_days=self.pending_extension.working_days,
            )
        self._check_cap(working_days, cap)
        case = self._move(
            Action.REQUEST_EXTENSION,
            actor,
            at,
            reason,
            department=department,
            working_days=working_days,
        )
        case = replace(case, pending_extension=PendingExtension(department, working_days, reason))
        return case, ExtensionRequested(
            department=department,
            working_days=working_days,
            reason=reason,
            actor=actor,
            requested_at=at,
        )

    def _check_cap(self, working_days: int, cap: ExtensionCap) -> None:
        if self.extensions_granted + 1 > cap.max_extensions:
            raise RuleRefused(
                "extension_cap_reached",
                f"本案已延期{self.extensions_granted}次，"
                f"已达延期次数上限{cap.max_extensions}次（MAX_EXTENSIONS）",
                conflict=False,
                cap="MAX_EXTENSIONS",
                max_extensions=cap.max_extensions,
                extensions_granted=self.extensions_granted,
            )
        remaining = cap.max_working_days - self.extension_days_granted
        if working_days > remaining:
            raise RuleRefused(
                "extension_cap_reached",
                f"申请的{working_days}个工作日超过延期总天数上限"
                f"{cap.max_working_days}个工作日（MAX_EXTENSION_WORKING_DAYS）"
                f"的剩余额度{remaining}个工作日",
                conflict=False,
                cap="MAX_EXTENSION_WORKING_DAYS",
                max_extension_working_days=cap.max_working_days,
                remaining_working_days=remaining,
            )

    def grant_extension(self, *, actor: str, at: datetime) -> tuple[HandlingCase, Event]:
        pending = self._pending(Action.GRANT_EXTENSION)
        total = self.extension_days_granted + pending.working_days
        case = self._move(
            Action.GRANT_EXTENSION,
            actor,
            at,
            pending.reason,
            department=pending.department,
            working_days=pending.working_days,
        )
        case = replace(
            case,
            pending_extension=None,
            extensions_granted=self.extensions_granted + 1,
            extension_days_granted=total,
        )
        return case, ExtensionGranted(
            department=pending.department,
            working_days=pending.working_days,
            total_extension_days=total,
            actor=actor,
            decided_at=at,
        )

    def deny_extension(
        self, *, reason: str, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        pending = self._pending(Action.DENY_EXTENSION)
        _require_text(reason, "reason", "不同意延期须说明理由")
        case = self._move(
            Action.DENY_EXTENSION,
            actor,
            at,
            reason,
            department=pending.department,
            working_days=pending.working_days,
        )
        case = replace(case, pending_extension=None)
        return case, ExtensionDenied(
            department=pending.department, reason=reason, actor=actor, decided_at=at
        )

    def _pending(self, action: Action) -> PendingExtension:
        self._target(action)
        if self.pending_extension is None:
            raise RuleRefused("no_extension_pending", "没有待审批的延期申请", conflict=True)
        return self.pending_extension

    def suspend(
        self, *, department: str, reason: str, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """挂起: waiting for the submitter (documents, access to the site); clocks stop."""
        self._require(Action.SUSPEND, department)
        _require_text(reason, "reason", "挂起须说明等待的事项")
        case = self._move(Action.SUSPEND, actor, at, reason, department=department)
        return case, CaseSuspended(
            department=department, reason=reason, actor=actor, suspended_at=at
        )

    def resume(
        self, *, department: str, actor: str, at: datetime, reason: str = ""
    ) -> tuple[HandlingCase, Event]:
        self._require(Action.RESUME, department)
        case = self._move(Action.RESUME, actor, at, reason, department=department)
        return case, CaseResumed(department=department, actor=actor, resumed_at=at)

    def file_opinion(
        self, *, department: str, opinion: str, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """协办意见: each co-handler once per round."""
        self._require(Action.FILE_OPINION, department)
        _require_text(opinion, "opinion", "协办意见不能为空")
        if department in self.opinions_filed:
            raise RuleRefused(
                "opinion_already_filed",
                f"{department} 已提交第{self.round}轮的协办意见",
                conflict=True,
                department=department,
                round=self.round,
            )
        case = self._move(
            Action.FILE_OPINION, actor, at, opinion, department=department, round=self.round
        )
        case = replace(case, opinions_filed=self.opinions_filed | {department})
        return case, CoHandlerOpinionFiled(
            department=department, opinion=opinion, round=self.round, actor=actor, filed_at=at
        )

    def resolve(
        self,
        *,
        department: str,
        result: ResolutionResult,
        summary: str,
        actor: str,
        at: datetime,
    ) -> tuple[HandlingCase, Event]:
        self._require(Action.RESOLVE, department)
        _require_text(summary, "summary", "请填写办理结果")
        missing = self.missing_opinions()
        if missing:
            raise RuleRefused(
                "co_handler_opinions_missing",
                f"协办单位尚未提交第{self.round}轮协办意见：{'、'.join(missing)}",
                conflict=True,
                missing_departments=missing,
                round=self.round,
            )
        case = self._move(
            Action.RESOLVE, actor, at, summary, department=department, result=result.value
        )
        case = replace(case, pending_extension=None)
        return case, CaseResolved(
            department=department,
            result=result,
            summary=summary,
            round=case.round,
            actor=actor,
            resolved_at=at,
        )

    # --- 转办: handing the case to an outside unit ----------------------------------------

    def transfer(
        self, unit: str, *, note: str, actor: str, at: datetime
    ) -> tuple[HandlingCase, list[Event]]:
        """转办 to an outside unit, which becomes the case's only handler. From a return it is
        the dispatcher's ruling too (the return upheld, re-routed to the unit)."""
        self._target(Action.TRANSFER)
        _require_text(note, "note", "转办须填写转办说明")
        previous = self.lead_department
        if previous == unit:
            raise RuleRefused(
                "already_with_unit",
                f"案件已由 {unit} 办理，不能转办给同一单位",
                conflict=True,
                department=unit,
            )
        transfers = self.transfers + 1
        detail: dict[str, Any] = {"transfer": transfers}
        if self.state is CaseState.RETURNED:
            detail["decision"] = ArbitrationDecision.REROUTE.value
        case = self._move(Action.TRANSFER, actor, at, note, department=unit, **detail)
        case = replace(
            case,
            lead_department=unit,
            co_handlers=(),
            opinions_filed=frozenset(),
            pending_extension=None,
            assignments=self.assignments + 1,
            transfers=transfers,
        )
        events: list[Event] = []
        if self.state is CaseState.RETURNED:
            events.append(
                ReturnArbitrated(
                    decision=ArbitrationDecision.REROUTE,
                    returning_department=self.lead,
                    new_lead_department=unit,
                    reason=note,
                    actor=actor,
                    decided_at=at,
                )
            )
        events.append(case._transferred(note, previous, actor, at))
        return case, events

    def _transferred(
        self, note: str, previous: str | None, actor: str, at: datetime
    ) -> CaseTransferred:
        return CaseTransferred(
            unit=self.lead,
            category=self.category,
            kind=self.kind,
            round=self.round,
            transfer=self.transfers,
            note=note,
            previous_department=previous,
            actor=actor,
            transferred_at=at,
        )

    def acknowledge_transfer(
        self, *, department: str, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """确认接收, by the outside unit."""
        self._require(Action.ACKNOWLEDGE_TRANSFER, department)
        case = self._move(Action.ACKNOWLEDGE_TRANSFER, actor, at, "", department=department)
        return case, TransferAcknowledged(
            unit=department, round=self.round, actor=actor, acknowledged_at=at
        )

    def answer_transfer(
        self,
        *,
        department: str,
        result: ResolutionResult,
        summary: str,
        actor: str,
        at: datetime,
    ) -> tuple[HandlingCase, Event]:
        """答复: the unit's result and what it did; the case comes back for callback."""
        self._require(Action.ANSWER_TRANSFER, department)
        _require_text(summary, "summary", "请填写答复内容：办理结果及采取的措施")
        case = self._move(
            Action.ANSWER_TRANSFER, actor, at, summary, department=department, result=result.value
        )
        return case, TransferAnswered(
            unit=department,
            result=result,
            summary=summary,
            round=self.round,
            actor=actor,
            answered_at=at,
        )

    # --- after the callback ---------------------------------------------------------------

    def reopen(
        self, *, reason: str | Reason, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """重办: back to the lead for a new round; co-handlers file again."""
        text, code = _reason(reason)
        self._target(Action.REOPEN)
        case = self._move(
            Action.REOPEN,
            actor,
            at,
            text,
            department=self.lead_department,
            code=code,
            target=REOPEN_TRANSFERRED if self.transfers else None,
        )
        case = replace(case, round=case.round + 1, opinions_filed=frozenset())
        return case, CaseReopened(
            lead_department=case.lead,
            round=case.round,
            reason=text,
            actor=actor,
            reopened_at=at,
        )

    def close(
        self, *, reason: str | Reason, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        text, code = _reason(reason)
        case = self._move(Action.CLOSE, actor, at, text, code=code)
        return case, CaseClosed(reason=text, actor=actor, closed_at=at)

    def refer(
        self, *, reason: str | Reason, actor: str, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """移交督查: sending it back once more would only repeat what failed."""
        text, code = _reason(reason)
        case = self._move(Action.REFER, actor, at, text, department=self.lead_department, code=code)
        return case, CaseReferredToSupervision(
            lead_department=case.lead, round=case.round, reason=text, actor=actor, referred_at=at
        )

    def settle_callback(
        self, result: CallbackCompleted, *, max_rounds: int, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """A satisfied, solved callback closes the case; anything else sends it back (重办),
        until `max_rounds` handling rounds have failed: then supervisors take it over."""
        actor = f"callback:{result.agent}"
        if not result.needs_rework:
            return self.close(reason=reasons.callback_satisfied(result), actor=actor, at=at)
        if self.round >= max_rounds:
            return self.refer(
                reason=reasons.rounds_exhausted(result, self.round), actor=actor, at=at
            )
        return self.reopen(reason=reasons.callback_needs_rework(result), actor=actor, at=at)

    def settle_unreachable(
        self, failed: CallbackFailed, *, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """无法回访: the district's policy says whether the case closes unrated or goes to
        supervision. An unrated close never counts as satisfied."""
        actor = f"callback:{failed.agent}"
        refer = failed.policy_outcome == "refer_to_supervision"
        reason = reasons.callback_unreachable(failed, refer=refer)
        if refer:
            return self.refer(reason=reason, actor=actor, at=at)
        return self.close(reason=reason, actor=actor, at=at)


def _reason(reason: str | Reason) -> tuple[str, ReasonCode | None]:
    """A person's words have no code; the platform's own reasons keep theirs."""
    if isinstance(reason, Reason):
        return reason.text, reason.code
    return reason, None


def _require_text(value: str, name: str, message: str) -> None:
    if not value.strip():
        raise RuleRefused(f"{name}_required", message, conflict=False, field=name)
