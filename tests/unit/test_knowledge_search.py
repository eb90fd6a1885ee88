"""Knowledge search ranks the article that answers a resident's words first, filters by
category, and answers the same way every time."""

from __future__ import annotations

from intake.knowledge.search import SearchDocument, SearchHit, SearchIndex


def article(
    article_id: str,
    question: str,
    phrasings: tuple[str, ...],
    answer: str,
    categories: tuple[str, ...] = ("general",),
    version: int = 1,
) -> SearchDocument:
    return SearchDocument(
        article_id=article_id,
        version=version,
        question=question,
        phrasings=phrasings,
        answer=answer,
        categories=categories,
        department="dept",
    )


ARTICLES = [
    article(
        "KB-labour-001",
        "单位拖欠工资，应该去哪里投诉？",
        ("老板拖欠工资怎么维权", "欠薪投诉找哪个部门"),
        "可向区人力资源和社会保障局劳动保障监察大队投诉，携带劳动合同、工资条、考勤记录等证据。",
        ("wage-arrears",),
        version=3,
    ),
    article(
        "KB-household-001",
        "新生儿怎么办理户口登记？",
        ("孩子出生后怎么上户口", "新生儿落户需要什么材料"),
        "出生一个月内由父母一方持出生医学证明、户口簿、结婚证到户籍所在地派出所办理。",
        ("household-registration",),
    ),
    article(
        "KB-housing-001",
        "公租房怎么申请？",
        ("公共租赁住房申请条件", "低收入家庭怎么申请公租房"),
        "向户籍所在街道提交申请表、身份证、收入证明，经审核公示后轮候配租。",
        ("public-housing",),
    ),
    article(
        "KB-traffic-001",
        "占道停车被贴罚单怎么处理？",
        ("违停罚单去哪里交", "违章停车罚款怎么缴"),
        "可通过交管12123 APP 或到交警大队窗口处理违法记录并缴纳罚款。",
        ("parking",),
    ),
]

INDEX = SearchIndex.build(ARTICLES)


def first(query: str) -> str:
    hits = INDEX.search(query, limit=3)
    assert hits, f"no hit for {query!r}"
    return hits[0].article_id


def test_the_articles_own_question_finds_it_first() -> None:
    for doc in ARTICLES:
        assert first(doc.question) == doc.article_id


def test_a_residents_colloquial_words_find_the_article() -> None:
    assert first("干了三个月老板不给工资咋办") == "KB-labour-001"
    assert first("小孩刚生下来去哪上户口") == "KB-household-001"
    assert first("想租个公租房要啥条件") == "KB-housing-001"
    assert first("车停路边被贴条了") == "KB-traffic-001"


def test_full_width_and_latin_case_do_not_matter() -> None:
    assert first("ＡＰＰ交罚款") == first("app交罚款") == "KB-traffic-001"


def test_a_hit_carries_the_indexed_version_and_a_positive_score() -> None:
    hit = INDEX.search("拖欠工资", limit=1)[0]
    assert (hit.article_id, hit.version) == ("KB-labour-001", 3)
    assert hit.score > 0


def test_hits_are_ranked_best_first_and_limited() -> None:
    hits = INDEX.search("怎么申请办理", limit=2)
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score
    assert INDEX.search("怎么", limit=0) == []


def test_a_category_keeps_only_the_articles_that_cover_it() -> None:
    hits = INDEX.search("怎么办理", limit=5, category="public-housing")
    assert [hit.article_id for hit in hits] == ["KB-housing-001"]
    assert INDEX.search("拖欠工资", category="public-housing") == []


def test_words_no_article_has_find_nothing() -> None:
    assert INDEX.search("") == []
    assert INDEX.search("，。！？") == []
    assert INDEX.search("鬣蜥") == []


def test_an_empty_index_finds_nothing() -> None:
    empty = SearchIndex.build([])
    assert len(empty) == 0
    assert empty.search("户口") == []


def test_the_index_counts_its_documents() -> None:
    assert len(INDEX) == len(ARTICLES)


def test_ties_and_order_do_not_depend_on_chance() -> None:
    twins = [
        article("KB-b", "户口迁移怎么办", (), "到派出所办理。"),
        article("KB-a", "户口迁移怎么办", (), "到派出所办理。"),
    ]
    ranked = SearchIndex.build(twins).search("户口迁移")
    assert ranked == SearchIndex.build(twins).search("户口迁移")
    assert [hit.article_id for hit in ranked] == ["KB-b", "KB-a"]
    assert all(isinstance(hit, SearchHit) for hit in ranked)
