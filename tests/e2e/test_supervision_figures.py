"""Supervision's outcome counts on the running system: a batch of this test's own, published
on intake's and dispatch's topics as those services would. A question answered at the window
(解释答疑) counts as explained; an accepted case the dispatcher re-classifies (改类) counts
under its new category; the filters by batch and submitter kind narrow the figures; the
batch's progress is published on the public problem list."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx

from common.envelope import Envelope
from common.events import CaseAccepted, CaseReclassified, CaseRegistered, CaseResolvedOnTheSpot
from common.vocabulary import Channel, RequestKind, Role, ScreeningOutcome, SubmitterKind
from tests.support.events import publish
from tests.support.kafka import eventually
from tests.support.stack import Stack
from tests.support.staff import headers_for
from tests.support.supervision_stories import at

SUPERVISOR = headers_for(Role.SUPERVISOR)
FEBRUARY = {"period": "month", "from": "2024-02-01", "to": "2024-02-29"}


def registered(batch: str, who: SubmitterKind) -> CaseRegistered:
    return CaseRegistered(
        channel=Channel.WINDOW,
        kind=RequestKind.COMPLAINT,
        category="streetlight",
        title="走访意见",
        description="大走访中收集的意见",
        submitter_kind=who,
        actor="clerk:figures-e2e",
        batch_id=batch,
        batch_title=f"大走访-{batch}",
    )


def story(batch: str) -> list[Envelope]:
    explained, reclassified = f"FE-{batch}-1", f"FE-{batch}-2"
    when = at(5, 10, month=2)

    def wrap(case_id: str, producer: str, moment: datetime, event: Any) -> Envelope:
        return Envelope.wrap(event, case_id=case_id, producer=producer, occurred_at=moment)

    return [
        wrap(explained, "intake", when, registered(batch, SubmitterKind.ENTERPRISE)),
        wrap(
            explained,
            "intake",
            at(5, 10, 5, month=2),
            CaseResolvedOnTheSpot(
                category="streetlight",
                kind=RequestKind.CONSULTATION,
                channel=Channel.WINDOW,
                outcome=ScreeningOutcome.ANSWER_CONSULTATION.value,
                answer="已解释路灯维护的责任划分",
                actor="clerk:figures-e2e",
                resolved_at=at(5, 10, 5, month=2),
            ),
        ),
        wrap(reclassified, "intake", when, registered(batch, SubmitterKind.PERSON)),
        wrap(
            reclassified,
            "intake",
            at(5, 10, 1, month=2),
            CaseAccepted(
                category="streetlight",
                kind=RequestKind.COMPLAINT,
                channel=Channel.WINDOW,
                actor="clerk:figures-e2e",
                accepted_at=at(5, 10, 1, month=2),
                category_confirmed=False,
                needs_dispatcher=True,
                submitter_kind=SubmitterKind.PERSON,
                batch_id=batch,
                batch_title=f"大走访-{batch}",
            ),
        ),
        wrap(
            reclassified,
            "dispatch",
            at(5, 11, month=2),
            CaseReclassified(
                category="road",
                previous_category="streetlight",
                actor="dispatcher:figures-e2e",
                reason="属于道路破损",
                reclassified_at=at(5, 11, month=2),
            ),
        ),
    ]


async def outcomes(
    http: httpx.AsyncClient, stack: Stack, **query: str
) -> dict[str | None, tuple[int, int, int, int]]:
    response = await http.get(
        f"{stack.url('supervision')}/api/v1/scorecards",
        params={**FEBRUARY, "group": "category", **query},
        headers=SUPERVISOR,
    )
    assert response.status_code == 200, response.text
    return {
        row["category"]: (row["explained"], row["on_the_spot"], row["in_progress"], row["closed"])
        for row in response.json()
    }


async def test_explained_and_reclassified_cases_count_and_a_batch_is_published(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    batch = uuid.uuid4().hex[:10]
    await publish(stack.run.servers.kafka_bootstrap, stack.run.topic_prefix, story(batch))

    async def counted() -> bool:
        return await outcomes(http, stack, batch=batch) == {
            "streetlight": (1, 0, 0, 0),  # answered at the window
            "road": (0, 0, 1, 0),  # accepted as a streetlight, re-classified as a road
        }

    await eventually(counted, timeout=60)
    enterprise = await outcomes(http, stack, batch=batch, submitter_kind="enterprise")
    assert enterprise == {"streetlight": (1, 0, 0, 0)}

    published = await http.post(
        f"{stack.url('supervision')}/api/v1/problem-list/batches",
        json={"batch_id": batch},
        headers=SUPERVISOR,
    )
    assert published.status_code == 201, published.text
    public = await http.get(f"{stack.url('supervision')}/api/v1/public/problem-list/batches")
    (progress,) = [p for p in public.json() if p["batch_id"] == batch]
    assert progress["batch_title"] == f"大走访-{batch}"
    assert [progress[k] for k in ("registered", "accepted", "in_progress", "explained")] == [
        2,
        1,
        1,
        1,
    ]
    withdrawn = await http.delete(
        f"{stack.url('supervision')}/api/v1/problem-list/batches/{batch}", headers=SUPERVISOR
    )
    assert withdrawn.status_code == 204
