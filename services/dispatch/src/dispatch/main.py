"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from fastapi import FastAPI

from common.consumer import Handler
from common.district import District, bundled_demo_path, district_digest, load_district
from common.envelope import Event
from common.runtime import Runtime, ServiceDefinition, create_app
from common.serve import serve
from dispatch import api, handlers, measures
from dispatch.config import Settings
from dispatch.repository.sql import SqlStore
from dispatch.service import logins, organisation, taxonomy

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


log = logging.getLogger(__name__)


class DemoLoginsActive(RuntimeError):
    """A production dispatch found accounts that log in with a published demo password."""

    def __init__(self, usernames: list[str]) -> None:
        super().__init__(
            "production refuses to start: these accounts still log in with their published "
            f"demo password: {', '.join(usernames)}. Deactivate them or change their passwords "
            "(civicloop-staff deactivate USERNAME... / civicloop-staff set-password USERNAME)"
        )
        self.usernames = usernames


async def load_organisation(runtime: Runtime) -> None:
    """Seed the organisation from the district file the first time (or add what a new
    version of the file brings); edits made since through the API are kept. Demo accounts
    are seeded only outside production, and production refuses to run while one works."""
    production = runtime.settings.environment == "production"
    district, sha256 = district_digest(runtime.settings.district_file)
    async with runtime.unit_of_work() as uow:
        applied = await organisation.seed_organisation(
            uow, district, sha256=sha256, demo_accounts=not production
        )
    # every start, not only a new file's first: a database seeded before the taxonomy was
    # kept gets it, and a node already present is never changed by the file
    async with runtime.unit_of_work() as uow:
        added = await taxonomy.seed(uow, district)
    if added:
        log.info("taxonomy seeded", extra={"added": len(added)})
    log.info(
        "district file applied" if applied else "district file already applied",
        extra={"district": district.district.code, "sha256": sha256},
    )
    if production:
        await refuse_published_passwords(runtime, district)


async def refuse_published_passwords(runtime: Runtime, district: District) -> None:
    """The demo passwords of the district file and of the bundled demo file are public: an
    account that still accepts one would let anybody in."""
    published = set(district.demo_logins().items())
    if (bundled := bundled_demo_path()) is not None:
        published |= load_district(bundled).demo_logins().items()
    async with runtime.unit_of_work() as uow:
        working = await logins.working_demo_logins(uow, published)
    if working:
        refused = DemoLoginsActive(working)
        log.critical(str(refused), extra={"accounts": working})
        raise refused


def consumers(runtime: Runtime) -> Mapping[type[Event], Handler]:
    """The event handlers; categories are named as the district file names them."""
    district = load_district(runtime.settings.district_file)
    return handlers.handlers(
        runtime.settings_as(Settings).max_handling_rounds,
        category_names={c.code: c.name for c in district.categories},
    )


def definition(settings: Settings) -> ServiceDefinition:
    return ServiceDefinition(
        name="dispatch",
        title="dispatch - 交办与办理",
        migrations=MIGRATIONS,
        store=SqlStore,
        consumes=handlers.CONSUMES,
        handlers=consumers,
        routers=api.routers,
        on_startup=load_organisation,
        background=[measures.sample_cases],
    )


def app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(definition(settings), settings)


def run() -> None:
    settings = Settings()
    serve(app(settings), settings)


if __name__ == "__main__":
    run()
