"""The district definition file (deploy/district/*.yaml): departments, categories, routing."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator


class Department(BaseModel):
    model_config = ConfigDict(frozen=True)
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    name: str
    kind: str = "bureau"


class Category(BaseModel):
    model_config = ConfigDict(frozen=True)
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    name: str
    lead: str | None = None
    co_handlers: list[str] = Field(default_factory=list)


class DistrictInfo(BaseModel):
    code: str
    name: str


class District(BaseModel):
    model_config = ConfigDict(frozen=True)
    district: DistrictInfo
    departments: list[Department]
    categories: list[Category]

    @model_validator(mode="after")
    def _routes_name_known_departments(self) -> District:
        known = {d.code for d in self.departments}
        for category in self.categories:
            for code in [category.lead, *category.co_handlers]:
                if code is not None and code not in known:
                    raise ValueError(
                        f"category {category.code} routes to unknown department {code}"
                    )
        return self


def default_district_path() -> Path:
    if env := os.environ.get("DISTRICT_FILE"):
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "deploy" / "district" / "demo.yaml"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("deploy/district/demo.yaml not found; set DISTRICT_FILE")


def load_district(path: str | Path | None = None) -> District:
    return District.model_validate(
        yaml.safe_load(Path(path or default_district_path()).read_text())
    )
