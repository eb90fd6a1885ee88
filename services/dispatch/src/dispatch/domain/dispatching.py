"""The dispatcher's steps on a handling case (交办, 改类, 退回甄别, 驳回, 退单仲裁, the
extension rulings, 转办): each checked by the one table, each returning the new case and
the events it causes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Self

from common.envelope import Event
from common.events import (
    CaseAssigned,
    CaseQueuedForDispatcher,
    CaseReclassified,
    CaseRejectedByDispatcher,
    CaseSentBackToScreening,
    CaseTransferred,
    ExtensionDenied,
    ExtensionGranted,
    ReturnArbitrated,
)
from common.vocabulary import (
    ArbitrationDecision,
    Reason,
    RequestKind,
)
from dispatch.domain.case import CaseFacts, reason_and_code, require_text
from dispatch.domain.records import PendingExtension, Route
from dispatch.domain.refusals import RuleRefused
from dispatch.domain.transitions import (
    Action,
    CaseState,
)


class DispatcherSteps(CaseFacts):
    """The dispatcher's steps: queue, assign, reclassify, send back, reject, arbitrate a
    return, rule on an extension, 转办 to an outside unit."""

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
    ) -> tuple[Self, Event]:
        """交办: by a dispatcher (with their words, if any) or by the category's rule."""
        self._target(Action.ASSIGN)
        route.checked()
        text, code = reason_and_code(reason)
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
    ) -> tuple[Self, list[Event]]:
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
    ) -> tuple[Self, Event]:
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

    def send_back(self, *, reason: str, actor: str, at: datetime) -> tuple[Self, Event]:
        """退回甄别: the window screens the case again (it is unclear, or the submitter must
        say more); the dispatch queue no longer holds it."""
        self._target(Action.SEND_BACK)
        require_text(reason, "reason", "退回甄别须说明理由")
        count = self.sent_back + 1
        case = self._move(Action.SEND_BACK, actor, at, reason, sent_back_in_case=count)
        case = replace(case, sent_back=count)
        return case, CaseSentBackToScreening(
            reason=reason, sent_back_in_case=count, actor=actor, sent_back_at=at
        )

    def reject(self, *, reason: str, actor: str, at: datetime) -> tuple[Self, Event]:
        """驳回（不予受理）: not the district's to handle; the case ends here. A returned
        case's pending return ends with it."""
        self._target(Action.REJECT)
        require_text(reason, "reason", "驳回须说明理由")
        case = self._move(Action.REJECT, actor, at, reason, department=self.lead_department)
        case = replace(case, pending_extension=None)
        return case, CaseRejectedByDispatcher(
            category=self.category, reason=reason, actor=actor, rejected_at=at
        )

    def readmit(self, *, category: str, kind: RequestKind, actor: str, at: datetime) -> Self:
        """The window accepted a sent-back case again: it is dispatched anew, with the
        category and kind the clerk gave it this time."""
        case = self._move(
            Action.READMIT, actor, at, "", category=category, previous_category=self.category
        )
        return replace(case, category=category, kind=kind, lead_department=None, co_handlers=())

    def arbitrate(
        self,
        decision: ArbitrationDecision,
        *,
        reason: str,
        actor: str,
        at: datetime,
        route: Route | None = None,
    ) -> tuple[Self, list[Event]]:
        """The dispatcher's ruling: re-route to another lead (ReturnArbitrated + CaseAssigned,
        same round) or send the case back to the returning department (ReturnArbitrated)."""
        self._target(Action.ARBITRATE)
        require_text(reason, "reason", "仲裁须说明理由")
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

    def grant_extension(self, *, actor: str, at: datetime) -> tuple[Self, Event]:
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

    def deny_extension(self, *, reason: str, actor: str, at: datetime) -> tuple[Self, Event]:
        pending = self._pending(Action.DENY_EXTENSION)
        require_text(reason, "reason", "不同意延期须说明理由")
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

    # --- 转办: handing the case to an outside unit ----------------------------------------

    def transfer(
        self, unit: str, *, note: str, actor: str, at: datetime
    ) -> tuple[Self, list[Event]]:
        """转办 to an outside unit, which becomes the case's only handler. From a return it is
        the dispatcher's ruling too (the return upheld, re-routed to the unit)."""
        self._target(Action.TRANSFER)
        require_text(note, "note", "转办须填写转办说明")
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
