"""The district file's knowledge articles as intake loads them at start-up: the demo's and
yuelu's load; an article naming an unknown unit or category, or with no answer, stops intake
naming the file, the article and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.district import bundled_demo_path, load_district
from common.district_file import DistrictFileError
from intake.knowledge.seed import load_articles

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = """articles:
  - code: KB-demo-x-001
    owner: {owner}
    categories: [{category}]
    question: 路灯坏了找谁？
    answer: {answer}
    basis:
      - {{title: 城市道路照明设施管理规定, number: 建设部令第104号}}
    valid_from: 2024-01-01
"""


def district_with(tmp_path: Path, **article: str) -> Path:
    demo = bundled_demo_path()
    assert demo is not None
    district = tmp_path / "district.yaml"
    district.write_text(demo.read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "demo" / "knowledge" / "articles"
    folder.mkdir(parents=True)
    values = {"owner": "urban-management", "category": "streetlight", "answer": "找城管。"}
    (folder / "x.yaml").write_text(ARTICLE.format(**(values | article)), encoding="utf-8")
    return district


@pytest.mark.parametrize("name", ["demo.yaml", "yuelu.yaml"])
def test_the_bundled_districts_articles_load(name: str) -> None:
    path = ROOT / "deploy" / "district" / name
    found = load_articles(path, load_district(path))
    assert len(found) >= 12 and len({a.code for a in found}) == len(found)


def test_a_good_article_file_loads(tmp_path: Path) -> None:
    path = district_with(tmp_path)
    (article,) = load_articles(path, load_district(path))
    assert (article.code, article.owner, article.content.categories) == (
        "KB-demo-x-001",
        "urban-management",
        ("streetlight",),
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"owner": "no-such-unit"}, "owner"),
        ({"category": "no-such-item"}, "categories[0]"),
        ({"answer": "' '"}, "answer"),
    ],
)
def test_a_bad_article_stops_the_load_naming_file_article_and_field(
    tmp_path: Path, change: dict[str, str], field: str
) -> None:
    path = district_with(tmp_path, **change)
    with pytest.raises(DistrictFileError) as refused:
        load_articles(path, load_district(path))
    assert refused.value.path.endswith("x.yaml") or "x.yaml" in refused.value.reason
    assert "KB-demo-x-001" in refused.value.reason and field in refused.value.reason


def test_a_missing_articles_folder_stops_the_load(tmp_path: Path) -> None:
    path = district_with(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("demo/knowledge/articles", "nowhere"),
        encoding="utf-8",
    )
    with pytest.raises(DistrictFileError, match="nowhere"):
        load_articles(path, load_district(path))
