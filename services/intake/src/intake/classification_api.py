"""HTTP routes of the classifier: a suggestion for a text, and its live accuracy."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal, require
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


def router(classifier: Classifier) -> APIRouter:
    routes = APIRouter(prefix="/api/v1/classification", tags=["classification"])

    @routes.post("/suggest")
    async def suggest(body: SuggestRequest, _: Classifies) -> dict[str, Any]:
        suggestion = classifier.suggest(text_of(body.title, body.description))
        return suggestion_body(suggestion, classifier.threshold)

    @routes.get("/accuracy")
    async def accuracy(
        runtime: RuntimeDep,
        _: Oversees,
        since: Annotated[datetime | None, Query(description="only decisions from then on")] = None,
    ) -> dict[str, Any]:
        async with runtime.db.session() as session:
            measured = await classification_repository.accuracy(session, since=since)
        return {**measured, "threshold": classifier.threshold}

    return routes
