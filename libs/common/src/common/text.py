"""Text a person typed, checked once for what PostgreSQL and a reader can take.

PostgreSQL refuses a NUL character in text, and UTF-8 cannot carry a lone surrogate (JSON
may spell one as "\\ud800"), so both are refused at the edge instead of failing a statement.
A name made only of blanks and invisible characters (zero-width spaces, joiners, the BOM)
names nothing and is refused as well.

`Text` and `Name` are the constrained string types for request models; `unstorable` and
`is_blank` are the checks for code that reads parameters itself (Open311's form and query).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator

#: Unicode general categories that print nothing: separators, controls, format characters.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def unstorable(value: str) -> str | None:
    """Why `value` cannot be stored as text, in zh-CN, or None when it can."""
    if "\x00" in value:
        return "不能包含空字符（NUL, \\u0000）"
    if any("\ud800" <= char <= "\udfff" for char in value):
        return "包含无效的 Unicode 字符（孤立代理项）"
    return None


def is_blank(value: str) -> bool:
    """True when `value` has no visible character (empty, blanks, zero-width characters)."""
    return all(unicodedata.category(char) in _INVISIBLE_CATEGORIES for char in value)


def _storable(value: str) -> str:
    problem = unstorable(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _named(value: str) -> str:
    if is_blank(value):
        raise ValueError("不能为空，也不能只含空白或不可见字符")
    return value


#: Free text that can be stored: no NUL, no lone surrogate.
Text = Annotated[str, AfterValidator(_storable)]
#: A name or title: storable and with at least one visible character.
Name = Annotated[str, AfterValidator(_storable), AfterValidator(_named)]

#: A knowledge article's id (a district file's code, or KB-<department>-<suffix>), as every
#: service's routes accept it; only intake knows which exist.
KNOWLEDGE_ARTICLE_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"
