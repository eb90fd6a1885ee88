"""The model intake suggests with: the model store's current version, followed while intake
runs. A switched model (`civicloop-classify-retrain`) is picked up within
CLASSIFIER_POLL_SECONDS, without a restart: the new one is trained beside the old one, which
answers until the swap."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from common.clock import utcnow
from common.db import Database
from common.district import District
from common.runtime import BackgroundLoop, Runtime
from intake import model_store
from intake.classification import Training, train
from intake.domain.classification import Classifier, Suggestion
from intake.model_store import LearntCase, ModelVersion

log = logging.getLogger(__name__)

DEPLOYED_NOTE = "部署时的语料模型"
NEW_CORPUS_NOTE = "部署了新的语料，沿用当前模型学过的确认诉求"


class LiveClassifier:
    """Suggests with the current model; `refresh` follows the model store."""

    def __init__(self, district: District, training: Training, baseline: Classifier) -> None:
        self.district = district
        self.training = training
        self.known = {category.code for category in district.categories}
        self.fingerprint = model_store.corpus_fingerprint(
            training.examples, training.keywords, training.threshold, sorted(self.known)
        )
        baseline.version = model_store.version_of(self.fingerprint, [])
        self._model = baseline

    @property
    def threshold(self) -> float:
        return self._model.threshold

    @property
    def version(self) -> str | None:
        return self._model.version

    @property
    def model(self) -> Classifier:
        return self._model

    def suggest(self, text: str) -> Suggestion:
        return self._model.suggest(text)

    def build(self, cases: Sequence[LearntCase], version: str) -> Classifier:
        """The corpus plus the cases, trained (seconds on a real district's corpus)."""
        examples = self.training.examples + model_store.as_examples(cases, self.known)
        model = train(
            self.district, examples, self.training.keywords, threshold=self.training.threshold
        )
        model.version = version
        return model

    def baseline_version(self) -> ModelVersion:
        return ModelVersion(
            version=model_store.version_of(self.fingerprint, []),
            created_at=utcnow(),
            corpus_fingerprint=self.fingerprint,
            corpus_examples=len(self.training.examples),
            trained_cases=0,
            note=DEPLOYED_NOTE,
        )

    async def start(self, db: Database) -> None:
        """At start-up: the store's current model, or this deployment's corpus model when
        there is none; a new corpus keeps the cases the current model learnt."""
        async with db.session() as session, session.begin():
            await model_store.lock(session)
            current = await model_store.current(session)
            if current is None:
                baseline = self.baseline_version()
                await model_store.add(session, baseline, [])
                await model_store.switch_to(session, baseline.version, at=utcnow())
                return
            if current.corpus_fingerprint != self.fingerprint:
                cases = await model_store.cases_of(session, current.version)
                renewed = ModelVersion(
                    version=model_store.version_of(self.fingerprint, cases),
                    created_at=utcnow(),
                    corpus_fingerprint=self.fingerprint,
                    corpus_examples=len(self.training.examples),
                    trained_cases=len(cases),
                    note=NEW_CORPUS_NOTE,
                )
                await model_store.add(session, renewed, cases)
                await model_store.switch_to(session, renewed.version, at=utcnow())
        await self.refresh(db)

    async def refresh(self, db: Database) -> bool:
        """Follow the store's current version; True when the model changed."""
        async with db.session() as session:
            current = await model_store.current(session)
            if current is None or current.version == self.version:
                return False
            cases = await model_store.cases_of(session, current.version)
        model = await asyncio.to_thread(self.build, cases, current.version)
        self._model = model
        log.info("classifier model %s now current (%d confirmed cases)", model.version, len(cases))
        return True


def follower(live: LiveClassifier, every_seconds: float) -> BackgroundLoop:
    async def follow(runtime: Runtime) -> None:
        while True:
            await asyncio.sleep(every_seconds)
            try:
                await live.refresh(runtime.db)
            except Exception:  # an outage: the current model keeps answering; try again
                log.warning("could not follow the classifier's current model", exc_info=True)

    return follow
