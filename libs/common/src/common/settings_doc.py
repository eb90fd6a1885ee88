"""docs/configuration.md, the configuration reference, generated from the settings classes:
`ServiceSettings` and each service's `config.Settings`. A field's name in upper case is its
environment variable; its `Field(description=...)` is its meaning.

    python -m common.settings_doc --write docs/configuration.md
    python -m common.settings_doc --check docs/configuration.md   # exit 1 when stale
"""

from __future__ import annotations

import argparse
import enum
import importlib
import sys
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from common.settings import ServiceSettings

SERVICES = ("intake", "dispatch", "deadline", "callback", "supervision")

HEADER = """\
# Configuration

Generated from the settings classes by `python -m common.settings_doc --write
docs/configuration.md`: do not edit. `tests/contract` fails when this page differs from the
code. The fields are in `libs/common/src/common/settings.py` (every service) and
`services/<name>/src/<name>/config.py`; write a field's meaning as its `description`.

Services read these environment variables when they start (pydantic-settings: a field's name
in upper case is its variable). The supervision thresholds are explained with the routes
that use them in [services.md](services.md#supervision-routes).

| variable | default | services | meaning |
| --- | --- | --- | --- |
"""

FOOTER = """
`TOPIC_CATALOGUE` (default `deploy/topics.yaml`, found by searching upwards from the code)
names the topic catalogue that the services and `civicloop-topics` read.
`deploy/local/README.md` lists the variables of the local Kafka, PostgreSQL and gateway
scripts (ports, heap, time-outs).
"""


def settings_classes() -> dict[str, type[ServiceSettings]]:
    return {service: importlib.import_module(f"{service}.config").Settings for service in SERVICES}


def show_default(value: Any) -> str:
    if value is PydanticUndefined:
        return "(required)"
    if value is None:
        return "unset"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`" if value != "" else '`""`'


def choices(field: FieldInfo) -> list[str]:
    """The values a field of an Enum or Literal type accepts."""
    annotation = field.annotation
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(value) for value in typing.get_args(annotation)]
    return []


def meaning(name: str, fields: Sequence[FieldInfo]) -> str:
    described = [field.description for field in fields if field.description]
    if not described:
        raise ValueError(f"settings field {name} has no description")
    text = " ".join(described[0].split())
    if options := choices(fields[0]):
        text += "" if text.endswith(".") else "."
        text += " One of " + ", ".join(f"`{option}`" for option in options) + "."
    return text.replace("|", "\\|")


def row(name: str, owners: dict[str, FieldInfo], base: FieldInfo | None) -> str:
    defaults = {service: show_default(field.get_default()) for service, field in owners.items()}
    if len(set(defaults.values())) == 1:
        default = next(iter(defaults.values()))
    else:
        default = ", ".join(f"{value} {service}" for service, value in defaults.items())
    services = "all" if base is not None else ", ".join(owners)
    fields = [*owners.values(), *([base] if base else [])]
    return f"| `{name.upper()}` | {default} | {services} | {meaning(name, fields)} |"


def reference(classes: dict[str, type[ServiceSettings]]) -> str:
    names = list(ServiceSettings.model_fields)
    for settings in classes.values():
        names += [name for name in settings.model_fields if name not in names]
    rows = []
    for name in names:
        owners = {
            service: settings.model_fields[name]
            for service, settings in classes.items()
            if name in settings.model_fields
        }
        rows.append(row(name, owners, ServiceSettings.model_fields.get(name)))
    return HEADER + "\n".join(rows) + "\n" + FOOTER


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m common.settings_doc",
        description="Write or check the configuration reference, docs/configuration.md.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="FILE", type=Path, help="write the reference to FILE")
    mode.add_argument("--check", metavar="FILE", type=Path, help="exit 1 if FILE is not current")
    args = parser.parse_args(argv)
    text = reference(settings_classes())
    if args.write is not None:
        args.write.write_text(text, encoding="utf-8")
        print(f"wrote {args.write}")
        return 0
    if not args.check.is_file() or args.check.read_text(encoding="utf-8") != text:
        print(
            f"{args.check} differs from the settings classes; run "
            f"python -m common.settings_doc --write {args.check}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
