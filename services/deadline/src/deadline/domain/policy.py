"""The district's time-limit table (SLA policy): per request kind x category x stage, with
the warning fractions and the escalation ladder. Pure rules; storage keeps every version.

The most specific rule wins: kind+category > category > kind > the stage's default. A timer
keeps the version and the rule it was computed with, so an edit never changes a running
limit and old versions stay readable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from common.vocabulary import EscalationStep, RequestKind, TimerStage

#: The unit each stage is usually counted in; a rule may give either.
HOURS, DAYS = "working_hours", "working_days"
#: Stages added after tables were first written (转办): a stored table may lack their
#: default rule, and then takes the district's.
LATER_STAGES = (TimerStage.TRANSFER_ACKNOWLEDGE, TimerStage.TRANSFER_ANSWER)
Ladder = tuple[tuple[EscalationStep, int], ...]


class InvalidPolicy(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    stage: TimerStage
    amount: int
    unit: str  # HOURS or DAYS
    kind: RequestKind | None = None
    category: str | None = None

    def __post_init__(self) -> None:
        if self.unit not in (HOURS, DAYS):
            raise InvalidPolicy(f"时限单位须为 {HOURS} 或 {DAYS}，而不是 {self.unit!r}")
        if self.amount <= 0:
            raise InvalidPolicy(f"{self.key}：时限须为正数")
        if self.category is not None and not self.category.strip():
            raise InvalidPolicy("分类（category）为空时匹配不到任何案件；不限分类请省略该字段")

    @property
    def specificity(self) -> int:
        """kind+category 3, category 2, kind 1, default 0."""
        return (2 if self.category is not None else 0) + (1 if self.kind is not None else 0)

    @property
    def key(self) -> str:
        """Names the rule on a timer and in events, e.g. `resolution/kind=complaint`."""
        parts = [self.stage.value]
        if self.kind is not None:
            parts.append(f"kind={self.kind.value}")
        if self.category is not None:
            parts.append(f"category={self.category}")
        return "/".join(parts)

    def matches(self, stage: TimerStage, kind: RequestKind, category: str | None) -> bool:
        return (
            self.stage is stage
            and (self.kind is None or self.kind is kind)
            and (self.category is None or self.category == category)
        )

    def minutes(self, day_minutes: int) -> int:
        return self.amount * (60 if self.unit == HOURS else day_minutes)

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"stage": self.stage.value, self.unit: self.amount}
        if self.kind is not None:
            found["kind"] = self.kind.value
        if self.category is not None:
            found["category"] = self.category
        return found

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Rule:
        units = [u for u in (HOURS, DAYS) if raw.get(u) is not None]
        if len(units) != 1:
            raise InvalidPolicy(f"每条规则须且只能给出 {HOURS}、{DAYS} 之一：{dict(raw)}")
        try:
            return cls(
                stage=TimerStage(raw["stage"]),
                amount=int(raw[units[0]]),
                unit=units[0],
                kind=RequestKind(raw["kind"]) if raw.get("kind") is not None else None,
                category=str(raw["category"]) if raw.get("category") is not None else None,
            )
        except (KeyError, ValueError) as bad:
            if isinstance(bad, InvalidPolicy):
                raise
            raise InvalidPolicy(f"规则 {dict(raw)} 不合规定：{bad}") from bad


@dataclass(frozen=True)
class Limit:
    """What a timer is started with: the rule that won and its length in working minutes."""

    version: int
    rule: str
    minutes: int


@dataclass(frozen=True)
class DistrictDefaults:
    """What a table may leave out, from the district's file (deploy/district/sla.yaml): the
    warnings, the ladder, and the default rules of the LATER_STAGES."""

    warning_fractions: tuple[float, ...]
    ladder: Ladder
    later_stages: Mapping[TimerStage, Rule]


@dataclass(frozen=True)
class Policy:
    version: int
    rules: tuple[Rule, ...]
    warning_fractions: tuple[float, ...]
    ladder: Ladder
    source: str
    #: the district's default rules for stages the table lacks (LATER_STAGES only)
    fallback: Mapping[TimerStage, Rule]

    def __post_init__(self) -> None:
        seen: set[tuple[TimerStage, RequestKind | None, str | None]] = set()
        for rule in self.rules:
            where = (rule.stage, rule.kind, rule.category)
            if where in seen:
                raise InvalidPolicy(f"{rule.key} 有两条规则")
            seen.add(where)
        missing = [
            s.value for s in TimerStage if (s, None, None) not in seen and s not in self.fallback
        ]
        if missing:
            raise InvalidPolicy(f"每个时限环节都须有一条默认规则，缺少：{'、'.join(missing)}")
        if any(not 0 < f < 1 for f in self.warning_fractions):
            raise InvalidPolicy("预警比例（warning_fractions）须大于0且小于1")
        if len(set(self.warning_fractions)) != len(self.warning_fractions):
            raise InvalidPolicy("预警比例（warning_fractions）不能重复")
        days = [d for _, d in self.ladder]
        if any(d < 0 for d in days) or days != sorted(days):
            raise InvalidPolicy("升级步骤（escalation）须按先后排列，且为超期后0天或更多天")
        if len({s for s, _ in self.ladder}) != len(self.ladder):
            raise InvalidPolicy("每个升级步骤（escalation）只能出现一次")

    def rule_for(self, stage: TimerStage, kind: RequestKind, category: str | None) -> Rule:
        matching = [r for r in self.rules if r.matches(stage, kind, category)]
        if not matching:  # a table written before the stage existed
            return self.fallback[stage]
        return max(matching, key=lambda r: r.specificity)  # a default always matches

    def limit(
        self, stage: TimerStage, kind: RequestKind, category: str | None, day_minutes: int
    ) -> Limit:
        rule = self.rule_for(stage, kind, category)
        return Limit(self.version, rule.key, rule.minutes(day_minutes))

    def resolution_limits(self) -> list[tuple[RequestKind, str | None, Rule]]:
        """The resolution rule of every kind, and of every kind in each category a rule
        names: what SlaPolicyPublished carries, so a reader needs no rule of precedence."""
        named = sorted(
            {r.category for r in self.rules if r.stage is TimerStage.RESOLUTION and r.category}
        )
        return [
            (kind, category, self.rule_for(TimerStage.RESOLUTION, kind, category))
            for kind in RequestKind
            for category in (None, *named)
        ]

    def with_rule(self, rule: Rule, version: int) -> Policy:
        """A new version: this rule added, or replacing the one for the same place."""
        kept = [
            r
            for r in self.rules
            if (r.stage, r.kind, r.category) != (rule.stage, rule.kind, rule.category)
        ]
        return Policy(
            version,
            (*kept, rule),
            self.warning_fractions,
            self.ladder,
            self.source,
            self.fallback,
        )

    def document(self) -> dict[str, Any]:
        return {
            "warning_fractions": list(self.warning_fractions),
            "escalation": {step.value: days for step, days in self.ladder},
            "rules": [r.as_dict() for r in _ordered(self.rules)],
        }


def policy_from_document(
    document: Mapping[str, Any], *, version: int, source: str, defaults: DistrictDefaults
) -> Policy:
    """The stored and edited form: {warning_fractions, escalation: {step: days}, rules: [...]};
    what it leaves out is the district's (`defaults`)."""
    if not isinstance(document.get("rules"), list):
        raise InvalidPolicy("时限规则表须包含规则列表（rules）")
    fractions, ladder = _warnings_and_ladder(document)
    rules = tuple(Rule.from_dict(raw) for raw in document["rules"])
    return Policy(
        version,
        rules,
        defaults.warning_fractions if fractions is None else fractions,
        defaults.ladder if ladder is None else ladder,
        source,
        defaults.later_stages,
    )


def district_defaults(document: Mapping[str, Any]) -> DistrictDefaults:
    """The district's file states everything: warnings, the ladder and every stage's default
    rule (a file that leaves one out is refused, so nothing falls back on code)."""
    fractions, ladder = _warnings_and_ladder(document)
    if fractions is None or ladder is None:
        raise InvalidPolicy(
            "区县时限文件须给出预警比例（warning_fractions）和升级步骤（escalation）"
        )
    if not isinstance(document.get("rules"), list):
        raise InvalidPolicy("时限规则表须包含规则列表（rules）")
    rules = tuple(Rule.from_dict(raw) for raw in document["rules"])
    Policy(0, rules, fractions, ladder, "district", {})  # refuses a stage without its default
    later = {
        r.stage: r
        for r in rules
        if r.stage in LATER_STAGES and r.kind is None and r.category is None
    }
    return DistrictDefaults(fractions, ladder, later)


def _warnings_and_ladder(
    document: Mapping[str, Any],
) -> tuple[tuple[float, ...] | None, Ladder | None]:
    try:
        raw_fractions = document.get("warning_fractions")
        fractions = None if raw_fractions is None else tuple(float(f) for f in raw_fractions)
        escalation = document.get("escalation")
        steps = list(EscalationStep)
        ladder = (
            None
            if escalation is None
            else tuple(
                sorted(
                    ((EscalationStep(s), int(d)) for s, d in dict(escalation).items()),
                    key=lambda step: (step[1], steps.index(step[0])),
                )
            )
        )
    except (TypeError, ValueError) as bad:
        raise InvalidPolicy(f"预警比例或升级步骤不合规定：{bad}") from bad
    return fractions, ladder


def _ordered(rules: Iterable[Rule]) -> Sequence[Rule]:
    stages = list(TimerStage)
    return sorted(
        rules,
        key=lambda r: (stages.index(r.stage), r.specificity, r.kind or "", r.category or ""),
    )
