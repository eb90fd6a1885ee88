"""Fuzzing a running service from its own OpenAPI document, with schemathesis.

Every operation gets `examples` generated requests valid by its schema and `examples` made
invalid on purpose. Staff operations are called with a staff token: an administrator's first,
and the first role the service names in a 403 `forbidden_role` answer after that. Each
response is checked for a server error (any 5xx) and against the schema documented for its
status. The report counts what was sent and keeps every failure with what reproduces it.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from common.vocabulary import Role
from tests.support.staff import headers_for

#: A department every demo district has, for the department roles' tokens.
HANDLER_DEPARTMENT = "urban-management"
CHECKS = [not_a_server_error, response_schema_conformance]
#: One line of figures per fuzzed service; tests/fuzz/conftest.py prints them at the end.
SUMMARIES: list[str] = []


@dataclass
class Failure:
    operation: str
    status: int
    problem: str
    reproduce: str


@dataclass
class FuzzReport:
    service: str
    operations: int = 0
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    @property
    def server_errors(self) -> list[Failure]:
        return [f for f in self.failures if f.status >= 500]

    def summary(self) -> str:
        by_class = Counter(f"{status // 100}xx" for status in self.statuses.elements())
        return (
            f"{self.service}: {self.operations} operations, {self.requests} requests "
            f"({', '.join(f'{k} {v}' for k, v in sorted(by_class.items()))}), "
            f"{len(self.server_errors)} server errors, "
            f"{len(self.failures) - len(self.server_errors)} schema mismatches"
        )


class _Caller:
    """Calls one operation, switching once to a role the service admits."""

    def __init__(self, base_url: str, session: requests.Session) -> None:
        self.base_url = base_url
        self.session = session
        self.role_of: dict[str, Role] = {}

    def call(self, case: Case[Any]) -> tuple[Any, dict[str, str]]:
        label = case.operation.label
        headers = _token(self.role_of.get(label, Role.ADMIN))
        response = case.call(base_url=self.base_url, session=self.session, headers=headers)
        allowed = _allowed_roles(response)
        if allowed and label not in self.role_of:
            self.role_of[label] = Role(allowed[0])
            headers = _token(self.role_of[label])
            response = case.call(base_url=self.base_url, session=self.session, headers=headers)
        return response, headers


def _token(role: Role) -> dict[str, str]:
    department = HANDLER_DEPARTMENT if role is Role.HANDLER else None
    return headers_for(role, department)


def _allowed_roles(response: Any) -> list[str]:
    if response.status_code != 403:
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    roles = body.get("allowed_roles") if isinstance(body, dict) else None
    return [r for r in roles or [] if r in Role.__members__.values()]


def fuzz_service(
    service: str, base_url: str, *, examples: int, seconds_per_operation: float = 20.0
) -> FuzzReport:
    """Fuzz every operation of the service at `base_url`; never raises on a finding."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    report = FuzzReport(service)
    with requests.Session() as session:
        caller = _Caller(base_url, session)
        for result in schema.get_all_operations():
            report.operations += 1
            if not isinstance(result, Ok):
                report.failures.append(Failure("?", 0, f"invalid schema: {result.err()}", ""))
                continue
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz_operation(operation, mode, caller, report, examples, seconds_per_operation)
    return report


def _fuzz_operation(
    operation: Any,
    mode: GenerationMode,
    caller: _Caller,
    report: FuzzReport,
    examples: int,
    seconds: float,
) -> None:
    stop_at = time.monotonic() + seconds
    seen: set[str] = set()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(st.data())
    def explore(data: st.DataObject) -> None:
        # draw before deciding, so that every run draws alike (hypothesis checks that)
        case = data.draw(operation.as_strategy(generation_mode=mode))
        if time.monotonic() > stop_at:
            return
        response, headers = caller.call(case)
        report.requests += 1
        report.statuses[response.status_code] += 1
        problem = _check(case, response, headers)
        if problem is not None and (key := f"{response.status_code}:{problem[:80]}") not in seen:
            seen.add(key)
            report.failures.append(
                Failure(
                    operation.label,
                    response.status_code,
                    problem,
                    case.as_curl_command(headers=headers),
                )
            )

    try:
        explore()
    except Unsatisfiable:
        # Nothing to make invalid (no parameters, or any string is valid there); a schema
        # that no valid request can satisfy is a finding.
        if mode is GenerationMode.POSITIVE:
            report.failures.append(Failure(operation.label, 0, "no valid request exists", ""))
    except Exception as error:  # generation itself failed: a finding, not a crash
        report.failures.append(Failure(operation.label, 0, f"generation: {error!r}", ""))


def _check(case: Case[Any], response: Any, headers: dict[str, str]) -> str | None:
    if response.status_code >= 500:
        return f"server error: {response.text[:300]}"
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except AssertionError as failure:
        return str(failure)[:600]
    except Exception as failure:
        return f"{type(failure).__name__}: {str(failure)[:600]}"
    return None
