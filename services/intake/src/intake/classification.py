"""The classifier as intake runs it: the labelled set and keywords from the district's
classification folder (deploy/classification/), trained at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from common.district import District
from intake.domain.classification import Classifier, LabelledExample

LABELLED_FILE = "labelled.yaml"
KEYWORDS_FILE = "keywords.yaml"


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
