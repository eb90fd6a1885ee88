"""Event payloads, one class per event type, grouped by the topic (and so the service) that
publishes them; each class names its producer, which is the only service that may emit it.
The envelope carries case id, time and ids; payloads carry the facts. Every lifecycle event
names its actor.

An event whose `identity` is set announces a business fact that happens once: the same fact
published again, under another event id, is a repeat that consumers treat as already done
(Envelope.fact, docs/events.md).

Longer than ~400 lines on purpose: it is the one catalogue of every event of every service,
read as the contract between them."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AwareDatetime, Field

from common.envelope import Event
from common.sla import ResolutionLimit
from common.taxonomy import TaxonomyLeaf
from common.vocabulary import (
    AccountabilityMeasure,
    ArbitrationDecision,
    Channel,
    EscalationStep,
    RequestKind,
    ResolutionResult,
    Satisfaction,
    SubmitterKind,
    TimerStage,
)

# --- intake.case-events.v1 ------------------------------------------------------------------


class CaseRegistered(Event, producer="intake"):
    """登记. Carries no personal contact data: the submitter's phone and identity number stay
    in intake, behind its access rules."""

    channel: Channel
    kind: RequestKind
    category: str
    title: str
    description: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    area: str | None = None  # the street or town the place lies in, when known
    submitter_kind: SubmitterKind
    attachments: int = 0
    actor: str
    # an imported batch (座谈会, 大走访) the case came in with: its id and its title
    batch_id: str | None = None
    batch_title: str | None = None
    # the date the submitter asked to have it done by (an enterprise's "before 18 December")
    requested_by: date | None = None


class CaseAccepted(Event, producer="intake"):
    """受理. `needs_dispatcher` is set when no human confirmed the category and the
    classifier's confidence was below the threshold: dispatch must not route it by rule.
    `acceptance` numbers the case's acceptances: a case a dispatcher sent back to screening
    (CaseSentBackToScreening) and accepted again is the next one, a fact of its own."""

    identity = ("acceptance",)
    category: str
    kind: RequestKind
    channel: Channel
    actor: str
    accepted_at: AwareDatetime
    classification_confidence: float | None = None
    category_confirmed: bool = True
    needs_dispatcher: bool = False
    area: str | None = None
    # what the case says and who brought it, for the dispatcher's queue; absent in
    # messages from before they were carried
    title: str | None = None
    description: str | None = None
    submitter_kind: SubmitterKind | None = None
    batch_id: str | None = None
    batch_title: str | None = None
    requested_by: date | None = None
    acceptance: int = 1


class CaseRejected(Event, producer="intake"):
    """不予受理."""

    reason: str
    actor: str
    rejected_at: AwareDatetime | None = None


class CaseResolvedOnTheSpot(Event, producer="intake"):
    """即办 or 解释答疑 at screening: the matter ends at the window, but is still called back."""

    identity = ()
    category: str
    kind: RequestKind
    channel: Channel
    outcome: str  # ScreeningOutcome.RESOLVE_ON_THE_SPOT or ANSWER_CONSULTATION
    answer: str
    actor: str
    resolved_at: AwareDatetime
    # the knowledge article (and its version) the answer came from, None when no article
    # covered it; `knowledge_unit` is the article's owning unit, or for an answer no article
    # covered, the unit the knowledge gap goes to (the category's lead)
    knowledge_article_id: str | None = None
    knowledge_article_version: int | None = None
    knowledge_unit: str | None = None


class KnowledgeGapOpened(Event, producer="intake"):
    """知识缺口: a consultation was answered (at the window, or by a department and closed)
    with no knowledge article covering it. The owning unit should draft one from the answer."""

    identity = ()
    gap_id: str
    department: str  # the unit that owns the gap
    category: str
    question: str  # what the submitter asked
    answer: str  # what they were told
    source: str  # "window" (answered at screening) or "department" (resolved and closed)
    opened_at: AwareDatetime


class KnowledgeGapClosed(Event, producer="intake"):
    """A knowledge gap ends: an article drafted from it was published, or the unit dismissed
    it with a reason."""

    identity = ()
    gap_id: str
    department: str
    outcome: str  # "article_published" or "dismissed"
    article_id: str | None = None
    reason: str | None = None
    actor: str
    closed_at: AwareDatetime


class CaseMerged(Event, producer="intake"):
    """重复件: the case follows its original from now on."""

    original_case_id: str
    similarity: float
    actor: str
    merged_at: AwareDatetime


# --- dispatch.case-events.v1 ----------------------------------------------------------------


class CaseAssigned(Event, producer="dispatch"):
    """交办. `assignment` numbers the case's assignments (a re-route is the next one); None in
    messages from before it was carried."""

    identity = ("round", "assignment")
    category: str
    kind: RequestKind
    lead_department: str
    co_handlers: list[str] = Field(default_factory=list)
    round: int = 1
    assignment: int | None = None
    actor: str
    assigned_at: AwareDatetime


class CaseQueuedForDispatcher(Event, producer="dispatch"):
    """No routing rule fits: a human dispatcher must route the case. `reason` is zh-CN text
    for people, `reason_code` its stable code (None in messages from before it was carried)."""

    category: str
    reason: str
    reason_code: str | None = None
    # the dispatch time limit: its rule's kind and its start; None in older messages
    kind: RequestKind | None = None
    queued_at: AwareDatetime | None = None


class CaseReclassified(Event, producer="dispatch"):
    """改类: a dispatcher corrected the category (and so the item) of a case already routed
    or queued. A human decision: live classification accuracy counts it against the
    suggestion, and the figures count the case under the new category from then on."""

    category: str
    previous_category: str
    actor: str
    reason: str | None = None
    reclassified_at: AwareDatetime


class CaseSigned(Event, producer="dispatch"):
    department: str
    actor: str
    signed_at: AwareDatetime


class SubmitterContacted(Event, producer="dispatch"):
    """先行联系: the handling department first got in touch with the submitter. It ends the
    first-response limit; it does not change the handling state."""

    department: str
    note: str
    actor: str
    contacted_at: AwareDatetime


class CaseReturned(Event, producer="dispatch"):
    """退单: the assigned lead says the case is not theirs. A dispatcher arbitrates."""

    identity = ("returns_in_case",)
    department: str
    reason: str
    returns_in_case: int  # how many times this case has been returned so far, this one included
    actor: str
    returned_at: AwareDatetime


class ReturnArbitrated(Event, producer="dispatch"):
    """The dispatcher's ruling on a return: re-route (a CaseAssigned follows) or send back."""

    decision: ArbitrationDecision
    returning_department: str
    new_lead_department: str | None = None
    reason: str
    actor: str
    decided_at: AwareDatetime


class ExtensionRequested(Event, producer="dispatch"):
    department: str
    working_days: int
    reason: str
    actor: str
    requested_at: AwareDatetime


class ExtensionGranted(Event, producer="dispatch"):
    """延期: the resolution limit moves by `working_days`."""

    identity = ("total_extension_days",)
    department: str
    working_days: int
    total_extension_days: int  # granted on this case so far, this grant included
    actor: str
    decided_at: AwareDatetime


class ExtensionDenied(Event, producer="dispatch"):
    department: str
    reason: str
    actor: str
    decided_at: AwareDatetime


class CaseSuspended(Event, producer="dispatch"):
    """挂起: waiting for the submitter; the clocks stop."""

    department: str
    reason: str
    actor: str
    suspended_at: AwareDatetime


class CaseResumed(Event, producer="dispatch"):
    department: str
    actor: str
    resumed_at: AwareDatetime


class CoHandlerOpinionFiled(Event, producer="dispatch"):
    """协办意见: the lead may file its resolution only after every co-handler has filed."""

    identity = ("round", "department")
    department: str
    opinion: str
    round: int = 1
    actor: str
    filed_at: AwareDatetime


class CaseResolved(Event, producer="dispatch"):
    identity = ("round",)
    department: str
    result: ResolutionResult
    summary: str
    round: int = 1
    actor: str
    resolved_at: AwareDatetime
    # the knowledge article (and version) the department answered a consultation from
    knowledge_article_id: str | None = None
    knowledge_article_version: int | None = None


class CaseReopened(Event, producer="dispatch"):
    identity = ("round",)
    lead_department: str
    round: int
    reason: str
    actor: str
    reopened_at: AwareDatetime


class CaseClosed(Event, producer="dispatch"):
    identity = ()
    reason: str
    actor: str
    closed_at: AwareDatetime


class CaseReferredToSupervision(Event, producer="dispatch"):
    """After the allowed reopen rounds a case still failing its callback is no longer sent
    back to the department: supervisors take it over."""

    identity = ("round",)
    lead_department: str
    round: int
    reason: str
    actor: str
    referred_at: AwareDatetime


class CaseTransferred(Event, producer="dispatch"):
    """转办: a dispatcher handed the case to an outside unit (a utility, the police, a city
    bureau) the district does not command. The unit acknowledges and answers on limits of
    their own; a re-route names the department the case leaves (`previous_department`)."""

    identity = ("round", "transfer")
    unit: str
    category: str
    kind: RequestKind
    round: int = 1
    transfer: int = 1
    note: str
    previous_department: str | None = None
    actor: str
    transferred_at: AwareDatetime


class TransferAcknowledged(Event, producer="dispatch"):
    """确认接收: the outside unit took the transferred case on."""

    identity = ("round",)
    unit: str
    round: int = 1
    actor: str
    acknowledged_at: AwareDatetime


class TransferAnswered(Event, producer="dispatch"):
    """答复: the outside unit's result and what it did. The case comes back to the district
    for callback, as a resolved case does."""

    identity = ("round",)
    unit: str
    result: ResolutionResult
    summary: str
    round: int = 1
    actor: str
    answered_at: AwareDatetime


class CaseSentBackToScreening(Event, producer="dispatch"):
    """退回甄别: a dispatcher returned a queued case to the window's screening queue (the
    request is unclear, the submitter must say more). Intake puts it back before a clerk,
    who may accept it again (CaseAccepted with the next `acceptance`)."""

    identity = ("sent_back_in_case",)
    reason: str
    sent_back_in_case: int  # how many times this case has been sent back, this one included
    actor: str
    sent_back_at: AwareDatetime


class CaseRejectedByDispatcher(Event, producer="dispatch"):
    """驳回（不予受理）by a dispatcher: the case is not the district's to handle (outside its
    remit). It ends the case like intake's CaseRejected does at screening; each service
    publishes only its own events, so the dispatcher's refusal is an event of dispatch."""

    identity = ()
    category: str
    reason: str
    actor: str
    rejected_at: AwareDatetime


class TaxonomyChanged(Event, producer="dispatch"):
    """The taxonomy (分类目录) changed: seeded from the district file or edited by an
    administrator. Dispatch is its one authority; the message carries every item as it now
    stands (retired ones included), so a reader keeps the one with the highest `version`
    and needs nothing else. Keyed by the fixed id `taxonomy`, so versions arrive in order."""

    identity = ("version",)
    version: int
    leaves: list[TaxonomyLeaf]
    actor: str
    changed_at: AwareDatetime


# --- deadline.timer-events.v1 ---------------------------------------------------------------


class DeadlineSet(Event, producer="deadline"):
    """A timer started or its due time moved (pause, resume, extension, calendar change).
    Lets other services order work by due time without owning the calendar."""

    timer_id: int
    stage: TimerStage
    department: str | None
    round: int = 1
    due_at: AwareDatetime | None  # None while the timer is paused
    policy: str
    policy_version: int = 1


class DeadlineWarningIssued(Event, producer="deadline"):
    """临期预警: `fraction` of the limit has passed."""

    timer_id: int
    stage: TimerStage
    department: str | None
    fraction: float
    due_at: AwareDatetime
    policy: str
    policy_version: int = 1


class DeadlineExceeded(Event, producer="deadline"):
    """超期."""

    timer_id: int
    stage: TimerStage
    department: str | None
    started_at: AwareDatetime
    due_at: AwareDatetime
    policy: str
    policy_version: int = 1


class DeadlineEscalated(Event, producer="deadline"):
    """A step of the ladder after the limit: urge, then supervision order, then accountability."""

    timer_id: int
    stage: TimerStage
    department: str | None
    step: EscalationStep
    working_days_overdue: int
    due_at: AwareDatetime
    policy: str
    policy_version: int = 1
    #: supervision_order: when the department's written answer is due, on deadline's working
    #: calendar (by default the time of the next rung). None for the other steps, in events
    #: published before it was stamped, and when that time lies in a year not loaded yet.
    respond_by: AwareDatetime | None = None


class SlaPolicyPublished(Event, producer="deadline"):
    """A version of the SLA policy table (时限规则) was published: seeded at the first start, or
    edited by an administrator (deadline announces its latest version again at each start).
    Deadline is its one authority; `limits` holds the resolution limit of every kind, and of
    every kind in each category the policy names (the most specific rule already chosen), so a
    reader looks up (kind, category), else (kind, None). Keyed by the fixed id `sla-policy`,
    so versions arrive in order; a reader keeps the highest `version`."""

    identity = ("version",)
    version: int
    limits: list[ResolutionLimit]
    actor: str
    published_at: AwareDatetime


# --- callback.callback-events.v1 ------------------------------------------------------------


class CallbackCompleted(Event, producer="callback"):
    identity = ("round",)
    round: int
    satisfaction: Satisfaction
    solved: bool
    comment: str = ""
    agent: str
    completed_at: AwareDatetime
    # the callback found the answer given wrong: the knowledge article it came from goes
    # back to its unit for review (复核)
    answer_wrong: bool = False

    @property
    def needs_rework(self) -> bool:
        return self.satisfaction is Satisfaction.DISSATISFIED or not self.solved


class CallbackFailed(Event, producer="callback"):
    """The submitter could not be reached after the allowed attempts (无法回访)."""

    identity = ("round",)
    round: int
    attempts: int
    last_outcome: str
    policy_outcome: str  # what the district's policy does with it, e.g. "close_unrated"
    agent: str
    failed_at: AwareDatetime


# --- supervision.supervision-events.v1 ------------------------------------------------------


class SupervisionSignalRecorded(Event, producer="supervision"):
    """A fact a supervisor must see: an overdue case, a dissatisfied callback, a bounce."""

    signal: str
    department: str | None
    evidence_event_id: str
    observed_at: datetime


class CaseUrged(Event, producer="supervision"):
    """催办: automatic (from a deadline escalation) or by a supervisor."""

    department: str | None
    source: str  # "escalation" | "manual"
    reason: str
    evidence_event_ids: list[str] = Field(default_factory=list)
    actor: str
    urged_at: AwareDatetime


class SupervisionOrderIssued(Event, producer="supervision"):
    """督办: a written order with its own deadline and a required written response."""

    order_id: str
    department: str
    demand: str
    respond_by: AwareDatetime
    evidence_event_ids: list[str] = Field(default_factory=list)
    actor: str
    issued_at: AwareDatetime


class SupervisionOrderAnswered(Event, producer="supervision"):
    order_id: str
    department: str
    response: str
    actor: str
    answered_at: AwareDatetime


class JointMeetingRecorded(Event, producer="supervision"):
    """联席会议 for a case spanning departments."""

    meeting_id: str
    departments: list[str]
    decisions: list[str]
    actor: str
    held_at: AwareDatetime


class AccountabilityRecorded(Event, producer="supervision"):
    """问责: an admonition talk, a notice or a disciplinary referral, with its evidence."""

    record_id: str
    department: str
    measure: AccountabilityMeasure
    reason: str
    evidence_event_ids: list[str] = Field(default_factory=list)
    actor: str
    recorded_at: AwareDatetime


class BuckPassingDetected(Event, producer="supervision"):
    """推诿扯皮: a case returned too often, or bounced between the same departments."""

    departments: list[str]
    returns_in_case: int
    evidence_event_ids: list[str] = Field(default_factory=list)
    detected_at: AwareDatetime


class AppealFiled(Event, producer="supervision"):
    """申诉: a department asks to exclude an unreasonable complaint from its score."""

    appeal_id: str
    department: str
    reason: str
    actor: str
    filed_at: AwareDatetime


class AppealDecided(Event, producer="supervision"):
    appeal_id: str
    department: str
    upheld: bool
    reason: str
    actor: str
    decided_at: AwareDatetime
