"""The departments' steps on a handling case (签收, 先行联系, 退单, 延期申请, 挂起/恢复,
协办意见, 办结) and an outside unit's (确认接收, 答复)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Self

from common.envelope import Event
from common.events import (
    CaseResolved,
    CaseResumed,
    CaseReturned,
    CaseSigned,
    CaseSuspended,
    CoHandlerOpinionFiled,
    ExtensionRequested,
    SubmitterContacted,
    TransferAcknowledged,
    TransferAnswered,
)
from common.vocabulary import (
    ResolutionResult,
)
from dispatch.domain.case import CaseFacts, require_text, require_whole_article
from dispatch.domain.records import ExtensionCap, PendingExtension
from dispatch.domain.refusals import RuleRefused
from dispatch.domain.transitions import (
    Action,
)


class DepartmentSteps(CaseFacts):
    """The handling departments' steps, and an outside unit's on a case handed to it."""

    def return_case(
        self, *, department: str, reason: str, actor: str, at: datetime
    ) -> tuple[Self, Event]:
        """退单: the lead says the case is not theirs. The lead stays recorded (it is the
        returning department) until the dispatcher rules."""
        self._require(Action.RETURN, department)
        require_text(reason, "reason", "退单须说明理由")
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

    def sign(self, *, department: str, actor: str, at: datetime) -> tuple[Self, Event]:
        self._require(Action.SIGN, department)
        case = self._move(Action.SIGN, actor, at, "", department=department)
        return case, CaseSigned(department=department, actor=actor, signed_at=at)

    def contact(
        self, *, department: str, note: str, actor: str, at: datetime
    ) -> tuple[Self, Event]:
        """先行联系: recorded on the timeline; the state stays."""
        self._require(Action.CONTACT, department)
        require_text(note, "note", "请填写联系记录：联系方式及与诉求人约定的内容")
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
    ) -> tuple[Self, Event]:
        self._require(Action.REQUEST_EXTENSION, department)
        require_text(reason, "reason", "延期申请须说明理由")
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

    def suspend(
        self, *, department: str, reason: str, actor: str, at: datetime
    ) -> tuple[Self, Event]:
        """挂起: waiting for the submitter (documents, access to the site); clocks stop."""
        self._require(Action.SUSPEND, department)
        require_text(reason, "reason", "挂起须说明等待的事项")
        case = self._move(Action.SUSPEND, actor, at, reason, department=department)
        return case, CaseSuspended(
            department=department, reason=reason, actor=actor, suspended_at=at
        )

    def resume(
        self, *, department: str, actor: str, at: datetime, reason: str = ""
    ) -> tuple[Self, Event]:
        self._require(Action.RESUME, department)
        case = self._move(Action.RESUME, actor, at, reason, department=department)
        return case, CaseResumed(department=department, actor=actor, resumed_at=at)

    def file_opinion(
        self, *, department: str, opinion: str, actor: str, at: datetime
    ) -> tuple[Self, Event]:
        """协办意见: each co-handler once per round."""
        self._require(Action.FILE_OPINION, department)
        require_text(opinion, "opinion", "协办意见不能为空")
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
        knowledge_article_id: str | None = None,
        knowledge_article_version: int | None = None,
    ) -> tuple[Self, Event]:
        """办结; a consultation's answer may name the knowledge article (and version) it came
        from, which only intake knows and checks nothing of here."""
        self._require(Action.RESOLVE, department)
        require_text(summary, "summary", "请填写办理结果")
        require_whole_article(knowledge_article_id, knowledge_article_version)
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
            knowledge_article_id=knowledge_article_id,
            knowledge_article_version=knowledge_article_version,
        )

    def acknowledge_transfer(
        self, *, department: str, actor: str, at: datetime
    ) -> tuple[Self, Event]:
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
    ) -> tuple[Self, Event]:
        """答复: the unit's result and what it did; the case comes back for callback."""
        self._require(Action.ANSWER_TRANSFER, department)
        require_text(summary, "summary", "请填写答复内容：办理结果及采取的措施")
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
