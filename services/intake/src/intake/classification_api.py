"""HTTP routes of the classifier: a suggestion for a text, and its live accuracy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal, require
from common.http_docs import errors
from common.runtime import Runtime, get_runtime
from common.text import Name, Text
from common.vocabulary import Role
from intake import classification_repository
from intake.domain.classification import Classifier, Suggestion, text_of

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Classifies = Annotated[Principal, Depends(require(Role.CLERK, Role.DISPATCHER, Role.ADMIN))]
Oversees = Annotated[Principal, Depends(require(Role.ADMIN, Role.SUPERVISOR))]


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


class CategoryAccuracy(BaseModel):
    category: str = Field(description="最终分类编码")
    decisions: int = Field(description="判定的诉求数")
    correct: int = Field(description="建议与最终分类一致的数量")
    accuracy: float = Field(description="准确率，0 到 1")
    mean_confidence: float = Field(description="平均置信度")


class Accuracy(BaseModel):
    """How often the suggestion was the category a case was finally filed under."""

    decisions: int = Field(description="判定的诉求数")
    correct: int = Field(description="建议与最终分类一致的数量")
    accuracy: float | None = Field(description="准确率，0 到 1；尚无判定时为空")
    since: datetime | None = Field(description="统计起始时间；为空时统计全部")
    by_category: list[CategoryAccuracy] = Field(description="按最终分类统计")
    threshold: float = Field(description="置信度阈值")


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
    }


def router(current: Callable[[], Classifier]) -> APIRouter:
    """`current`: the classifier as the live catalogue last rebuilt it."""
    routes = APIRouter(prefix="/api/v1/classification", tags=["classification"])

    @routes.post("/suggest", response_model=CategorySuggestion, responses=errors(401, 403, 422))
    async def suggest(body: SuggestRequest, _: Classifies) -> dict[str, Any]:
        classifier = current()
        suggestion = classifier.suggest(text_of(body.title, body.description))
        return suggestion_body(suggestion, classifier.threshold)

    @routes.get("/accuracy", response_model=Accuracy, responses=errors(401, 403, 422, 503))
    async def accuracy(
        runtime: RuntimeDep,
        _: Oversees,
        since: Annotated[datetime | None, Query(description="only decisions from then on")] = None,
    ) -> dict[str, Any]:
        async with runtime.db.session() as session:
            measured = await classification_repository.accuracy(session, since=since)
        return {**measured, "threshold": current().threshold}

    return routes
