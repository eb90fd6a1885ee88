"""MemoryStore: dispatch's repositories as plain dicts and lists, for application tests
(common.memory). It mirrors what the SQL does that tests rely on: inserts that change
nothing on a conflict, the district file's rows never overwriting edits, list orders."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from common.district import District
from common.vocabulary import Reason
from dispatch.domain.lifecycle import Action, HandlingCase, Route, Transition
from dispatch.repository.memory_taxonomy import MemoryTaxonomy
from dispatch.repository.store import CaseWords, Store


@dataclass
class CaseRecord:
    case: HandlingCase
    words: CaseWords
    queued_reason: Reason | None
    created_at: datetime
    updated_at: datetime


@dataclass
class MemoryCases:
    records: dict[str, CaseRecord] = field(default_factory=dict)
    #: (case_id, step), in the order they were recorded: the timeline
    actions: list[tuple[str, Transition]] = field(default_factory=list)
    returns: list[dict[str, Any]] = field(default_factory=list)
    opinions: list[dict[str, Any]] = field(default_factory=list)

    async def load_case(self, case_id: str) -> HandlingCase | None:
        record = self.records.get(case_id)
        if record is None:
            return None
        case = record.case
        filed = {
            o["department"]
            for o in self.opinions
            if o["case_id"] == case_id and o["round"] == case.round
        }
        return dataclasses.replace(case, opinions_filed=frozenset(filed), history=())

    async def insert_case(
        self, case: HandlingCase, words: CaseWords, *, now: datetime, queued_reason: Reason | None
    ) -> bool:
        if case.case_id in self.records:  # ON CONFLICT DO NOTHING
            return False
        self.records[case.case_id] = CaseRecord(_kept(case), words, queued_reason, now, now)
        self._record_history(case)
        return True

    async def save_case(self, case: HandlingCase, *, now: datetime) -> None:
        record = self.records[case.case_id]
        record.case, record.updated_at = _kept(case), now
        self._record_history(case)

    async def readmit_case(
        self, case: HandlingCase, words: CaseWords, *, now: datetime, queued_reason: Reason | None
    ) -> None:
        record = self.records[case.case_id]
        record.case, record.words, record.queued_reason = _kept(case), words, queued_reason
        record.updated_at = now
        self._record_history(case)

    async def round_started_at(self, case_id: str, round: int) -> datetime | None:
        action = Action.ASSIGN if round == 1 else Action.REOPEN
        times = [s.at for c, s in self.actions if c == case_id and s.action is action]
        if not times:
            return None
        return min(times) if round == 1 else max(times)

    def timeline(self, case_id: str) -> list[Transition]:
        return [step for c, step in self.actions if c == case_id]

    def _record_history(self, case: HandlingCase) -> None:
        for step in case.history:
            self.actions.append((case.case_id, step))
            if step.action is Action.RETURN:
                self.returns.append(
                    {
                        "case_id": case.case_id,
                        "seq": step.detail["returns_in_case"],
                        "from_department": step.department,
                        "reason": step.reason,
                        "returned_by": step.actor,
                        "returned_at": step.at,
                        "decision": None,
                        "to_department": None,
                        "decided_by": None,
                        "decided_at": None,
                    }
                )
            elif step.action is Action.ARBITRATE or (
                step.action is Action.TRANSFER and "decision" in step.detail
            ):
                for undecided in self.returns:
                    if undecided["case_id"] == case.case_id and undecided["decided_at"] is None:
                        undecided.update(
                            decision=step.detail["decision"],
                            to_department=step.department,
                            decided_by=step.actor,
                            decided_at=step.at,
                        )
            elif step.action is Action.FILE_OPINION:
                self.opinions.append(
                    {
                        "case_id": case.case_id,
                        "round": step.detail["round"],
                        "department": step.department,
                        "opinion": step.reason,
                        "actor": step.actor,
                        "filed_at": step.at,
                    }
                )


def _kept(case: HandlingCase) -> HandlingCase:
    """What the cases table holds: no history (it goes to the timeline), no opinions (they
    are rows of their own)."""
    return dataclasses.replace(case, history=(), opinions_filed=frozenset())


@dataclass
class MemoryStaff:
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def list_staff(
        self,
        *,
        role: str | None,
        department: str | None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        found = [
            _public(self.accounts[name])
            for name in sorted(self.accounts)
            if (role is None or self.accounts[name]["role"] == role)
            and (department is None or self.accounts[name]["department"] == department)
        ]
        return found[offset:] if limit is None else found[offset : offset + limit]

    async def get_staff(self, username: str) -> dict[str, Any] | None:
        found = self.accounts.get(username)
        return None if found is None else _public(found)

    async def staff_login(self, username: str) -> Any | None:
        found = self.accounts.get(username)
        return None if found is None else SimpleNamespace(**found)

    async def create_staff(self, *, values: dict[str, Any], now: datetime) -> bool:
        if values["username"] in self.accounts:  # ON CONFLICT DO NOTHING
            return False
        self.accounts[values["username"]] = {
            "reviews_knowledge": False,
            **values,
            "active": True,
            "created_at": now,
            "updated_at": now,
        }
        return True

    async def update_staff(self, username: str, *, values: dict[str, Any], now: datetime) -> None:
        if username in self.accounts:
            self.accounts[username].update(values, updated_at=now)

    async def login_failure(self, username: str) -> Any | None:
        found = self.failures.get(username)
        return None if found is None else SimpleNamespace(**found)

    async def save_login_failure(
        self, username: str, *, failures: int, at: datetime, locked_until: datetime | None
    ) -> None:
        self.failures[username] = {
            "failures": failures,
            "last_failure_at": at,
            "locked_until": locked_until,
        }

    async def clear_login_failures(self, username: str) -> None:
        self.failures.pop(username, None)


def _public(account: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in account.items() if k != "password_hash"}


@dataclass
class MemoryOrganisation:
    #: the district file seeds staff too
    staff: MemoryStaff
    departments: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    seeds: set[str] = field(default_factory=set)

    async def find_route(self, category: str) -> Route | None:
        rule = self.rules.get(category)
        if rule is None or rule["lead"] is None:
            return None
        return Route(rule["lead"], tuple(rule["co_handlers"]))

    async def list_departments(self) -> list[dict[str, Any]]:
        return [dict(self.departments[code]) for code in sorted(self.departments)]

    async def department_names(self) -> dict[str, str]:
        return {code: d["name"] for code, d in self.departments.items()}

    async def get_department(self, code: str) -> dict[str, Any] | None:
        found = self.departments.get(code)
        return None if found is None else dict(found)

    async def outside_units(self) -> set[str]:
        return {code for code, d in self.departments.items() if d["outside"]}

    async def department_parents(self) -> dict[str, str | None]:
        return {code: d["parent"] for code, d in self.departments.items()}

    async def put_department(
        self, *, code: str, name: str, kind: str, parent: str | None, now: datetime
    ) -> None:
        outside = self.departments.get(code, {}).get("outside", False)
        self.departments[code] = {
            "code": code,
            "name": name,
            "kind": kind,
            "parent": parent,
            "outside": outside,
        }

    async def list_routing_rules(self) -> list[dict[str, Any]]:
        return [_rule(self.rules[category]) for category in sorted(self.rules)]

    async def get_routing_rule(self, category: str) -> dict[str, Any] | None:
        found = self.rules.get(category)
        return None if found is None else _rule(found)

    async def put_routing_rule(
        self, *, category: str, lead: str | None, co_handlers: list[str], now: datetime
    ) -> None:
        self.rules[category] = {
            "category": category,
            "lead": lead,
            "co_handlers": list(co_handlers),
            "updated_at": now,
        }

    async def seed_district(
        self, district: District, *, sha256: str, now: datetime, demo_accounts: bool
    ) -> bool:
        """As the SQL: rows already present are left alone (an edit wins over the file)."""
        if sha256 in self.seeds:
            return False
        self.seeds.add(sha256)
        for d in district.departments:
            if d.code in self.departments:
                self.departments[d.code]["outside"] |= d.outside
                continue
            self.departments[d.code] = {
                "code": d.code,
                "name": d.name,
                "kind": d.kind,
                "parent": d.parent,
                "outside": d.outside,
            }
        for category in district.categories:
            if category.code not in self.rules:
                await self.put_routing_rule(
                    category=category.code,
                    lead=category.lead,
                    co_handlers=list(category.co_handlers),
                    now=now,
                )
        for account in district.staff_to_seed(demo_accounts=demo_accounts):
            await self.staff.create_staff(
                values={
                    "username": account.username,
                    "name": account.name,
                    "role": account.role.value,
                    "department": account.department,
                    "password_hash": account.password_hash,
                    "reviews_knowledge": account.reviews_knowledge,
                },
                now=now,
            )
        return True


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    return {**rule, "co_handlers": list(rule["co_handlers"])}


class MemoryStore:
    """Every repository of dispatch, in memory; deep-copied whole by a MemoryUnitOfWork."""

    def __init__(self) -> None:
        self.cases = MemoryCases()
        self.staff = MemoryStaff()
        self.organisation = MemoryOrganisation(self.staff)
        self.taxonomy = MemoryTaxonomy(self.organisation)

    def add_department(
        self, code: str, name: str, *, parent: str | None = None, outside: bool = False
    ) -> None:
        """A department as the district file would seed it."""
        self.organisation.departments[code] = {
            "code": code,
            "name": name,
            "kind": "bureau",
            "parent": parent,
            "outside": outside,
        }


#: mypy holds MemoryStore to the Store protocol here, so it cannot drift from it
CONFORMS_TO_STORE: type[Store] = MemoryStore
