"""Evaluation campaigns in plain lists, for the application tests, mirroring the SQL: the
column defaults, ON CONFLICT DO NOTHING on the unique keys, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from common.clock import utcnow


def _newest_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(row) for row in reversed(rows)]


@dataclass
class MemoryCampaigns:
    campaigns: list[dict[str, Any]] = field(default_factory=list)
    invitations: list[dict[str, Any]] = field(default_factory=list)
    responses_: list[dict[str, Any]] = field(default_factory=list)
    commitments_: list[dict[str, Any]] = field(default_factory=list)

    async def add(self, values: dict[str, Any]) -> dict[str, Any]:
        row = {
            "status": "draft",
            "ledger_id": None,
            "created_at": utcnow(),
            "opened_at": None,
            "closed_at": None,
            "closed_by": None,
            **values,
        }
        self.campaigns.append(row)
        return dict(row)

    async def get(self, campaign_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        found = [row for row in self.campaigns if row["campaign_id"] == campaign_id]
        return dict(found[0]) if found else None

    async def update(self, campaign_id: str, **values: Any) -> None:
        for row in self.campaigns:
            if row["campaign_id"] == campaign_id:
                row.update(values)

    async def listed(self, status: str | None = None) -> list[dict[str, Any]]:
        return _newest_first([r for r in self.campaigns if status in (None, r["status"])])

    async def add_invitations(self, campaign_id: str, code_hashes: Sequence[str]) -> None:
        for code_hash in code_hashes:
            self.invitations.append(
                {
                    "campaign_id": campaign_id,
                    "code_hash": code_hash,
                    "created_at": utcnow(),
                    "used_at": None,
                }
            )

    def _invitation(self, campaign_id: str, code_hash: str) -> dict[str, Any] | None:
        for row in self.invitations:
            if (row["campaign_id"], row["code_hash"]) == (campaign_id, code_hash):
                return row
        return None

    async def invitation(self, campaign_id: str, code_hash: str) -> dict[str, Any] | None:
        row = self._invitation(campaign_id, code_hash)
        return dict(row) if row is not None else None

    async def use_invitation(self, campaign_id: str, code_hash: str, at: datetime) -> None:
        if (row := self._invitation(campaign_id, code_hash)) is not None:
            row["used_at"] = at

    async def add_response(self, values: dict[str, Any]) -> bool:
        key = (values["campaign_id"], values["rater_key"])
        if any((r["campaign_id"], r["rater_key"]) == key for r in self.responses_):
            return False
        self.responses_.append(dict(values))
        return True

    async def responses(self, campaign_ids: Sequence[str]) -> list[dict[str, Any]]:
        return [dict(r) for r in self.responses_ if r["campaign_id"] in campaign_ids]

    async def add_commitment(self, values: dict[str, Any]) -> bool:
        key = (values["campaign_id"], values["department"])
        if any((r["campaign_id"], r["department"]) == key for r in self.commitments_):
            return False
        row = {"text": None, "written_by": None, "written_at": None, "created_at": utcnow()}
        self.commitments_.append({**row, **values})
        return True

    async def commitment(self, commitment_id: str) -> dict[str, Any] | None:
        found = [r for r in self.commitments_ if r["commitment_id"] == commitment_id]
        return dict(found[0]) if found else None

    async def update_commitment(self, commitment_id: str, **values: Any) -> None:
        for row in self.commitments_:
            if row["commitment_id"] == commitment_id:
                row.update(values)

    async def commitments(
        self, *, department: str | None = None, written: bool = False
    ) -> list[dict[str, Any]]:
        return _newest_first(
            [
                row
                for row in self.commitments_
                if department in (None, row["department"])
                and (not written or row["text"] is not None)
            ]
        )
