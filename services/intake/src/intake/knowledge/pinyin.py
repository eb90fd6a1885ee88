"""Toneless pinyin of Chinese characters, so that search finds a word written with a homophone
(户扣 for 户口, 社宝 for 社保): residents type by pinyin and pick the wrong character.

The table is pypinyin's character table (pinyin_dict.json in its wheel: nothing is downloaded),
read once on first use without importing the pypinyin package, whose phrase dictionary would
cost some 50 MB of memory for readings search does not need. A character with several readings
gets its first, the most common one.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import unicodedata
from pathlib import Path


@functools.cache
def table() -> dict[str, str]:
    """Character -> toneless syllable (ü written v), for every character pypinyin knows."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or spec.origin is None:
        raise RuntimeError("pypinyin is not installed")
    raw = json.loads((Path(spec.origin).parent / "pinyin_dict.json").read_text(encoding="utf-8"))
    syllables: dict[str, str] = {}
    out: dict[str, str] = {}
    for code, readings in raw.items():
        toneless = _toneless(readings.split(",", 1)[0])
        out[chr(int(code))] = syllables.setdefault(toneless, toneless)
    return out


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(char for char in decomposed if not unicodedata.combining(char))
