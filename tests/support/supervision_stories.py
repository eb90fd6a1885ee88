"""Cases told as events, for the scorecard tests: the same stories feed the pure fold (unit)
and the running service (published on the real topics, e2e and integration)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from common.envelope import Envelope, Event
from common.events import (
    AppealDecided,
    CallbackCompleted,
    CaseAccepted,
    CaseAssigned,
    CaseClosed,
    CaseMerged,
    CaseReclassified,
    CaseRegistered,
    CaseReopened,
    CaseResolved,
    CaseResolvedOnTheSpot,
    CaseReturned,
    CaseSigned,
    DeadlineExceeded,
)
from common.vocabulary import (
    Channel,
    RequestKind,
    ResolutionResult,
    Satisfaction,
    ScreeningOutcome,
    SubmitterKind,
    TimerStage,
)
from supervision.domain.periods import SHANGHAI
from supervision.domain.scorecard import CaseFacts, Recorded, fold

YEAR = 2024


def at(day: int, hour: int, minute: int = 0, month: int = 4) -> datetime:
    """A moment in Asia/Shanghai time."""
    return datetime(YEAR, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class Story:
    case_id: str
    events: list[tuple[datetime, Event]] = field(default_factory=list)
    category: str = ""
    #: who brought it, by which channel, with which imported batch (batch id, title)
    submitter: SubmitterKind = SubmitterKind.PERSON
    channel: Channel = Channel.WEB
    batch: tuple[str, str] | None = None

    def add(self, when: datetime, event: Event) -> Story:
        self.events.append((when, event))
        return self

    def registered(
        self,
        when: datetime,
        category: str,
        *,
        area: str | None = None,
        address: str | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> Story:
        self.category = category
        return self.add(
            when,
            CaseRegistered(
                channel=Channel.WEB,
                kind=RequestKind.COMPLAINT,
                category=category,
                title="t",
                description="d",
                address=address,
                latitude=latitude,
                longitude=longitude,
                area=area,
                submitter_kind=self.submitter,
                actor="clerk:test",
                batch_id=self.batch[0] if self.batch else None,
                batch_title=self.batch[1] if self.batch else None,
            ),
        )

    def accepted(self, when: datetime, category: str, area: str | None = None) -> Story:
        self.category = category
        return self.add(
            when,
            CaseAccepted(
                category=category,
                kind=RequestKind.COMPLAINT,
                channel=self.channel,
                actor="clerk:test",
                accepted_at=when,
                area=area,
                submitter_kind=self.submitter,
                batch_id=self.batch[0] if self.batch else None,
                batch_title=self.batch[1] if self.batch else None,
            ),
        )

    def ended_at_screening(self, when: datetime, category: str, outcome: ScreeningOutcome) -> Story:
        """即办 or 解释答疑 at the window."""
        self.category = category
        return self.add(
            when,
            CaseResolvedOnTheSpot(
                category=category,
                kind=RequestKind.CONSULTATION,
                channel=self.channel,
                outcome=outcome.value,
                answer="已当场答复",
                actor="clerk:test",
                resolved_at=when,
            ),
        )

    def reclassified(self, when: datetime, category: str) -> Story:
        previous, self.category = self.category, category
        return self.add(
            when,
            CaseReclassified(
                category=category,
                previous_category=previous,
                actor="dispatcher:test",
                reason="类别有误",
                reclassified_at=when,
            ),
        )

    def assigned(self, when: datetime, department: str, round: int = 1) -> Story:
        return self.add(
            when,
            CaseAssigned(
                category=self.category,
                kind=RequestKind.COMPLAINT,
                lead_department=department,
                round=round,
                actor="dispatcher:test",
                assigned_at=when,
            ),
        )

    def signed(self, when: datetime, department: str) -> Story:
        return self.add(
            when, CaseSigned(department=department, actor="handler:test", signed_at=when)
        )

    def returned(self, when: datetime, department: str, returns_in_case: int) -> Story:
        return self.add(
            when,
            CaseReturned(
                department=department,
                reason="not ours",
                returns_in_case=returns_in_case,
                actor="handler:test",
                returned_at=when,
            ),
        )

    def resolved(
        self,
        when: datetime,
        department: str,
        round: int = 1,
        result: ResolutionResult = ResolutionResult.SOLVED,
    ) -> Story:
        return self.add(
            when,
            CaseResolved(
                department=department,
                result=result,
                summary="done",
                round=round,
                actor="handler:test",
                resolved_at=when,
            ),
        )

    def callback(
        self, when: datetime, satisfaction: Satisfaction, solved: bool, round: int = 1
    ) -> Story:
        return self.add(
            when,
            CallbackCompleted(
                round=round,
                satisfaction=satisfaction,
                solved=solved,
                agent="callback_agent:test",
                completed_at=when,
            ),
        )

    def overdue(self, due: datetime, stage: TimerStage, department: str | None) -> Story:
        return self.add(
            due,
            DeadlineExceeded(
                timer_id=1,
                stage=stage,
                department=department,
                started_at=due - timedelta(hours=2),
                due_at=due,
                policy="test",
            ),
        )

    def reopened(self, when: datetime, department: str, round: int) -> Story:
        return self.add(
            when,
            CaseReopened(
                lead_department=department,
                round=round,
                reason="dissatisfied",
                actor="system:dispatch",
                reopened_at=when,
            ),
        )

    def closed(self, when: datetime) -> Story:
        return self.add(when, CaseClosed(reason="callback done", actor="system", closed_at=when))

    def merged(self, when: datetime, original: str) -> Story:
        return self.add(
            when,
            CaseMerged(original_case_id=original, similarity=0.95, actor="clerk", merged_at=when),
        )

    def appeal_upheld(self, when: datetime, department: str) -> Story:
        return self.add(
            when,
            AppealDecided(
                appeal_id=f"appeal-{self.case_id}",
                department=department,
                upheld=True,
                reason="unreasonable complaint",
                actor="supervisor:test",
                decided_at=when,
            ),
        )


UM, HS, WT = "urban-management", "housing", "water"


def april_fixture(with_appeal: bool = True) -> list[Story]:
    """Thirteen cases of April 2024; the expected figures are worked out in
    tests/unit/test_scorecard.py."""
    sat, basic, dis = (
        Satisfaction.SATISFIED,
        Satisfaction.BASICALLY_SATISFIED,
        Satisfaction.DISSATISFIED,
    )
    s, r = TimerStage.SIGN, TimerStage.RESOLUTION
    stories = [
        # urban-management
        Story("U1")
        .accepted(at(1, 9), "streetlight", "xiangjiang")
        .assigned(at(1, 9, 5), UM)
        .signed(at(1, 9, 30), UM)
        .resolved(at(3, 10), UM)
        .callback(at(3, 15), sat, True)
        .closed(at(3, 16)),
        Story("U2")
        .accepted(at(2, 9), "streetlight", "xiangjiang")
        .assigned(at(2, 9, 5), UM)
        .overdue(at(2, 11, 5), s, UM)
        .signed(at(2, 14), UM)
        .resolved(at(5, 10), UM)
        .callback(at(5, 15), basic, True)
        .closed(at(5, 16)),
        Story("U3")
        .accepted(at(3, 9), "streetlight", "yuelu")
        .assigned(at(3, 9, 5), UM)
        .signed(at(3, 10), UM)
        .overdue(at(8, 17), r, UM)
        .resolved(at(9, 10), UM)
        .callback(at(9, 15), dis, False)
        .reopened(at(10, 9), UM, 2)
        .resolved(at(11, 10), UM, round=2)
        .callback(at(11, 15), sat, True, round=2)
        .closed(at(12, 9)),
        Story("U4")
        .accepted(at(8, 9), "streetlight", "xiangjiang")
        .assigned(at(8, 9, 5), UM)
        .signed(at(8, 10), UM),
        Story("U5")
        .accepted(at(9, 9), "road", "yuelu")
        .assigned(at(9, 9, 5), HS)
        .returned(at(9, 10), HS, 1)
        .assigned(at(9, 11), UM)
        .signed(at(9, 11, 30), UM)
        .resolved(at(12, 10), UM)
        .callback(at(12, 15), sat, True),
        Story("U6")
        .accepted(at(10, 9), "road", "yuelu")
        .assigned(at(10, 9, 5), UM)
        .overdue(at(10, 11, 5), s, UM),
        # housing
        Story("H1")
        .accepted(at(1, 10), "housing", "xiangjiang")
        .assigned(at(1, 10, 5), HS)
        .signed(at(1, 11), HS)
        .resolved(at(4, 10), HS, result=ResolutionResult.PARTLY_SOLVED)
        .callback(at(4, 15), sat, False),
        Story("H2")
        .accepted(at(2, 10), "housing", "xiangjiang")
        .assigned(at(2, 10, 5), HS)
        .signed(at(2, 11), HS)
        .resolved(at(3, 10), HS)
        .callback(at(3, 15), dis, True),
        Story("H3")
        .accepted(at(5, 10), "housing", "xiangjiang")
        .assigned(at(5, 10, 5), HS)
        .signed(at(5, 11), HS)
        .resolved(at(8, 10), HS),
        Story("H4")
        .accepted(at(6, 10), "housing", "yuelu")
        .assigned(at(6, 10, 5), HS)
        .signed(at(6, 11), HS)
        .overdue(at(12, 17), r, HS)
        .resolved(at(15, 10), HS)
        .callback(at(15, 15), sat, True),
        Story("H5")
        .accepted(at(7, 10), "housing", "yuelu")
        .assigned(at(7, 10, 5), HS)
        .signed(at(7, 11), HS),
        Story("H6")
        .accepted(at(8, 10), "housing", "yuelu")
        .assigned(at(8, 10, 5), HS)
        .signed(at(8, 11), HS)
        .resolved(at(9, 10), HS)
        .callback(at(9, 15), dis, False),
        # water: too few cases to be ranked
        Story("W1")
        .accepted(at(3, 10), "water", "yuelu")
        .assigned(at(3, 10, 5), WT)
        .signed(at(3, 11), WT)
        .resolved(at(4, 10), WT)
        .callback(at(4, 15), sat, True),
        Story("W2")
        .accepted(at(4, 10), "water", "yuelu")
        .assigned(at(4, 10, 5), WT)
        .signed(at(4, 11), WT),
        # registered but never accepted, and a merged duplicate: neither is measured
        Story("R1").registered(at(5, 9), "streetlight", area="xiangjiang"),
        Story("M1").accepted(at(5, 9), "streetlight", "xiangjiang").merged(at(5, 9, 1), "U1"),
    ]
    if with_appeal:
        stories[11].appeal_upheld(at(20, 10), HS)
    return stories


MEETING = ("zt-2024-05", "五月企业座谈会")


def may_fixture() -> list[Story]:
    """Six cases of May 2024 for the outcome counts, the filters, satisfaction per round and
    per case, a re-classification and a batch's progress (tests/unit/test_figures_breakdown.py
    works out what they give). B1..B4 came with the May enterprise meeting (座谈会)."""
    sat, dis = Satisfaction.SATISFIED, Satisfaction.DISSATISFIED
    explained, on_the_spot = (
        ScreeningOutcome.ANSWER_CONSULTATION,
        ScreeningOutcome.RESOLVE_ON_THE_SPOT,
    )
    enterprise, person = SubmitterKind.ENTERPRISE, SubmitterKind.PERSON
    window, hotline = Channel.WINDOW, Channel.HOTLINE

    def story(case_id: str, who: SubmitterKind, channel: Channel, batch: bool) -> Story:
        return Story(case_id, submitter=who, channel=channel, batch=MEETING if batch else None)

    def day(d: int, hour: int, minute: int = 0) -> datetime:
        return at(d, hour, minute, month=5)

    return [
        # closed satisfied after one reopen: 1 of 2 callbacks satisfied, the case satisfied
        story("B1", enterprise, window, True)
        .registered(day(6, 9), "streetlight", area="xiangjiang")
        .accepted(day(6, 9, 1), "streetlight", "xiangjiang")
        .assigned(day(6, 9, 5), UM)
        .signed(day(6, 9, 30), UM)
        .resolved(day(8, 10), UM)
        .callback(day(8, 15), dis, False)
        .reopened(day(9, 9), UM, 2)
        .resolved(day(10, 10), UM, round=2)
        .callback(day(10, 15), sat, True, round=2)
        .closed(day(10, 16)),
        # routed as a streetlight, re-classified by the dispatcher as a road: still open
        story("B2", enterprise, window, True)
        .registered(day(6, 10), "streetlight", area="yuelu")
        .accepted(day(6, 10, 1), "streetlight", "yuelu")
        .assigned(day(6, 10, 5), UM)
        .reclassified(day(6, 11), "road")
        .signed(day(6, 11, 30), UM),
        # answered with an explanation at the window (解释答疑)
        story("B3", person, window, True)
        .registered(day(6, 11), "housing", area="yuelu")
        .ended_at_screening(day(6, 11, 5), "housing", explained),
        story("B4", enterprise, window, True)
        .registered(day(6, 12), "water", area="yuelu")
        .ended_at_screening(day(6, 12, 5), "water", explained),
        # resolved at the window (即办), by the hotline, with no batch
        story("B5", person, hotline, False)
        .registered(day(7, 9), "streetlight", area="xiangjiang")
        .ended_at_screening(day(7, 9, 5), "streetlight", on_the_spot),
        story("B6", person, hotline, False)
        .registered(day(7, 10), "road", area="xiangjiang")
        .accepted(day(7, 10, 1), "road", "xiangjiang")
        .assigned(day(7, 10, 5), UM)
        .signed(day(7, 10, 30), UM)
        .resolved(day(9, 10), UM)
        .callback(day(9, 15), sat, True)
        .closed(day(9, 16)),
    ]


#: Who publishes each upstream event, and so on which topic it travels.
PRODUCER_OF = {
    "CaseRegistered": "intake",
    "CaseAccepted": "intake",
    "CaseMerged": "intake",
    "CaseResolvedOnTheSpot": "intake",
    "KnowledgeGapOpened": "intake",
    "KnowledgeGapClosed": "intake",
    "DeadlineExceeded": "deadline",
    "DeadlineEscalated": "deadline",
    "CallbackCompleted": "callback",
    "CallbackFailed": "callback",
}


def envelopes(stories: list[Story]) -> list[Envelope]:
    """The stories' events as their owners publish them (appeal decisions excluded: those
    are supervision's own, made through its API)."""
    return [
        Envelope.wrap(
            event,
            case_id=story.case_id,
            producer=PRODUCER_OF.get(event.event_type, "dispatch"),
            occurred_at=when,
        )
        for story in stories
        for when, event in story.events
        if not isinstance(event, AppealDecided)
    ]


def facts_of(stories: list[Story]) -> list[CaseFacts]:
    return [
        fold(
            story.case_id,
            [
                Recorded(f"{story.case_id}-{n}", when, event)
                for n, (when, event) in enumerate(story.events)
            ],
        )
        for story in stories
    ]
