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
from dispatch.domain.taxonomy import Level, Node
from dispatch.repository.store import FILE_ACTOR, CaseWords


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
                },
                now=now,
            )
        return True


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    return {**rule, "co_handlers": list(rule["co_handlers"])}


@dataclass
class MemoryTaxonomy:
    #: items' routing is the organisation's routing rules, as the SQL joins them
    organisation: MemoryOrganisation
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edit_log: list[dict[str, Any]] = field(default_factory=list)

    async def lock(self) -> None:
        return None

    async def load(self) -> list[Node]:
        ordered = sorted(self.nodes.values(), key=lambda n: (n["position"], n["code"]))
        return [self._node(n) for n in ordered]

    def _node(self, row: dict[str, Any]) -> Node:
        rule = self.organisation.rules.get(row["code"], {})
        return Node(
            code=row["code"],
            level=row["level"],
            name=row["name"],
            parent=row["parent"],
            kinds=tuple(row["kinds"]),
            lead=rule.get("lead"),
            co_handlers=tuple(rule.get("co_handlers") or ()),
            retired=row["retired_at"] is not None,
        )

    async def audit(self) -> dict[str, dict[str, Any]]:
        return {
            code: {"updated_at": n["updated_at"], "updated_by": n["updated_by"]}
            for code, n in self.nodes.items()
        }

    async def save(self, node: Node, *, actor: str, now: datetime) -> None:
        known = self.nodes.get(node.code)
        retired_at = ((known and known["retired_at"]) or now) if node.retired else None
        self.nodes[node.code] = {
            "code": node.code,
            "level": node.level,
            "name": node.name,
            "parent": node.parent,
            "kinds": list(node.kinds),
            "position": known["position"] if known else self._next_position(),
            "retired_at": retired_at,
            "updated_at": now,
            "updated_by": actor,
        }
        if node.level == "item":
            await self.organisation.put_routing_rule(
                category=node.code, lead=node.lead, co_handlers=list(node.co_handlers), now=now
            )

    def _next_position(self) -> int:
        return max((n["position"] for n in self.nodes.values()), default=0) + 1

    async def touch(self, code: str, *, actor: str, now: datetime) -> bool:
        if code not in self.nodes:
            return False
        self.nodes[code].update(updated_at=now, updated_by=actor)
        return True

    async def record(
        self, *, code: str, action: str, detail: dict[str, Any], actor: str, now: datetime
    ) -> int:
        edit_id = len(self.edit_log) + 1
        self.edit_log.append(
            {
                "id": edit_id,
                "code": code,
                "action": action,
                "detail": detail,
                "actor": actor,
                "at": now,
            }
        )
        return edit_id

    async def edits(self, *, code: str | None, limit: int) -> list[dict[str, Any]]:
        found = [e for e in reversed(self.edit_log) if code is None or e["code"] == code]
        return found[:limit]

    async def seed(self, district: District, *, now: datetime) -> list[str]:
        wanted: list[tuple[str, Level, str, str | None, list[str]]] = []
        seen: set[str] = set()
        for leaf in district.categories:
            if leaf.domain is not None and leaf.domain not in seen:
                wanted.append((leaf.domain, "domain", leaf.domain_name or leaf.domain, None, []))
                seen.add(leaf.domain)
            if leaf.group is not None and leaf.group not in seen:
                name = leaf.group_name or leaf.group
                wanted.append((leaf.group, "category", name, leaf.domain, []))
                seen.add(leaf.group)
            wanted.append((leaf.code, "item", leaf.name, leaf.group, [k.value for k in leaf.kinds]))
        start = self._next_position()
        added = []
        for position, (code, level, name, parent, kinds) in enumerate(wanted, start=start):
            if code in self.nodes:
                continue
            self.nodes[code] = {
                "code": code,
                "level": level,
                "name": name,
                "parent": parent,
                "kinds": kinds,
                "position": position,
                "retired_at": None,
                "updated_at": now,
                "updated_by": FILE_ACTOR,
            }
            added.append(code)
        for category in district.categories:
            if category.code in added and category.code not in self.organisation.rules:
                await self.organisation.put_routing_rule(
                    category=category.code,
                    lead=category.lead,
                    co_handlers=list(category.co_handlers),
                    now=now,
                )
        return added


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
