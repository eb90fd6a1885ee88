"""civicloop-staff: staff accounts from the command line, with no running dispatch and no token.

  civicloop-staff create-admin USERNAME [--name NAME]   a district's first administrator
  civicloop-staff set-password USERNAME                 a new password; clears a login lock
  civicloop-staff deactivate USERNAME [USERNAME ...]    the accounts can no longer log in

The password comes from STAFF_PASSWORD or, without it, from standard input: asked twice on a
terminal, otherwise the first line. It is never an argument, which other users could read.
DATABASE_URL names the database. Dispatch's schema is migrated first, so the command works
before dispatch has ever started.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from common.db import Database, async_database_url
from common.district import bundled_demo_path, load_district
from common.envelope import Envelope, Event
from common.errors import ApiError, Unprocessable
from common.migrations import migrate
from common.vocabulary import Role
from dispatch.api.staff import USERNAME_PATTERN
from dispatch.main import MIGRATIONS
from dispatch.repository.sql import SqlStore
from dispatch.service import staff

PASSWORD_VARIABLE = "STAFF_PASSWORD"


@dataclass(frozen=True)
class StaffUnit:
    """The unit a staff command runs in: the store over one transaction. Staff changes
    announce nothing, so there is no outbox."""

    store: SqlStore

    def emit(self, event: Event, *, case_id: str) -> Envelope:
        raise TypeError(f"a staff command announces nothing, not {event.event_type}")

    def after_commit(self, callback: Callable[[], None]) -> None:
        raise TypeError("a staff command schedules nothing")


def read_password() -> str:
    if (password := os.environ.get(PASSWORD_VARIABLE)) is not None:
        return password
    if sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise Unprocessable("passwords_differ", "两次输入的密码不一致")
        return password
    return sys.stdin.readline().rstrip("\r\n")


def published_passwords() -> set[str]:
    """Every demo password of the bundled demo district and of DISTRICT_FILE: public text."""
    paths = {bundled_demo_path(), os.environ.get("DISTRICT_FILE")} - {None}
    return {p for path in paths for p in load_district(path).demo_logins().values()}


def refuse_published(password: str) -> None:
    if password in published_passwords():
        raise Unprocessable("published_password", "这是公开的演示密码，请另选一个密码")


async def run(args: argparse.Namespace, password: str | None) -> list[dict[str, Any]]:
    db = Database(async_database_url(args.database_url), schema="dispatch", pool_size=1)
    try:
        await migrate(db, MIGRATIONS)
        async with db.session() as session, session.begin():
            uow = StaffUnit(SqlStore(session))
            if args.command == "create-admin":
                assert password is not None
                created = await staff.create_staff(
                    uow,
                    username=args.username,
                    name=args.name,
                    role=Role.ADMIN,
                    department=None,
                    password=password,
                )
                return [created]
            if args.command == "set-password":
                assert password is not None
                await staff.set_password(uow, args.username, password=password)
                return [await staff.existing_staff(uow.store.staff, args.username)]
            return [
                await staff.update_staff(uow, username, changes={"active": False})
                for username in args.usernames
            ]
    finally:
        await db.dispose()


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="civicloop-staff",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    commands = top.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="create an administrator")
    create.add_argument("username")
    create.add_argument("--name", default="系统管理员", help="the name staff see")
    commands.add_parser("set-password", help="set an account's password").add_argument("username")
    deactivate = commands.add_parser("deactivate", help="stop accounts from logging in")
    deactivate.add_argument("usernames", nargs="+")
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    if not args.database_url:
        top.error("set DATABASE_URL or pass --database-url")
    if args.command == "create-admin" and not re.match(USERNAME_PATTERN, args.username):
        top.error(f"a username matches {USERNAME_PATTERN}")
    try:
        password = None
        if args.command in ("create-admin", "set-password"):
            password = read_password()
            refuse_published(password)
        accounts = asyncio.run(run(args, password))
    except ApiError as refused:
        print(f"civicloop-staff: {refused.code}: {refused.message}", file=sys.stderr)
        return 1
    for account in accounts:
        print(json.dumps(account, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
