"""The category catalogue's route, for pickers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from common.http_docs import errors
from common.runtime import RuntimeDep
from intake.repository.sql import SqlStore
from intake.schemas import CategoryView

router = APIRouter(prefix="/api/v1", tags=["intake"])


@router.get("/categories", response_model=list[CategoryView], responses=errors(503))
async def categories(runtime: RuntimeDep) -> list[dict[str, Any]]:
    """The live leaves of the taxonomy (retired ones absent), each with its domain and
    category for pickers that group them; the taxonomy is edited in dispatch
    (/api/v1/taxonomy) and reaches this list through TaxonomyChanged."""
    async with runtime.db.session() as session:
        rows = await SqlStore(session).catalogue.list_categories()
    return [{key: r[key] for key in CategoryView.model_fields} for r in rows]
