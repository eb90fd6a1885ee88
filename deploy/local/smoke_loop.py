"""One case around the whole loop through the gateway, as the staff would: a resident submits
it, it is accepted and routed by rule, the lead department's handler signs and resolves it,
the callback agent records a satisfied callback, and the case closes. Standard library only,
so it runs with nothing but the installed system (an offline bundle's check).

    python deploy/local/smoke_loop.py [GATEWAY_URL]     (default http://127.0.0.1:8080)

Uses the demo accounts (admin, clerk, callback-agent; the lead's handler is looked up):
development deployments only. Exits non-zero, saying which step failed, when the loop does
not close within the time allowed."""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from typing import Any

WAIT_SECONDS = 60
DEMO_PASSWORDS = {
    "admin": "demo-admin",
    "clerk": "demo-clerk",
    "callback-agent": "demo-callback-agent",
}
HANDLER_PASSWORD = "demo-handler"


class Gateway:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def call(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> tuple[int, Any]:
        request = urllib.request.Request(self.url + path, method=method)
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, data, timeout=15) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def ok(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        status, answer = self.call(method, path, body, token)
        if status >= 300:
            raise SystemExit(f"smoke: {method} {path} answered {status}: {answer}")
        return answer

    def token(self, username: str, password: str) -> str:
        answer = self.ok(
            "POST",
            "/api/dispatch/api/v1/auth/token",
            {"username": username, "password": password},
        )
        return str(answer["access_token"])

    def until(self, what: str, path: str, token: str | None, done: Any) -> Any:
        deadline = time.monotonic() + WAIT_SECONDS
        answer: Any = None
        while time.monotonic() < deadline:
            status, answer = self.call("GET", path, token=token)
            if status == 200 and done(answer):
                return answer
            time.sleep(0.5)
        raise SystemExit(f"smoke: no {what} after {WAIT_SECONDS} s; last answer: {answer}")


def routed_category(gateway: Gateway, admin: str) -> tuple[str, str]:
    """A category routed by rule to a district department (not an outside unit, which takes
    a case by 转办), and that department."""
    rules = gateway.ok("GET", "/api/dispatch/api/v1/org/routing-rules", token=admin)
    categories = {c["code"] for c in gateway.ok("GET", "/api/intake/api/v1/categories")}
    departments = gateway.ok("GET", "/api/dispatch/api/v1/org/departments", token=admin)
    inside = {d["code"] for d in departments if not d.get("outside")}
    for rule in rules:
        if rule["lead"] in inside and not rule["co_handlers"] and rule["category"] in categories:
            return rule["category"], rule["lead"]
    raise SystemExit("smoke: no category is routed to a district department alone by rule")


def handler_of(gateway: Gateway, admin: str, department: str) -> str:
    staff = gateway.ok(
        "GET", f"/api/dispatch/api/v1/org/staff?role=handler&department={department}", token=admin
    )
    if not staff:
        raise SystemExit(f"smoke: department {department} has no handler account")
    return str(staff[0]["username"])


def main() -> None:
    gateway = Gateway(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
    admin = gateway.token("admin", DEMO_PASSWORDS["admin"])
    category, lead = routed_category(gateway, admin)
    receipt = gateway.ok(
        "POST",
        "/api/intake/api/v1/cases",
        {
            "channel": "web",
            "kind": "complaint",
            "category": category,
            "title": "离线安装检查：小区门口路面破损",
            "description": f"离线安装后的整条流程检查，{time.time_ns()}。",
            "submitter": {"kind": "person", "name": "检查员", "phone": "13800009999"},
        },
    )
    case, code = receipt["case_id"], receipt["tracking_code"]
    print(f"smoke: case {case} submitted under {category}, routed by rule to {lead}")
    if receipt["status"] == "pending":
        clerk = gateway.token("clerk", DEMO_PASSWORDS["clerk"])
        gateway.ok(
            "POST", f"/api/intake/api/v1/cases/{case}/screening", {"outcome": "accept"}, clerk
        )
    public = f"/api/intake/api/v1/public/cases/{case}?code={code}"
    gateway.until("assignment", public, None, lambda a: a["status"] == "assigned")

    handler = gateway.token(handler_of(gateway, admin, lead), HANDLER_PASSWORD)
    gateway.ok("POST", f"/api/dispatch/api/v1/cases/{case}/sign", token=handler)
    gateway.ok(
        "POST",
        f"/api/dispatch/api/v1/cases/{case}/resolve",
        {"result": "solved", "summary": "已现场修复。"},
        handler,
    )
    agent = gateway.token("callback-agent", DEMO_PASSWORDS["callback-agent"])
    gateway.until(
        "callback task", f"/api/callback/api/v1/callbacks/{case}", agent, lambda a: bool(a)
    )
    gateway.ok(
        "POST",
        f"/api/callback/api/v1/callbacks/{case}/result",
        {"satisfaction": "satisfied", "solved": True, "comment": "满意"},
        agent,
    )
    gateway.until("closing", public, None, lambda a: a["status"] == "closed")
    print(f"smoke: case {case} went around the loop and closed")


if __name__ == "__main__":
    main()
