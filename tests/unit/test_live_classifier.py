"""Intake's one classifier composes the live taxonomy (ADR 0019) with the model store's
versions (ADR 0017): an edit of the taxonomy rebuilds the current version over the live items,
and a switched version is trained over the live items too, never back over the file's."""

from __future__ import annotations

from common.district import Category, load_district
from intake.classification.catalogue import live_keywords
from intake.classification.live_model import LiveClassifier
from intake.classification.model_store import LearntCase
from intake.classification.training import Training, load_training, train

DISTRICT = load_district()
EXAMPLES, KEYWORDS = load_training()
NEW = Category(code="drone-noise", name="无人机扰民", lead="urban-management")
NEW_TEXT = "无人机扰民\n楼下天天有人放无人机扰民，嗡嗡响。"
RETIRED = "food-safety"
FOOD_TEXT = "食品安全\n在一家餐馆吃饭后全家拉肚子，后厨卫生很差。"


def _live() -> LiveClassifier:
    training = Training(list(EXAMPLES), dict(KEYWORDS), 0.5, None)
    baseline = train(DISTRICT, training.examples, training.keywords, threshold=0.5)
    return LiveClassifier(DISTRICT, training, baseline)


async def _edited(live: LiveClassifier) -> None:
    leaves = [c for c in DISTRICT.categories if c.code != RETIRED] + [NEW]
    names = {c.code: c.name for c in DISTRICT.categories}
    await live.recatalogue(leaves, live_keywords(leaves, EXAMPLES, KEYWORDS, names))


async def test_an_edit_keeps_the_version_and_offers_the_live_items() -> None:
    live = _live()
    version = live.version
    assert live.suggest(FOOD_TEXT).category == RETIRED

    await _edited(live)

    assert live.version == version
    assert live.suggest(NEW_TEXT).category == NEW.code
    assert live.suggest(NEW_TEXT).model_version == version
    assert RETIRED not in {a.category for a in live.suggest(FOOD_TEXT).alternatives}
    assert live.suggest(FOOD_TEXT).category != RETIRED


async def test_a_switched_version_is_trained_over_the_live_items() -> None:
    live = _live()
    await _edited(live)
    learnt = [
        LearntCase("c-1", NEW.code, "无人机\n小区上空无人机盘旋，很吵。"),
        LearntCase("c-2", RETIRED, FOOD_TEXT),  # filed before the item was retired
    ]

    model = live.build(learnt, "m-switched")

    assert model.version == "m-switched"
    assert model.suggest(NEW_TEXT).category == NEW.code
    assert model.suggest(FOOD_TEXT).category != RETIRED
