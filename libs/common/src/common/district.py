"""The district definition file (deploy/district/*.yaml): departments and their sub-units,
categories with their routing, and the staff accounts a new district starts with."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from common.district_file import (
    DistrictFileError,
    Problem,
    demo_handler_problems,
    demo_handler_username,
    demo_reviewer_username,
    flatten,
    from_validation,
    problems,
    refused,
)
from common.vocabulary import RequestKind, Role

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"


class Department(BaseModel):
    model_config = ConfigDict(frozen=True)
    code: str = Field(pattern=CODE_PATTERN)
    name: str
    kind: str = "bureau"
    parent: str | None = None  # the department a sub-unit belongs to (a street's community)
    #: a unit the district hands cases to but does not command (utilities, the police)
    outside: bool = False


class StaffAccount(BaseModel):
    """A login. The file stores an Argon2id hash; only a demo account also shows its password,
    which is published, so it is seeded only outside production and a production dispatch
    refuses to start while that password still logs in."""

    model_config = ConfigDict(frozen=True)
    username: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")
    name: str
    role: Role
    department: str | None = None
    password_hash: str = Field(pattern=r"^\$argon2id\$")
    demo_password: str | None = None
    #: the department's knowledge-base reviewer (知识库审核人); a handler only
    reviews_knowledge: bool = False

    @property
    def is_demo(self) -> bool:
        return self.demo_password is not None


class DemoPassword(BaseModel):
    """One published password and its Argon2id hash, shared by a family of demo accounts."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    password_hash: str = Field(pattern=r"^\$argon2id\$")
    demo_password: str


class DemoHandlers(DemoPassword):
    """`demo_handlers:` in a district file: a demo handler account in every department and
    outside unit, `<department code>-handler`, all with one published password, and with
    `reviewers:` a knowledge-base reviewer beside each, `<department code>-reviewer`, with
    another. They are demo accounts like any listed with `demo_password`: never seeded in
    production, and a production dispatch refuses to start while one still logs in with it."""

    reviewers: DemoPassword | None = None


class Category(BaseModel):
    model_config = ConfigDict(frozen=True)
    code: str = Field(pattern=CODE_PATTERN)
    name: str
    lead: str | None = None
    co_handlers: list[str] = Field(default_factory=list)
    #: where a taxonomy leaf sits: its domain (领域) and category (类别); None in a flat file
    domain: str | None = None
    domain_name: str | None = None
    group: str | None = None
    group_name: str | None = None
    #: the request kinds residents bring under this leaf (咨询, 投诉, ...)
    kinds: list[RequestKind] = Field(default_factory=list)


class ClassifierChoice(BaseModel):
    """Which classifier a district runs and the labelled corpus it trains on (a folder,
    relative to the district file); without it intake runs the demo classifier."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    #: the character n-gram naive Bayes of intake.domain.classification (the only one yet)
    model: Literal["naive-bayes"] = "naive-bayes"
    corpus: str
    threshold: float = Field(ge=0, le=1)


class KnowledgeSection(BaseModel):
    """`knowledge:` in a district file: the folder of its knowledge articles (seeded at
    intake's start-up), the folder of its search evaluation questions (never loaded into the
    system), both relative to the district file, and how many months after publishing or its
    last review a published article is due for review (unset: intake's default)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    articles: str | None = None
    questions: str | None = None
    review_months: int | None = Field(default=None, ge=1, le=120)


class LedgerDisposition(BaseModel):
    """How a campaign ledger (专项整治台账) disposes of an entry: 立行立改, 列入专项研究, ..."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    name: str = Field(min_length=1, max_length=64)


#: The dispositions every district's ledgers have; a district file adds its own after them.
DEFAULT_LEDGER_DISPOSITIONS = (
    LedgerDisposition(code="fixed_at_once", name="立行立改"),
    LedgerDisposition(code="special_study", name="列入专项研究"),
    LedgerDisposition(code="key_supervision", name="重点督办"),
)


class DistrictInfo(BaseModel):
    code: str
    name: str


class District(BaseModel):
    model_config = ConfigDict(frozen=True)
    district: DistrictInfo
    departments: list[Department]
    categories: list[Category]
    staff: list[StaffAccount] = Field(default_factory=list)
    demo_handlers: DemoHandlers | None = None
    classifier: ClassifierChoice | None = None
    knowledge: KnowledgeSection | None = None
    #: the district's own ledger dispositions, after the defaults
    ledger_dispositions: list[LedgerDisposition] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_name_known_departments(self) -> District:
        known = {d.code for d in self.departments}
        for category in self.categories:
            for code in [category.lead, *category.co_handlers]:
                if code is not None and code not in known:
                    raise ValueError(
                        f"category {category.code} routes to unknown department {code}"
                    )
        for department in self.departments:
            if department.parent is not None and department.parent not in known:
                raise ValueError(
                    f"department {department.code} has unknown parent {department.parent}"
                )
        for account in self.staff:
            if account.department is not None and account.department not in known:
                raise ValueError(
                    f"staff {account.username} belongs to unknown department {account.department}"
                )
            if account.role is Role.HANDLER and account.department is None:
                raise ValueError(f"handler {account.username} needs a department")
            if account.reviews_knowledge and account.role is not Role.HANDLER:
                raise ValueError(f"knowledge reviewer {account.username} must be a handler")
        if self.demo_handlers is not None:
            for problem in demo_handler_problems(
                self.model_dump(include={"departments", "staff", "demo_handlers"})
            ):
                raise ValueError(problem.reason)
        return self

    @property
    def dispositions(self) -> list[LedgerDisposition]:
        """Every disposition a ledger entry may take: the defaults, then the district's own."""
        return [*DEFAULT_LEDGER_DISPOSITIONS, *self.ledger_dispositions]

    @property
    def accounts(self) -> list[StaffAccount]:
        """The staff listed one by one, then the handlers `demo_handlers` stands for."""
        return [*self.staff, *self._demo_handler_accounts()]

    def _demo_handler_accounts(self) -> list[StaffAccount]:
        if self.demo_handlers is None:
            return []
        handlers = [
            StaffAccount(
                username=demo_handler_username(department.code),
                name=f"{department.name}承办演示账号",
                role=Role.HANDLER,
                department=department.code,
                password_hash=self.demo_handlers.password_hash,
                demo_password=self.demo_handlers.demo_password,
            )
            for department in self.departments
        ]
        if (reviewers := self.demo_handlers.reviewers) is None:
            return handlers
        return handlers + [
            StaffAccount(
                username=demo_reviewer_username(department.code),
                name=f"{department.name}知识库审核演示账号",
                role=Role.HANDLER,
                department=department.code,
                password_hash=reviewers.password_hash,
                demo_password=reviewers.demo_password,
                reviews_knowledge=True,
            )
            for department in self.departments
        ]

    def staff_to_seed(self, *, demo_accounts: bool) -> list[StaffAccount]:
        """The accounts a new district starts with; demo accounts only where asked for."""
        return [account for account in self.accounts if demo_accounts or not account.is_demo]

    def demo_logins(self) -> dict[str, str]:
        """Username -> the published password of each demo account."""
        return {a.username: a.demo_password for a in self.accounts if a.demo_password is not None}


def bundled_demo_path() -> Path | None:
    """deploy/district/demo.yaml beside the code (in a checkout and in the image), if any."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "deploy" / "district" / "demo.yaml"
        if candidate.is_file():
            return candidate
    return None


def default_district_path() -> Path:
    if env := os.environ.get("DISTRICT_FILE"):
        return Path(env)
    if bundled := bundled_demo_path():
        return bundled
    raise FileNotFoundError("deploy/district/demo.yaml not found; set DISTRICT_FILE")


def load_district(path: str | Path | None = None) -> District:
    return district_digest(path)[0]


def district_digest(path: str | Path | None = None) -> tuple[District, str]:
    """The district and the SHA-256 of its file: which version of the file seeded a database.
    A file with any problem raises DistrictFileError naming the line; nothing is returned."""
    where = Path(path or default_district_path())
    raw = where.read_bytes()
    return parse_district(where, raw), hashlib.sha256(raw).hexdigest()


def parse_district(path: str | Path, raw: str | bytes) -> District:
    document = yaml.safe_load(raw)
    if not isinstance(document, dict):
        raise DistrictFileError(path, 1, "expected a mapping with district, departments, ...")
    if found := problems(document) + _disposition_problems(document):
        raise refused(path, raw, found[0])
    flat = flatten(document)
    try:
        return District.model_validate(flat.document)
    except ValidationError as error:
        raise refused(path, raw, from_validation(error, flat.origins)) from error


def _disposition_problems(document: dict[str, object]) -> list[Problem]:
    """A district's own disposition may repeat neither a default's code nor another's."""
    seen = {disposition.code for disposition in DEFAULT_LEDGER_DISPOSITIONS}
    found = []
    own = document.get("ledger_dispositions")
    for i, entry in enumerate(own if isinstance(own, list) else []):
        code = entry.get("code") if isinstance(entry, dict) else None
        if code is None:
            continue
        if code in seen:
            found.append(
                Problem(("ledger_dispositions", i, "code"), f"duplicate disposition {code}")
            )
        seen.add(code)
    return found
