"""Evaluation campaigns (三项评议), pure rules: who may rate in each kind of campaign, the
unified social credit code's checksum (GB 32100-2015), whether a campaign takes responses on
a day, and the scores per rated department (0-100 per dimension) with the ranking and who is
summoned for a talk (约谈)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    RESIDENTS_RATE_SERVICES = "residents_rate_services"  # 群众评服务
    ENTERPRISES_RATE_GOVERNMENT = "enterprises_rate_government"  # 企业评政府
    GRASSROOTS_RATE_AGENCIES = "grassroots_rate_agencies"  # 基层评机关


KIND_ZH = {
    Kind.RESIDENTS_RATE_SERVICES: "群众评服务",
    Kind.ENTERPRISES_RATE_GOVERNMENT: "企业评政府",
    Kind.GRASSROOTS_RATE_AGENCIES: "基层评机关",
}


class Status(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


#: The department kinds (district file) whose staff rate in a 基层评机关 campaign.
GRASSROOTS_KINDS = frozenset({"street", "town"})
#: The satisfaction scale: five labels, index 0 (很不满意) to 4 (很满意).
SCALE = 5
NOT_ENOUGH = "样本不足"

# GB 32100-2015: 18 characters from this alphabet, the last a check character.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a unified social credit code (None when it is one)."""
    if len(code) != 18:
        return "统一社会信用代码应为 18 位"
    if any(char not in CREDIT_ALPHABET for char in code):
        return "统一社会信用代码只能含数字和大写字母（不含 I、O、S、V、Z）"
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(code, CREDIT_WEIGHTS, strict=False))
    check = (31 - total % 31) % 31
    if CREDIT_ALPHABET[check] != code[17]:
        return "统一社会信用代码校验位不正确，请核对"
    return None


def weights_problem(weights: Iterable[float]) -> str | None:
    total = sum(weights)
    return None if abs(total - 1) < 1e-9 else f"权重之和须为 1（现为 {round(total, 6)}）"


def period_problem(opens_on: date, closes_on: date) -> str | None:
    return None if opens_on <= closes_on else "结束日期不能早于开始日期"


def closed_problem(status: str, opens_on: date, closes_on: date, today: date) -> str | None:
    """Why the campaign takes no response today (Asia/Shanghai), or None."""
    if status == Status.DRAFT:
        return "评议尚未开始"
    if status == Status.CLOSED:
        return "评议已结束"
    if today < opens_on:
        return f"评议自 {opens_on.isoformat()} 开始"
    if today > closes_on:
        return f"评议已于 {closes_on.isoformat()} 截止"
    return None


@dataclass(frozen=True)
class Questionnaire:
    """The negative-list indicators (code -> weight) and the dimensions' weights."""

    indicators: Mapping[str, float]
    negative_list_weight: float
    satisfaction_weight: float

    @classmethod
    def of(cls, campaign: Mapping[str, Any]) -> Questionnaire:
        return cls(
            {i["code"]: float(i["weight"]) for i in campaign["questionnaire"]["indicators"]},
            float(campaign["weights"]["negative_list"]),
            float(campaign["weights"]["satisfaction"]),
        )


@dataclass(frozen=True)
class Rating:
    """One response's rating of one department."""

    department: str
    indicators: frozenset[str]
    satisfaction: int  # label index, 0..SCALE-1
    comment: str | None = None


def ratings_of(responses: Iterable[Mapping[str, Any]]) -> list[Rating]:
    return [
        Rating(
            r["department"],
            frozenset(r.get("indicators") or ()),
            int(r["satisfaction"]),
            r.get("comment"),
        )
        for response in responses
        for r in response["ratings"]
    ]


def _round(value: float) -> float:
    return round(value, 2)


def department_scores(ratings: Sequence[Rating], questionnaire: Questionnaire) -> dict[str, Any]:
    """Satisfaction: the mean of index / 4 x 100. Negative list: 100 minus the weighted share
    of ratings ticking each indicator, x 100. Overall: the dimensions' weighted sum."""
    count = len(ratings)
    if count == 0:
        return {"responses": 0, "negative_list": None, "satisfaction": None, "overall": None}
    satisfaction = sum(r.satisfaction for r in ratings) / (SCALE - 1) / count * 100
    ticked = sum(
        weight * sum(code in r.indicators for r in ratings) / count
        for code, weight in questionnaire.indicators.items()
    )
    negative_list = 100 - ticked * 100
    overall = (
        questionnaire.negative_list_weight * negative_list
        + questionnaire.satisfaction_weight * satisfaction
    )
    return {
        "responses": count,
        "negative_list": _round(negative_list),
        "satisfaction": _round(satisfaction),
        "overall": _round(overall),
    }


def results(
    campaign: Mapping[str, Any], responses: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """One row per target department, in the targets' order: its scores and comments; ranked
    (1 = best, equal scores share a rank) from min_responses on, else 样本不足; summoned when
    ranked and its overall score is below the threshold."""
    questionnaire = Questionnaire.of(campaign)
    ratings = ratings_of(responses)
    rows = []
    for department in campaign["targets"]:
        own = [r for r in ratings if r.department == department]
        scores = department_scores(own, questionnaire)
        ranked = scores["responses"] >= campaign["min_responses"] and scores["responses"] > 0
        rows.append(
            {
                "department": department,
                **scores,
                "indicator_counts": {
                    code: sum(code in r.indicators for r in own)
                    for code in questionnaire.indicators
                },
                "comments": [r.comment for r in own if r.comment],
                "ranked": ranked,
                "rank": None,
                "note": None if ranked else NOT_ENOUGH,
                "summoned": ranked and scores["overall"] < float(campaign["threshold"]),
            }
        )
    ordered = sorted((row for row in rows if row["ranked"]), key=lambda row: -row["overall"])
    for position, row in enumerate(ordered, start=1):
        earlier = ordered[position - 2] if position > 1 else None
        tie = earlier is not None and earlier["overall"] == row["overall"]
        row["rank"] = earlier["rank"] if tie and earlier is not None else position
    return rows


def summoned(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [row for row in rows if row["summoned"]]
