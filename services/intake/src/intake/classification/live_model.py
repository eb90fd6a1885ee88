"""The model intake suggests with: the model store's current version, over the live taxonomy,
followed while intake runs. A switched model (`civicloop-classify-retrain`) is picked up within
CLASSIFIER_POLL_SECONDS, without a restart: the new one is trained beside the old one, which
answers until the swap. The items it chooses among are the live catalogue's (intake/catalogue.py):
a TaxonomyChanged rebuilds the same version over the new items (docs/adr/0019-live-taxonomy.md).
The version names what was learnt (corpus and confirmed cases), not the items it was applied to."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence

from common.clock import utcnow
from common.db import Database
from common.district import Category, District
from common.runtime import BackgroundLoop, Runtime
from intake.classification import model_store
from intake.classification.model_store import LearntCase, ModelVersion
from intake.classification.training import Training
from intake.domain.classification import Classifier, LabelledExample, Suggestion

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
        # the live catalogue's items and keywords; the district file's until it says otherwise
        self._leaves: list[Category] = list(district.categories)
        self._keywords: dict[str, list[str]] = dict(training.keywords)
        self._cases: list[LearntCase] = []  # what the current version learnt
        self._lock = asyncio.Lock()  # one rebuild at a time: a switch and an edit never race

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

    def _examples(self, cases: Sequence[LearntCase]) -> list[LabelledExample]:
        """The corpus plus the cases, on the live items only (a retired item is never taught)."""
        corpus = [e for e in self.training.examples if e.category in self.known]
        return corpus + model_store.as_examples(cases, self.known)

    def build(self, cases: Sequence[LearntCase], version: str) -> Classifier:
        """The corpus plus the cases over the live items, trained (seconds on a real
        district's corpus)."""
        model = Classifier.from_catalogue(
            self._leaves,
            self._examples(cases),
            keywords=self._keywords,
            threshold=self.training.threshold,
        )
        model.version = version
        return model

    def _recatalogued(self) -> Classifier:
        """The current version over items an administrator changed, keeping its calibrated
        temperature: a change of one item must not cost a calibration of seconds."""
        model = Classifier.recatalogued(
            self._leaves,
            self._examples(self._cases),
            keywords=self._keywords,
            temperature=self._model.temperature,
            threshold=self._model.threshold,
        )
        model.version = self._model.version
        return model

    async def recatalogue(
        self, leaves: Sequence[Category], keywords: Mapping[str, Sequence[str]]
    ) -> None:
        """Follow the live catalogue: the current version over its live items."""
        async with self._lock:
            self._leaves = list(leaves)
            self._keywords = {code: list(words) for code, words in keywords.items()}
            self.known = {leaf.code for leaf in self._leaves}
            self._model = await asyncio.to_thread(self._recatalogued)

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
        async with self._lock:
            model = await asyncio.to_thread(self.build, cases, current.version)
            self._model, self._cases = model, list(cases)
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
