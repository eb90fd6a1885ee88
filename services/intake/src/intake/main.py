"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from common.clock import utcnow
from common.district import District, default_district_path, load_district
from common.runtime import Runtime, ServiceDefinition, create_app
from common.serve import serve
from intake import api, handlers
from intake.api.attachments import ATTACHMENT_ROUTES
from intake.batches import api as batch_api
from intake.classification import catalogue
from intake.classification.live_model import LiveClassifier, follower
from intake.classification.training import train, training_for
from intake.config import Settings
from intake.domain.classification import Suggests
from intake.domain.submission import Street
from intake.knowledge import article_api as knowledge_api
from intake.knowledge import gap_api
from intake.knowledge import seed as knowledge_seed
from intake.knowledge.live_index import LiveIndex
from intake.knowledge.rules import KnowledgePolicy
from intake.open311 import api as open311
from intake.repository.sql import SqlStore
from intake.state import IntakePolicy, IntakeState
from intake.visits import api as visit_api
from intake.window import api as window_api
from intake.window import pdf as window_pdf
from intake.window.forms import FormSetup

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
#: room for the multipart-free upload: the file itself is the body
ATTACHMENT_BODY_MARGIN = 1024


def policy(settings: Settings, district: District, classifier: Suggests) -> IntakePolicy:
    return IntakePolicy(
        duplicates=settings.duplicate_rules(),
        attachments=settings.attachment_limits(),
        tracking=settings.tracking_throttle(),
        streets=tuple(Street(d.code, d.name) for d in district.departments if d.kind == "street"),
        department_names={d.code: d.name for d in district.departments},
        classifier=classifier,
    )


def knowledge_policy(settings: Settings, district: District) -> KnowledgePolicy:
    section = district.knowledge
    months = section.review_months if section and section.review_months else None
    return KnowledgePolicy(
        department_names={d.code: d.name for d in district.departments},
        review_months=months or settings.knowledge_review_months,
    )


def definition(settings: Settings) -> ServiceDefinition:
    district = load_district(settings.district_file)
    # trained once per process: milliseconds on the demo's labelled set, seconds on a real
    # district's corpus
    training = training_for(
        district,
        settings.district_file,
        classification_dir=settings.classification_dir,
        threshold=settings.classification_threshold,
    )
    keywords = training.keywords
    baseline = train(district, training.examples, keywords, threshold=training.threshold)
    classifier = LiveClassifier(district, training, baseline)
    intake_policy = policy(settings, district, classifier)
    live = catalogue.LiveCatalogue(district, classifier, keywords)
    # a bad article file stops intake here, naming the file, the line and the article
    district_path = settings.district_file or default_district_path()
    seed_articles = knowledge_seed.load_articles(district_path, district)
    knowledge = LiveIndex(
        knowledge_policy(settings, district), poll_seconds=settings.knowledge_poll_seconds
    )
    window_pdf.load_font(settings.acceptance_form_font)  # or refuse to start, naming it
    state = IntakeState(
        policy=intake_policy,
        batch_limits=settings.batch_limits(),
        catalogue=live,
        knowledge=knowledge,
        window=FormSetup(
            district.district.name,
            settings.public_base_url,
            dict(intake_policy.department_names),
        ),
    )

    async def start(runtime: Runtime) -> None:
        async with runtime.db.session() as session, session.begin():
            await catalogue.seed(session, district, now=utcnow())
        async with runtime.unit_of_work() as uow:
            await knowledge_seed.seed(uow, seed_articles, at=utcnow())
        await knowledge.refresh(runtime.unit_of_work, force=True)
        # the live items first, so that the current model is trained once, over them
        await live.refresh(runtime)
        await classifier.start(runtime.db)

    return ServiceDefinition(
        name="intake",
        title="intake - 诉求登记与甄别",
        migrations=MIGRATIONS,
        consumes=handlers.CONSUMES,
        handlers=lambda runtime: handlers.handlers(
            dict(intake_policy.department_names), live.names()
        ),
        routers=lambda runtime: [
            *api.routers(),
            batch_api.router,
            knowledge_api.router,
            knowledge_api.public_router,
            gap_api.router,
            visit_api.public_router,
            visit_api.router,
            window_api.router,
            *open311.routers(runtime, district, live),
        ],
        store=SqlStore,
        state=state,
        on_startup=start,
        background=[
            catalogue.watch,
            follower(classifier, settings.classifier_poll_seconds),
            lambda runtime: knowledge.follow(runtime.unit_of_work),
        ],
        own_parameter_checks=(f"{open311.BASE}/",),  # answered as Open311 error documents
        max_body_bytes=64 * 1024,
        route_body_limits={
            ATTACHMENT_ROUTES: intake_policy.attachments.max_bytes + ATTACHMENT_BODY_MARGIN,
            batch_api.UPLOAD_ROUTE: state.batch_limits.max_bytes + ATTACHMENT_BODY_MARGIN,
        },
    )


def app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(definition(settings), settings)


def run() -> None:
    settings = Settings()
    serve(app(settings), settings, trusted_proxies=settings.trusted_proxy_list())


if __name__ == "__main__":
    run()
