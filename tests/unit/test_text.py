"""What text the edge accepts: nothing PostgreSQL or UTF-8 refuses, no invisible names."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from common.text import Name, Text, is_blank, unstorable


class _Form(BaseModel):
    name: Name
    note: Text = ""


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x\ud800y"])
def test_text_postgresql_cannot_store_is_refused(value: str) -> None:
    assert unstorable(value) is not None
    with pytest.raises(ValidationError) as refused:
        _Form(name="张三", note=value)
    assert refused.value.errors()[0]["loc"] == ("note",)


@pytest.mark.parametrize("value", ["", "   ", "\u200b\u200b", "\ufeff", "\u3000\t\n", "\u200d"])
def test_a_name_of_invisible_characters_is_refused(value: str) -> None:
    assert is_blank(value)
    with pytest.raises(ValidationError) as refused:
        _Form(name=value)
    assert "不可见字符" in refused.value.errors()[0]["msg"]


@pytest.mark.parametrize("value", ["张三", "路灯不亮", " a ", "\u200b李"])
def test_ordinary_text_passes(value: str) -> None:
    assert unstorable(value) is None
    assert not is_blank(value)
    assert _Form(name=value, note=value).name == value
