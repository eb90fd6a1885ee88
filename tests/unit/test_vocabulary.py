"""The labels people read, kept in one place, and times shown the way the district reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from common import vocabulary
from common.clock import local_date, local_text
from common.vocabulary import (
    HANDLING_ACTIONS_ZH,
    HANDLING_STATES_ZH,
    LABELS_ZH,
    SIGNAL_KINDS_ZH,
    SignalKind,
)
from dispatch.domain.lifecycle import Action, CaseState

ENUMS = [
    kind
    for kind in vars(vocabulary).values()
    if isinstance(kind, type) and issubclass(kind, StrEnum) and kind is not StrEnum
]


def test_every_word_of_the_vocabulary_has_its_chinese_label() -> None:
    in_labels = [kind for kind in ENUMS if kind is not SignalKind]
    values = [member.value for kind in in_labels for member in kind]
    assert len(values) == len(set(values)), "a code shared by two enums would share a label"
    assert [v for v in values if v not in LABELS_ZH] == []
    assert set(SIGNAL_KINDS_ZH) == set(SignalKind)
    assert set(HANDLING_ACTIONS_ZH) == {action.value for action in Action}
    assert set(HANDLING_STATES_ZH) == {state.value for state in CaseState}


def test_times_are_shown_and_dated_in_asia_shanghai() -> None:
    due = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    assert local_text(due) == "2026-11-30 11:00"
    assert local_date(datetime(2026, 11, 29, 18, 33, tzinfo=UTC)) == date(2026, 11, 30)
    assert local_date(datetime(2026, 11, 29, 15, 59, tzinfo=UTC)) == date(2026, 11, 29)
