"""Cases in flight across an offline upgrade, driven through the gateway with the standard
library alone (it runs inside the test's network namespace, where only the installed system
answers). tests/e2e/test_offline_upgrade.py runs it in three phases:

    python3 offline_cases.py before CASES_FILE   cases left at each step of the loop
    python3 offline_cases.py during CASES_FILE STOP_FILE
                                                 a case submitted every 6 s until STOP_FILE
                                                 appears (the upgrade is done)
    python3 offline_cases.py after CASES_FILE    every case is there and goes around the loop
                                                 once to its close, on the new release

The gateway is http://127.0.0.1:8080 and the accounts are ./dev up's demo ones."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "deploy" / "local"))

from smoke_loop import (
    DEMO_PASSWORDS,
    HANDLER_PASSWORD,
    Gateway,
    handler_of,
    routed_category,
)

GATEWAY = "http://127.0.0.1:8080"
PASSWORDS = {**DEMO_PASSWORDS, "dispatcher": "demo-dispatcher"}
#: Of each kind left in flight before the upgrade.
EACH = 3
#: How long a case may take to reach a state, the new release starting included.
WAIT_SECONDS = 180
#: Seconds between two cases submitted during the upgrade.
SUBMIT_EVERY = 6
#: Answers that say the case was not stored (a service restarting, its database restarting
#: under it): submit again.
NOT_TAKEN = {500, 502, 503, 504}


class Loop:
    def __init__(self) -> None:
        self.gateway = Gateway(GATEWAY)
        self.admin = self.gateway.token("admin", DEMO_PASSWORDS["admin"])
        self.category, self.lead = routed_category(self.gateway, self.admin)
        self.tokens: dict[str, str] = {}
        self.submitted = 0

    def phone(self) -> str:
        self.submitted += 1
        return f"139{os.getpid() % 1000:03d}{self.submitted:05d}"

    def submit(self, note: str) -> dict[str, Any] | None:
        """A case, or None when the system did not take it (a service restarting)."""
        body = {
            "channel": "web",
            "kind": "complaint",
            "category": self.category,
            "title": "升级检查：小区门口路面破损",
            "description": f"升级过程中的案件（{note}），{time.time_ns()}。",
            # a line of its own: the same submitter's same text is a suspected duplicate
            "submitter": {"kind": "person", "name": "检查员", "phone": self.phone()},
        }
        try:
            status, answer = self.gateway.call("POST", "/api/intake/api/v1/cases", body)
        except (OSError, json.JSONDecodeError):
            return None
        if status in NOT_TAKEN:
            return None
        if status != 201:
            raise SystemExit(f"cases: submitting answered {status}: {answer}")
        return {
            "case": answer["case_id"],
            "code": answer["tracking_code"],
            "note": note,
            "screened": answer["status"] != "pending",
        }

    def status(self, case: dict[str, Any]) -> str | None:
        path = f"/api/intake/api/v1/public/cases/{case['case']}?code={case['code']}"
        try:
            status, answer = self.gateway.call("GET", path)
        except (OSError, json.JSONDecodeError):
            return None
        return str(answer["status"]) if status == 200 else None

    def until(self, case: dict[str, Any], wanted: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while (seen := self.status(case)) != wanted:
            if time.monotonic() > deadline:
                raise SystemExit(f"cases: {case['case']} ({case['note']}) is {seen}, not {wanted}")
            time.sleep(0.5)

    def token(self, username: str) -> str:
        if username not in self.tokens:
            password = PASSWORDS.get(username, HANDLER_PASSWORD)
            self.tokens[username] = self.gateway.token(username, password)
        return self.tokens[username]

    def screen(self, case: dict[str, Any]) -> None:
        """Accepted (when it waits for screening), not waiting for its routing."""
        if not case["screened"]:
            case["screened"] = True
            path = f"/api/intake/api/v1/cases/{case['case']}/screening"
            self.gateway.ok("POST", path, {"outcome": "accept"}, self.token("clerk"))

    def resolve(self, case: dict[str, Any]) -> None:
        self.until(case, "assigned")
        handler = self.token(handler_of(self.gateway, self.admin, self.lead))
        self.gateway.ok("POST", f"/api/dispatch/api/v1/cases/{case['case']}/sign", token=handler)
        self.gateway.ok(
            "POST",
            f"/api/dispatch/api/v1/cases/{case['case']}/resolve",
            {"result": "solved", "summary": "已现场修复。"},
            handler,
        )

    def call_back(self, case: dict[str, Any]) -> None:
        agent = self.token("callback-agent")
        task = f"/api/callback/api/v1/callbacks/{case['case']}"
        self.gateway.until("callback task", task, agent, lambda answer: bool(answer))
        self.gateway.ok(
            "POST",
            f"{task}/result",
            {"satisfaction": "satisfied", "solved": True, "comment": "满意"},
            agent,
        )

    def repeated_actions(self, case: dict[str, Any]) -> list[str]:
        timeline = self.gateway.ok(
            "GET",
            f"/api/dispatch/api/v1/cases/{case['case']}/timeline",
            token=self.token("dispatcher"),
        )
        counts = Counter(action["action"] for action in timeline["actions"])
        return [action for action, count in counts.items() if count > 1]


def before(cases_file: Path) -> None:
    loop = Loop()
    cases: list[dict[str, Any]] = []
    for _ in range(EACH):
        for note in ("submitted", "assigned", "resolved"):
            case = loop.submit(note)
            if case is None:
                raise SystemExit("cases: the installed system did not take a case")
            cases.append(case)
    for case in cases:
        if case["note"] != "submitted":
            loop.screen(case)
    for case in cases:
        if case["note"] == "assigned":
            loop.until(case, "assigned")
        if case["note"] == "resolved":
            loop.resolve(case)
    cases_file.write_text(json.dumps(cases))
    print(f"cases: {len(cases)} in flight before the upgrade")


def during(cases_file: Path, stop_file: Path) -> None:
    loop = Loop()
    cases: list[dict[str, Any]] = []
    refused = 0
    while not stop_file.exists():
        case = loop.submit("during")
        if case is None:
            refused += 1
        else:
            cases.append(case)
        time.sleep(SUBMIT_EVERY)
    cases_file.write_text(json.dumps(cases))
    print(f"cases: {len(cases)} submitted during the upgrade, {refused} times not taken")


def after(cases_files: list[Path]) -> None:
    loop = Loop()
    cases = [case for file in cases_files for case in json.loads(file.read_text())]
    missing = [case["case"] for case in cases if loop.status(case) is None]
    if missing:
        raise SystemExit(f"cases: lost in the upgrade: {missing}")
    for case in cases:
        if case["note"] in ("submitted", "during"):
            loop.screen(case)
    for case in cases:
        if case["note"] != "resolved":
            loop.resolve(case)
    for case in cases:
        loop.call_back(case)
    for case in cases:
        loop.until(case, "closed")
    repeated = {case["case"]: loop.repeated_actions(case) for case in cases}
    repeated = {case: actions for case, actions in repeated.items() if actions}
    if repeated:
        raise SystemExit(f"cases: actions recorded twice: {repeated}")
    print(f"cases: all {len(cases)} went around the loop once and closed on the new release")


if __name__ == "__main__":
    phase, *files = sys.argv[1:]
    if phase == "before":
        before(Path(files[0]))
    elif phase == "during":
        during(Path(files[0]), Path(files[1]))
    else:
        after([Path(file) for file in files])
