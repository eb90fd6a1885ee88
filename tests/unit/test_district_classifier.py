"""The classifier a district file chooses, its held-out evaluation, and the quality gate on
the committed corpus of the reference district."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from common.district import District, load_district
from intake.classification import heldout
from intake.classification.training import district_corpus, load_labelled, train, training_for
from intake.domain import classification as model
from intake.domain.classification import Classifier, LabelledExample
from intake.domain.open311 import service_list

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "deploy" / "district" / "yuelu.yaml"
DEMO = ROOT / "deploy" / "district" / "demo.yaml"


def district() -> District:
    return District.model_validate(
        {
            "district": {"code": "t", "name": "测试区"},
            "departments": [
                {"code": "water-company", "name": "供水公司", "outside": True},
                {"code": "urban-management", "name": "城管局"},
            ],
            "categories": [
                {"code": "other", "name": "其他", "lead": None},
                {
                    "code": "water-outage",
                    "name": "停水",
                    "lead": "water-company",
                    "domain": "u",
                    "domain_name": "公用事业",
                },
                {
                    "code": "water-pressure",
                    "name": "水压",
                    "lead": "water-company",
                    "domain": "u",
                    "domain_name": "公用事业",
                },
                {
                    "code": "streetlight",
                    "name": "路灯",
                    "lead": "urban-management",
                    "domain": "c",
                    "domain_name": "城市管理",
                },
            ],
        }
    )


EXAMPLES = (
    [
        LabelledExample("water-outage", text)
        for text in ("小区停水了", "又停水了一整天", "停水没有通知", "家里没水了停水")
    ]
    + [
        LabelledExample("water-pressure", text)
        for text in ("水压太小了", "楼上水压不足", "水压低热水器打不着", "晚上水压特别低")
    ]
    + [
        LabelledExample("streetlight", text)
        for text in ("路灯坏了", "路灯不亮", "路灯晚上黑漆漆", "这条路的路灯全灭了")
    ]
    + [LabelledExample("other", text) for text in ("你好", "喂你好", "谢谢")]
)


def scored(
    truth: str, predicted: str, confidence: float, *, lead: bool | None = None
) -> heldout.Scored:
    right_lead = truth == predicted if lead is None else lead
    return heldout.Scored(truth, predicted, confidence, confidence >= 0.8, "d", right_lead)


def test_rates_count_auto_routing_and_leads_apart() -> None:
    rates = heldout.rates(
        [
            scored("a", "a", 0.9),
            scored("a", "b", 0.95, lead=True),  # wrong item, same lead department
            scored("b", "b", 0.5),
            scored("c", "a", 0.4),
        ]
    )
    assert (rates.requests, rates.leaf, rates.lead) == (4, 0.5, 0.75)
    assert (rates.auto_share, rates.auto_precision, rates.auto_lead_precision) == (0.5, 0.5, 1.0)


def test_shortfalls_name_each_missed_target() -> None:
    good = heldout.Rates(100, 0.9, 0.95, 0.8, 0.98, 0.99)
    assert heldout.shortfalls(good, latency_ms=10, memory_mb=100) == []
    bad = heldout.Rates(100, 0.8, 0.9, 0.6, 0.9, 0.9)
    missed = heldout.shortfalls(bad, latency_ms=80, memory_mb=400)
    assert [m.split()[0] for m in missed] == [
        "top-1",
        "top-1",
        "auto-routed",
        "auto-routed",
        "p95",
        "peak",
    ]


def test_scoring_a_held_out_set_reports_per_domain() -> None:
    place = district()
    classifier = Classifier.from_catalogue(place.categories, EXAMPLES, threshold=0.5)
    held_out = [
        LabelledExample("water-outage", "我们小区停水了"),
        LabelledExample("streetlight", "门口路灯不亮"),
        LabelledExample("other", "你好你好"),
    ]
    outcomes, latencies = heldout.score(place, classifier, held_out)
    assert [o.predicted for o in outcomes] == ["water-outage", "streetlight", "other"]
    assert [o.domain for o in outcomes] == ["公用事业", "城市管理", heldout.NO_DOMAIN]
    assert not outcomes[2].auto and len(latencies) == 3
    text = heldout.report(outcomes, latencies, threshold=0.5, training_seconds=0.1, memory_mb=50)
    assert "top-1 item:            100.0%" in text and "公用事业" in text


def test_sparse_scores_equal_the_sum_over_every_category() -> None:
    """Scoring visits only the categories that saw a feature; the result must be the plain
    weighted average over all of them."""
    codes = [c.code for c in district().categories]
    documents = [(e.category, model.features(e.text)) for e in EXAMPLES]
    nb = model._NaiveBayes(codes, documents, {})
    feats = model.features("楼上停水，水压也低，路灯不亮")
    known = [f for f in set(feats) if f in nb.vocabulary]
    evidence = sum(nb.weight[f] for f in known)
    scores = nb.average_scores(feats)
    assert scores is not None
    for code in codes:
        table, unseen = nb.log_likelihood[code], nb.log_unseen[code]
        plain = sum(nb.weight[f] * table.get(f, unseen) for f in known)
        assert math.isclose(scores[code], plain / (evidence + model.EVIDENCE_PRIOR), rel_tol=1e-9)


def test_the_district_file_chooses_its_corpus_and_threshold() -> None:
    real = load_district(REAL)
    training = training_for(real, REAL, classification_dir=None, threshold=0.5)
    assert training.threshold == real.classifier.threshold == 0.8  # type: ignore[union-attr]
    assert len(training.examples) >= 2000 and training.held_out is not None
    assert training.held_out.is_file()
    # the taxonomy's names are keyword priors for wordings the corpus never used
    assert training.keywords["water-outage"] == ["停水", "供水"]
    demo = training_for(load_district(DEMO), DEMO, classification_dir=None, threshold=0.55)
    assert demo.threshold == 0.55 and demo.held_out is None
    assert {e.category for e in demo.examples} <= {c.code for c in load_district(DEMO).categories}


def test_a_district_file_mounted_on_its_own_finds_the_bundled_corpus() -> None:
    mounted = Path("/etc/civicloop/district.yaml")
    corpus = district_corpus(load_district(REAL), mounted)
    assert corpus == REAL.parent / "yuelu" / "corpus"


def test_open311_groups_the_real_district_by_domain() -> None:
    services = service_list(load_district(REAL), {})
    groups = {s["service_code"]: s["group"] for s in services}
    assert groups["water-outage"] == "水电气暖与通信" and groups["wage-arrears"] == "劳动和社会保障"
    assert len(set(groups.values())) == 17  # 16 domains and 其他


@pytest.fixture(scope="module")
def real_figures() -> heldout.Rates:
    real = load_district(REAL)
    training = training_for(real, REAL, classification_dir=None, threshold=0.0)
    assert training.held_out is not None
    classifier = train(real, training.examples, training.keywords, threshold=training.threshold)
    outcomes, _ = heldout.score(real, classifier, load_labelled(training.held_out))
    return heldout.rates(outcomes)


def test_the_committed_held_out_figures_meet_the_targets(real_figures: heldout.Rates) -> None:
    """A quality gate on the committed corpus and model, not a timed test."""
    assert real_figures.requests >= 750
    assert real_figures.leaf >= heldout.TARGET_LEAF
    assert real_figures.lead >= heldout.TARGET_LEAD
    assert real_figures.auto_share >= heldout.TARGET_AUTO_SHARE
    assert real_figures.auto_precision >= heldout.TARGET_AUTO_PRECISION
