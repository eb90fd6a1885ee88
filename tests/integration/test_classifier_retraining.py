"""Retraining the classifier on real PostgreSQL and Kafka, with intake running in-process:
clerks consistently file a kind of request the current model gets wrong under another
category; `civicloop-classify-retrain` compares, switches only then, and the running intake
suggests with the new model without a restart. Cases the current model already gets right
teach nothing better, and nothing is switched. A dispatcher routing a case under another
category is a decision on it; a routing rule is not. Cases confirmed under an item added to
the live taxonomy (ADR 0019) are learnt, and the switched model offers the live items."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio

from common.db import Database
from common.district import District, load_district
from common.events import CaseAssigned, TaxonomyChanged
from common.taxonomy import TaxonomyLeaf
from common.vocabulary import RequestKind, Role
from intake.classification import model_store
from intake.classification.retrain import main as retrain_command
from intake.classification.retrain import retrain
from intake.classification.training import Training, training_for
from intake.config import Settings
from intake.main import app as intake_app
from tests.support.events import publish_as
from tests.support.infra import TEST_AUTH_SECRET, TestRun
from tests.support.kafka import eventually
from tests.support.loop import streetlight_case
from tests.support.staff import headers_for

CLERK = headers_for(Role.CLERK, username="window-retrain")
ADMIN = headers_for(Role.ADMIN, username="admin-retrain")
#: a stall the demo corpus never saw: the current model guesses road maintenance
STALL = "琥珀巷{n}号门口的蓝鲸摊位又摆出来了"
FILED_UNDER = "food-safety"


def settings_for(run: TestRun) -> Settings:
    return Settings(
        database_url=run.database_url,
        kafka_bootstrap_servers=run.servers.kafka_bootstrap,
        topic_prefix=run.topic_prefix,
        auth_secret=TEST_AUTH_SECRET,
        outbox_poll_seconds=0.05,
        classifier_poll_seconds=0.2,
    )


@pytest_asyncio.fixture(scope="module")
async def client(test_run: TestRun) -> AsyncIterator[httpx.AsyncClient]:
    app = intake_app(settings_for(test_run))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://intake", timeout=10
        ) as http,
    ):
        yield http


@pytest_asyncio.fixture(scope="module")
async def db(test_run: TestRun) -> AsyncIterator[Database]:
    database = Database(test_run.database_url, schema="intake", pool_size=2)
    yield database
    await database.dispose()


DISTRICT: District = load_district()
TRAINING: Training = training_for(DISTRICT, None, classification_dir=None, threshold=0.6)


async def suggest(http: httpx.AsyncClient, text: str) -> dict[str, Any]:
    response = await http.post(
        "/api/v1/classification/suggest", json={"description": text}, headers=CLERK
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def filed_by_a_clerk(
    http: httpx.AsyncClient, title: str, description: str, category: str
) -> None:
    body = streetlight_case(channel="window", category=None, title=title, description=description)
    registered = await http.post("/api/v1/staff/cases", json=body, headers=CLERK)
    assert registered.status_code == 201, registered.text
    case_id = registered.json()["case_id"]
    screened = await http.post(
        f"/api/v1/cases/{case_id}/screening",
        json={"outcome": "accept", "category": category},
        headers=CLERK,
    )
    assert screened.status_code == 200, screened.text


async def models(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await http.get("/api/v1/classification/models", headers=ADMIN)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


async def test_retraining_switches_only_to_a_better_model_and_intake_follows(
    client: httpx.AsyncClient,
    db: Database,
    test_run: TestRun,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (deployed,) = await models(client)
    assert deployed["current"] and deployed["trained_cases"] == 0

    # nothing confirmed yet: nothing to learn, nothing switched
    nothing = await retrain(db, DISTRICT, TRAINING, dry_run=False)
    assert not nothing.switched and "相同" in nothing.verdict.reason_zh

    before = await suggest(client, STALL.format(n=99))
    assert before["category"] != FILED_UNDER and before["model_version"] == deployed["version"]
    for n in range(1, 9):
        await filed_by_a_clerk(client, "蓝鲸摊位", STALL.format(n=n), FILED_UNDER)
    accuracy = await client.get("/api/v1/classification/accuracy", headers=ADMIN)
    assert accuracy.json()["decided"] == 8 and accuracy.json()["accuracy"] == 0.0

    # the command, as an operator runs it (in intake's environment), with --dry-run:
    # compares and prints, no switch
    monkeypatch.setenv("DATABASE_URL", test_run.database_url)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", test_run.servers.kafka_bootstrap)
    with pytest.raises(SystemExit) as dry:
        await asyncio.to_thread(retrain_command, ["--dry-run"])
    assert dry.value.code == 0
    printed = capsys.readouterr().out
    assert "当前模型 current" in printed and "新模型 candidate" in printed
    assert "近期确认诉求 分类 top-1（2 件）" in printed
    assert "would switch" in printed and "0.0%" in printed and "100.0%" in printed
    assert [m["version"] for m in await models(client)] == [deployed["version"]]

    # six learnt, the newest two kept back: the new model gets them right, the current none
    switched = await retrain(db, DISTRICT, TRAINING, dry_run=False)
    assert switched.switched, switched.verdict.reason_en
    assert switched.current_figures.figures.recent == 0.0
    assert switched.candidate_figures.figures.recent == 1.0
    kept = await models(client)
    (current,) = [m for m in kept if m["current"]]
    assert current["version"] == switched.candidate.version != deployed["version"]
    assert (current["trained_cases"], current["recent_cases"], current["recent_top1"]) == (
        6,
        2,
        1.0,
    )

    async def followed() -> dict[str, Any] | None:
        body = await suggest(client, STALL.format(n=99))
        return body if body["model_version"] == current["version"] else None

    after = await eventually(followed, timeout=60)
    assert after["category"] == FILED_UNDER

    # clerks confirm what the model already gets right: not better, not switched
    light = streetlight_case()
    for _ in range(4):
        await filed_by_a_clerk(client, light["title"], light["description"], "streetlight")
    refused = await retrain(db, DISTRICT, TRAINING, dry_run=False)
    assert not refused.switched
    assert refused.current_figures.figures.recent == refused.candidate_figures.figures.recent
    assert "不比当前模型更准" in refused.verdict.reason_zh
    assert "not better" in refused.verdict.reason_en
    assert [m["version"] for m in await models(client) if m["current"]] == [current["version"]]


async def test_a_dispatcher_routing_under_another_category_is_a_decision_routing_rules_are_not(
    client: httpx.AsyncClient, test_run: TestRun
) -> None:
    since = datetime.now(UTC)
    cases = []
    for _ in range(2):
        filed = await client.post("/api/v1/cases", json=streetlight_case(category=None))
        assert filed.status_code == 201, filed.text
        cases.append(filed.json()["case_id"])
    by_rule, by_dispatcher = cases
    for case_id, actor in ((by_rule, "system:routing"), (by_dispatcher, "dispatcher:d-1")):
        await publish_as(
            test_run,
            "dispatch",
            case_id,
            CaseAssigned(
                category="sanitation",
                kind=RequestKind.COULD_NOT_GET_IT_DONE,
                lead_department="urban-management",
                assignment=2,
                actor=actor,
                assigned_at=datetime.now(UTC),
            ),
        )

    async def measured() -> dict[str, Any] | None:
        response = await client.get(
            "/api/v1/classification/accuracy", params={"since": since.isoformat()}, headers=ADMIN
        )
        body: dict[str, Any] = response.json()
        return body if body["decided"] else None

    body = await eventually(measured, timeout=60)
    assert (body["suggested"], body["decided"], body["agreeing"]) == (2, 1, 0)
    assert [(d["kind"], d["kind_label"]) for d in body["by_decision"]] == [
        ("routed", "派单员分派时另定分类")
    ]
    routed = await client.get(f"/api/v1/staff/cases/{by_dispatcher}", headers=ADMIN)
    assert routed.json()["category"] == "sanitation"
    ruled = await client.get(f"/api/v1/staff/cases/{by_rule}", headers=ADMIN)
    assert ruled.json()["category"] == "streetlight"


#: an item an administrator adds live; the demo corpus and the district file never name it
ADDED = "balloon-nuisance"
BALLOON = "琥珀巷{n}号的紫色气球每天飘到邻居阳台上"


async def test_cases_confirmed_under_an_item_added_live_are_learnt_and_suggested(
    client: httpx.AsyncClient, db: Database, test_run: TestRun
) -> None:
    streetlight = next(c for c in DISTRICT.categories if c.code == "streetlight")
    added = TaxonomyLeaf(
        code=ADDED, name="气球扰民", kinds=list(streetlight.kinds), lead="urban-management"
    )
    await publish_as(
        test_run,
        "dispatch",
        "taxonomy",
        TaxonomyChanged(
            version=1_000_000, leaves=[added], actor="admin:a-1", changed_at=datetime.now(UTC)
        ),
    )

    async def offered() -> bool:
        return (await suggest(client, "气球扰民"))["category"] == ADDED

    await eventually(offered, timeout=60)
    assert (await suggest(client, BALLOON.format(n=99)))["category"] != ADDED
    for n in range(1, 13):
        await filed_by_a_clerk(client, "紫色气球", BALLOON.format(n=n), ADDED)

    switched = await retrain(db, DISTRICT, TRAINING, dry_run=False)
    assert switched.switched, switched.verdict.reason_en
    async with db.session() as session:
        learnt = await model_store.cases_of(session, switched.candidate.version)
    assert ADDED in {case.category for case in learnt}

    async def followed() -> dict[str, Any] | None:
        body = await suggest(client, BALLOON.format(n=99))
        return body if body["model_version"] == switched.candidate.version else None

    after = await eventually(followed, timeout=60)
    assert after["category"] == ADDED
