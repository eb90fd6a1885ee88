"""HTTP routes of the classifier: a suggestion for a text, its live accuracy against human
decisions, and its model versions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal, require
from common.clock import SHANGHAI
from common.district import Category, District
from common.errors import Unprocessable
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.text import Name, Text
from common.vocabulary import Role
from intake.classification import model_store
from intake.classification import repository as classification_repository
from intake.classification.live_model import LiveClassifier
from intake.domain import accuracy as rules
from intake.domain.classification import Suggestion, text_of

Classifies = Annotated[Principal, Depends(require(Role.CLERK, Role.DISPATCHER, Role.ADMIN))]
Oversees = Annotated[Principal, Depends(require(Role.ADMIN, Role.SUPERVISOR, Role.LEADER))]
StartQuery = Annotated[
    date | None, Query(alias="from", description="首日（含），按建议时间、北京时间计")
]
EndQuery = Annotated[date | None, Query(alias="to", description="末日（含）")]


class SuggestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: Text = Field(default="", max_length=100)
    description: Name = Field(min_length=1, max_length=4000)


class SuggestedCategory(BaseModel):
    category: str = Field(description="分类编码")
    category_name: str = Field(description="分类名称")
    lead_department: str | None = Field(description="该分类的主办单位编码")
    confidence: float = Field(description="置信度，0 到 1")


class CategorySuggestion(SuggestedCategory):
    """The classifier's best category for a text, and the runners-up."""

    alternatives: list[SuggestedCategory] = Field(description="其他可能的分类")
    needs_human: bool = Field(description="置信度低于阈值，需要人工确定分类")
    threshold: float = Field(description="置信度阈值")
    model_version: str | None = Field(description="给出建议的模型版本")


class Tally(BaseModel):
    decided: int = Field(description="已有人工判定的诉求数")
    agreeing: int = Field(description="建议与人工判定一致的数量")
    accuracy: float | None = Field(description="准确率，0 到 1；尚无判定时为空")


class ModelAccuracy(Tally):
    model_version: str = Field(description="模型版本（unversioned：未记录版本的早期建议）")
    current: bool = Field(description="是否为当前模型")


class DomainAccuracy(Tally):
    domain: str = Field(description="领域编码（人工判定的分类所属领域；空：未分领域）")
    domain_name: str = Field(description="领域名称")


class CategoryAccuracy(Tally):
    category: str = Field(description="人工判定的分类编码")
    category_name: str = Field(description="分类名称")


class DecisionAccuracy(Tally):
    kind: rules.DecisionKind = Field(description="判定方式")
    kind_label: str = Field(description="判定方式（中文）")


class Accuracy(Tally):
    """How often the suggestion agreed with what a person decided. Cases no person has
    decided on yet are not counted (docs/adr/0017-live-classification-accuracy.md)."""

    suggested: int = Field(description="期间内有分类建议的诉求数（含尚无人工判定的）")
    start: date | None = Field(alias="from", description="统计首日（含）")
    end: date | None = Field(alias="to", description="统计末日（含）")
    since: datetime | None = Field(description="统计起始时刻（旧参数 since）")
    threshold: float = Field(description="置信度阈值")
    current_model: str | None = Field(description="当前模型版本")
    by_model: list[ModelAccuracy] = Field(description="按模型版本")
    by_domain: list[DomainAccuracy] = Field(description="按领域")
    by_category: list[CategoryAccuracy] = Field(description="按人工判定的分类")
    by_decision: list[DecisionAccuracy] = Field(description="按判定方式")


class ModelVersionView(BaseModel):
    version: str = Field(description="模型版本")
    created_at: datetime = Field(description="生成时间")
    corpus_examples: int = Field(description="训练语料条数")
    trained_cases: int = Field(description="学习的人工确认诉求数")
    held_out_requests: int | None = Field(description="留出集条数")
    held_out_top1: float | None = Field(description="留出集分类准确率")
    held_out_lead: float | None = Field(description="留出集主办单位准确率")
    recent_cases: int | None = Field(description="切换时比较的近期确认诉求数")
    recent_top1: float | None = Field(description="近期确认诉求分类准确率")
    current: bool = Field(description="是否为当前模型")
    switched_at: datetime | None = Field(description="切换为当前模型的时间")
    note: str = Field(description="说明")


def suggestion_body(suggestion: Suggestion, threshold: float) -> dict[str, Any]:
    return {
        "category": suggestion.category,
        "category_name": suggestion.name,
        "lead_department": suggestion.lead_department,
        "confidence": suggestion.confidence,
        "alternatives": [
            {
                "category": a.category,
                "category_name": a.name,
                "lead_department": a.lead_department,
                "confidence": a.confidence,
            }
            for a in suggestion.alternatives
        ],
        "needs_human": suggestion.needs_human,
        "threshold": threshold,
        "model_version": suggestion.model_version,
    }


def _bounds(
    start: date | None, end: date | None, since: datetime | None
) -> tuple[datetime | None, datetime | None]:
    if start is not None and end is not None and start > end:
        raise Unprocessable(
            "bad_period",
            f"统计首日 {start} 晚于末日 {end}",
            fields=[{"field": "from", "message": "首日不能晚于末日", "type": "value"}],
        )
    lower = datetime.combine(start, time(), SHANGHAI) if start else None
    if since is not None and (lower is None or since > lower):
        lower = since
    upper = datetime.combine(end + timedelta(days=1), time(), SHANGHAI) if end else None
    return lower, upper


def _tally(t: rules.Tally) -> dict[str, Any]:
    return {"decided": t.decided, "agreeing": t.agreeing, "accuracy": t.accuracy}


def accuracy_body(figures: rules.Figures, current: str | None) -> dict[str, Any]:
    return {
        **_tally(rules.Tally("", "", figures.decided, figures.agreeing)),
        "suggested": figures.suggested,
        "current_model": current,
        "by_model": [
            {**_tally(t), "model_version": t.key, "current": t.key == current}
            for t in figures.by_model
        ],
        "by_domain": [
            {**_tally(t), "domain": t.key, "domain_name": t.label} for t in figures.by_domain
        ],
        "by_category": [
            {**_tally(t), "category": t.key, "category_name": t.label} for t in figures.by_category
        ],
        "by_decision": [
            {**_tally(t), "kind": t.key, "kind_label": t.label} for t in figures.by_decision
        ],
    }


def _domain_of(by_code: Mapping[str, Category], code: str) -> tuple[str, str]:
    category = by_code.get(code)
    if category is None or category.domain is None:
        return rules.NO_DOMAIN, rules.NO_DOMAIN_ZH
    return category.domain, category.domain_name or category.domain


def _name(by_code: Mapping[str, Category], code: str) -> str:
    category = by_code.get(code)
    return category.name if category is not None else code


def router(classifier: LiveClassifier, catalogue: Callable[[], District]) -> APIRouter:
    """`catalogue`: the live catalogue as this process last read it (every leaf, retired
    ones too), naming the domain and item of each decision."""
    routes = APIRouter(prefix="/api/v1/classification", tags=["classification"])

    @routes.post("/suggest", response_model=CategorySuggestion, responses=errors(401, 403, 422))
    async def suggest(body: SuggestRequest, _: Classifies) -> dict[str, Any]:
        suggestion = classifier.suggest(text_of(body.title, body.description))
        return suggestion_body(suggestion, classifier.threshold)

    @routes.get(
        "/accuracy",
        response_model=Accuracy,
        response_model_by_alias=True,
        responses=errors(401, 403, 422, 503),
    )
    async def accuracy(
        runtime: RuntimeDep,
        _: Oversees,
        start: StartQuery = None,
        end: EndQuery = None,
        since: Annotated[datetime | None, Query(description="旧参数：只统计此刻以后的建议")] = None,
    ) -> dict[str, Any]:
        lower, upper = _bounds(start, end, since)
        async with runtime.db.session() as session:
            cases = await classification_repository.measured(session, start=lower, end=upper)
            current = await model_store.current(session)
        by_code = {category.code: category for category in catalogue().categories}
        figures = rules.figures(
            cases, domain_of=partial(_domain_of, by_code), category_name=partial(_name, by_code)
        )
        current_version = current.version if current else classifier.version
        return {
            **accuracy_body(figures, current_version),
            "from": start,
            "to": end,
            "since": since,
            "threshold": classifier.threshold,
        }

    @routes.get("/models", response_model=list[ModelVersionView], responses=errors(401, 403, 503))
    async def models(runtime: RuntimeDep, _: Oversees) -> list[dict[str, Any]]:
        async with runtime.db.session() as session:
            found = await model_store.versions(session)
        return [
            {
                "version": m.version,
                "created_at": m.created_at,
                "corpus_examples": m.corpus_examples,
                "trained_cases": m.trained_cases,
                "held_out_requests": m.held_out_requests,
                "held_out_top1": m.held_out_top1,
                "held_out_lead": m.held_out_lead,
                "recent_cases": m.recent_cases,
                "recent_top1": m.recent_top1,
                "current": m.is_current,
                "switched_at": m.switched_at,
                "note": m.note,
            }
            for m in found
        ]

    return routes
