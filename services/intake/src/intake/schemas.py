"""The shapes of intake's HTTP API: what a submission must look like, field by field."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from common.vocabulary import Channel, RequestKind, SubmitterKind
from intake.domain.submission import valid_uscc


class Submitter(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: SubmitterKind = SubmitterKind.PERSON
    name: str = Field(min_length=1, max_length=64)
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9-]{5,19}$")
    enterprise_name: str | None = Field(default=None, max_length=128)
    uscc: str | None = Field(default=None, description="统一社会信用代码, required for enterprises")

    @model_validator(mode="after")
    def _enterprise_identified(self) -> Self:
        if self.kind is SubmitterKind.ENTERPRISE:
            if not self.enterprise_name:
                raise ValueError("an enterprise submitter needs enterprise_name")
            if not self.uscc or not valid_uscc(self.uscc):
                raise ValueError("an enterprise submitter needs a valid uscc (统一社会信用代码)")
        return self


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    address: str | None = Field(default=None, max_length=256)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _somewhere(self) -> Self:
        if not self.address and (self.latitude is None or self.longitude is None):
            raise ValueError("give an address, or both latitude and longitude")
        return self


class Submission(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    channel: Channel
    kind: RequestKind
    category: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=2, max_length=100)
    description: str = Field(min_length=5, max_length=4000)
    submitter: Submitter
    location: Location | None = None


class Receipt(BaseModel):
    case_id: str = Field(description="受理编号")
    tracking_code: str = Field(description="查询码: keep it with the case number")
    status: str
    track_url: str
