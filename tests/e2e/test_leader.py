"""The leader (领导), logged in with the demo account: reads the figures and the signals in
supervision and the return figures in dispatch, and is refused every step on a case."""

from __future__ import annotations

import httpx

from tests.support.handling import bearer, case_in, login
from tests.support.stack import Stack

READS = [
    ("supervision", "/api/v1/scorecards"),
    ("supervision", "/api/v1/scorecards.xlsx"),
    ("supervision", "/api/v1/rankings"),
    ("supervision", "/api/v1/hotspots.csv"),
    ("supervision", "/api/v1/recurring"),
    ("supervision", "/api/v1/signals"),
    ("supervision", "/api/v1/public/problem-list"),
    ("dispatch", "/api/v1/returns/stats"),
]


async def test_a_leader_reads_the_figures_and_acts_on_no_case(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = await case_in(http, stack, "assigned")
    issued = await login(http, stack, "leader", "demo-leader")
    assert issued.status_code == 200, issued.text
    leader = bearer(issued.json())

    for service, path in READS:
        read = await http.get(f"{stack.url(service)}{path}", headers=leader)
        assert read.status_code == 200, (path, read.text)

    commands = [
        ("dispatch", f"/api/v1/cases/{case_id}/sign", {}),
        ("dispatch", f"/api/v1/cases/{case_id}/close", {"reason": "领导直接办结"}),
        (
            "supervision",
            f"/api/v1/cases/{case_id}/urges",
            {"department": "urban-management", "reason": "请尽快办理"},
        ),
        (
            "supervision",
            "/api/v1/problem-list",
            {"title": "路灯", "responsible_unit": "urban-management", "time_limit": "2030-01-01"},
        ),
    ]
    for service, path, body in commands:
        refused = await http.post(f"{stack.url(service)}{path}", json=body, headers=leader)
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["error"] == "forbidden_role"
        assert "领导无权进行此操作" in refused.json()["message"]
