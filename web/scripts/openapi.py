"""Writes what the console's API client is generated from: each service's OpenAPI document
(web/openapi/<service>.json) and the zh-CN labels of the shared vocabulary
(web/openapi/labels.json).

    .venv/bin/python web/scripts/openapi.py          # write them
    .venv/bin/python web/scripts/openapi.py --check  # exit 1 if a committed file is stale

Each service's app is built from its own composition root and asked for its document; nothing
is started, so neither Kafka nor PostgreSQL is needed. `npm run api` (in web/) runs this and
then openapi-typescript, which turns the documents into web/src/api/<service>.ts.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "openapi"
SERVICES = ("intake", "dispatch", "deadline", "callback", "supervision")
#: Never contacted: building an app only configures its clients.
UNUSED = {
    "database_url": "postgresql+asyncpg://openapi:openapi@127.0.0.1:9/openapi",
    "kafka_bootstrap_servers": "127.0.0.1:9",
}


def document(service: str) -> dict[str, Any]:
    main = importlib.import_module(f"{service}.main")
    config = importlib.import_module(f"{service}.config")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        app = main.app(config.Settings(**UNUSED, district_file=None))
    finally:  # building an app configures the service's logging; the caller keeps its own
        root.handlers[:], root.level = handlers, level
    openapi: dict[str, Any] = app.openapi()
    return openapi


def labels() -> dict[str, dict[str, str]]:
    """Vocabulary name -> value -> zh-CN label, e.g. {"Role": {"clerk": "窗口工作人员"}}: the
    shared vocabulary's, and those a service keeps for its own words."""
    from enum import StrEnum

    from common import vocabulary
    from supervision.exports import PROBLEM_STATUS_ZH

    shared = {
        name: {member.value: vocabulary.LABELS_ZH[member] for member in kind}
        for name, kind in vars(vocabulary).items()
        if isinstance(kind, type)
        and issubclass(kind, StrEnum)
        and kind is not StrEnum
        and all(member in vocabulary.LABELS_ZH for member in kind)
    }
    own = {
        "ProblemStatus": dict(PROBLEM_STATUS_ZH),
        "CaseState": dict(vocabulary.HANDLING_STATES_ZH),
        "SignalKind": dict(vocabulary.SIGNAL_KINDS_ZH),
    }
    return dict(sorted({**shared, **own}.items()))


def rendered() -> dict[str, str]:
    """File name -> content, exactly as committed."""
    files = {f"{service}.json": _json(document(service)) for service in SERVICES}
    files["labels.json"] = _json(labels())
    return files


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    files = rendered()
    if "--check" in argv:
        stale = [
            name
            for name, text in files.items()
            if not (OUT / name).is_file() or (OUT / name).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            print(f"web/openapi/{name} is stale: run `npm run api` in web/", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
