"""The classifier as intake runs it, trained at start-up: on the corpus the district file
chooses (`classifier:`, a folder beside the file with train.yaml and heldout.yaml), or else on
the demo's labelled set and keywords (deploy/classification/)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from common.district import District, bundled_demo_path, default_district_path
from intake.domain.classification import Classifier, LabelledExample

LABELLED_FILE = "labelled.yaml"
KEYWORDS_FILE = "keywords.yaml"
#: a district corpus: split once into these two files, never re-split
TRAINING_FILE = "train.yaml"
HELD_OUT_FILE = "heldout.yaml"


def default_classification_dir() -> Path:
    if env := os.environ.get("CLASSIFICATION_DIR"):
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "deploy" / "classification"
        if (candidate / LABELLED_FILE).is_file():
            return candidate
    raise FileNotFoundError("deploy/classification/ not found; set CLASSIFICATION_DIR")


def load_labelled(path: Path) -> list[LabelledExample]:
    """`category: [text, ...]` mappings, in file order."""
    data = _yaml_mapping(path)
    examples: list[LabelledExample] = []
    for category, texts in data.items():
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ValueError(f"{path}: {category} must list texts")
        examples.extend(LabelledExample(str(category), text.strip()) for text in texts)
    return examples


def load_keywords(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        return {}
    data = _yaml_mapping(path)
    keywords = {}
    for category, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{path}: {category} must list keywords")
        keywords[str(category)] = [w.strip() for w in words if w.strip()]
    return keywords


def _yaml_mapping(path: Path) -> Mapping[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of category codes")
    return data


def load_training(
    folder: str | Path | None = None,
) -> tuple[list[LabelledExample], dict[str, list[str]]]:
    base = Path(folder) if folder else default_classification_dir()
    return load_labelled(base / LABELLED_FILE), load_keywords(base / KEYWORDS_FILE)


def train(
    district: District,
    examples: Sequence[LabelledExample],
    keywords: Mapping[str, Sequence[str]],
    *,
    threshold: float,
) -> Classifier:
    return Classifier.from_catalogue(
        district.categories, examples, keywords=keywords, threshold=threshold
    )


@dataclass(frozen=True)
class Training:
    """What a classifier learns from, and the confidence below which it asks a human."""

    examples: list[LabelledExample]
    keywords: dict[str, list[str]]
    threshold: float
    held_out: Path | None  # the district corpus's held-out file, if it has one


def district_corpus(district: District, district_file: str | Path | None) -> Path | None:
    """The corpus folder the district file names, relative to the file; a file mounted on
    its own (a Kubernetes ConfigMap) finds it under the image's deploy/district/."""
    if district.classifier is None:
        return None
    beside = Path(district_file or default_district_path()).parent / district.classifier.corpus
    bundled = bundled_demo_path()
    if beside.is_dir() or bundled is None:
        return beside
    return bundled.parent / district.classifier.corpus


def training_for(
    district: District,
    district_file: str | Path | None,
    *,
    classification_dir: str | Path | None,
    threshold: float,
) -> Training:
    """The district's own corpus and threshold when its file chooses a classifier; the
    demo's labelled set and the configured threshold otherwise."""
    corpus = district_corpus(district, district_file)
    if corpus is None or district.classifier is None:
        examples, keywords = load_training(classification_dir)
        return Training(examples, keywords, threshold, None)
    return Training(
        load_labelled(corpus / TRAINING_FILE),
        taxonomy_keywords(district) | load_keywords(corpus / KEYWORDS_FILE),
        district.classifier.threshold,
        corpus / HELD_OUT_FILE,
    )


def taxonomy_keywords(district: District) -> dict[str, list[str]]:
    """Each item's own name and its category's as keywords: priors that hold for wordings
    the corpus never used (measured in docs/adr/0010-classification.md)."""
    return {
        category.code: [category.name, category.group_name]
        for category in district.categories
        if category.group_name is not None
    }
