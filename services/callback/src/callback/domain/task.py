"""A callback task (回访): one per handling round of a resolved case, and one for a matter
resolved on the spot. An agent records attempts; a reached submitter gives a result; too many
failed attempts make the task unreachable and the district's policy decides what follows.

Pure code: every method returns the new task and the event it causes, or raises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from common.events import CallbackCompleted, CallbackFailed
from common.vocabulary import CALLBACK_STATES_ZH, CallbackAttemptOutcome, Satisfaction


class TaskState(StrEnum):
    OPEN = "open"  # 待回访
    COMPLETED = "completed"  # 已回访
    UNREACHABLE = "unreachable"  # 无法回访


class UnreachablePolicy(StrEnum):
    """What an unreachable callback means for the case (set by the district)."""

    CLOSE_UNRATED = "close_unrated"  # close the case; it counts as not called back
    REFER_TO_SUPERVISION = "refer_to_supervision"  # supervisors take the case over


#: Outcomes that end the task at once: calling the same wrong number again helps nobody, a
#: submitter who refuses the callback has answered, and one who left no phone cannot be called.
FINAL_FAILURES = frozenset(
    {
        CallbackAttemptOutcome.WRONG_NUMBER,
        CallbackAttemptOutcome.REFUSED,
        CallbackAttemptOutcome.NO_CONTACT,
    }
)


class TaskClosed(Exception):
    def __init__(self, task: CallbackTask) -> None:
        self.state = task.state
        super().__init__(
            f"受理编号为 {task.case_id} 的诉求第 {task.round} 轮回访已结束"
            f"（{CALLBACK_STATES_ZH[task.state]}）"
        )


class AnswerWrongWithoutArticle(Exception):
    def __init__(self) -> None:
        super().__init__("该诉求的答复没有注明所依据的知识条目，无法标记为答复有误")


class ReachedNeedsResult(Exception):
    def __init__(self) -> None:
        super().__init__("已接通的回访请记录回访结果，而不是记为一次未接通")


@dataclass(frozen=True)
class CallbackRules:
    """The district's callback rules (Settings.rules() builds them)."""

    max_failed_attempts: int
    unreachable_policy: UnreachablePolicy


@dataclass(frozen=True)
class CallbackTask:
    case_id: str
    round: int
    department: str | None
    state: TaskState = TaskState.OPEN
    failed_attempts: int = 0
    #: the knowledge article the answer called back came from (None: none named)
    knowledge_article_id: str | None = None

    def _require_open(self) -> None:
        if self.state is not TaskState.OPEN:
            raise TaskClosed(self)

    def record_failed_attempt(
        self,
        outcome: CallbackAttemptOutcome,
        *,
        agent: str,
        at: datetime,
        rules: CallbackRules,
    ) -> tuple[CallbackTask, CallbackFailed | None]:
        """Count a call that did not reach the submitter; the last allowed one gives up."""
        self._require_open()
        if outcome is CallbackAttemptOutcome.REACHED:
            raise ReachedNeedsResult()
        failed = self.failed_attempts + 1
        if outcome not in FINAL_FAILURES and failed < rules.max_failed_attempts:
            return replace(self, failed_attempts=failed), None
        task = replace(self, failed_attempts=failed, state=TaskState.UNREACHABLE)
        return task, CallbackFailed(
            round=self.round,
            attempts=failed,
            last_outcome=outcome.value,
            policy_outcome=rules.unreachable_policy.value,
            agent=agent,
            failed_at=at,
        )

    def complete(
        self,
        *,
        satisfaction: Satisfaction,
        solved: bool,
        comment: str,
        agent: str,
        at: datetime,
        answer_wrong: bool = False,
    ) -> tuple[CallbackTask, CallbackCompleted]:
        """Satisfaction and whether the matter was solved are asked separately: a submitter can
        be satisfied with the attitude and still have an unsolved problem. An answer found
        wrong (答复有误) sends the knowledge article it came from back for review: there must
        be one."""
        self._require_open()
        if answer_wrong and self.knowledge_article_id is None:
            raise AnswerWrongWithoutArticle()
        return replace(self, state=TaskState.COMPLETED), CallbackCompleted(
            round=self.round,
            satisfaction=satisfaction,
            solved=solved,
            comment=comment,
            agent=agent,
            completed_at=at,
            answer_wrong=answer_wrong,
        )
