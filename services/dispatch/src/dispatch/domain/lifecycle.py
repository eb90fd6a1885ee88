"""The handling lifecycle of an accepted case: the one state machine of the platform.
Pure code. Each action is legal only from the states listed in TRANSITIONS; anything else
raises IllegalTransition naming the current state and the actions allowed from it. Within a
legal transition some rules depend on the case's facts rather than its state (an extension
already pending, co-handlers still silent, the extension cap): those raise RuleRefused with a
code of their own, so the caller learns exactly which rule stopped it.

A pending extension request is an attribute, not a state: while it waits for the dispatcher
the department keeps handling the case (it may suspend, contact, resolve), so a state would
have to be doubled for every state it can coexist with.

The machine is one table and one case type, written in modules by concern: transitions.py
(the table), refusals.py, records.py (the values), case.py (the facts and the mechanics
every step goes through), and the steps by who takes them: dispatching.py, handling.py,
settling.py. Every step checks the same table (CaseFacts._target), so no rule lives apart
from it. This module assembles HandlingCase and is what the rest of dispatch imports.
"""

from __future__ import annotations

from dispatch.domain.case import CaseFacts
from dispatch.domain.dispatching import DispatcherSteps
from dispatch.domain.handling import DepartmentSteps
from dispatch.domain.records import (
    ExtensionCap,
    PendingExtension,
    Route,
    Transition,
    refuse_outside_units,
    require_outside_unit,
)
from dispatch.domain.refusals import IllegalTransition, NotHandlingDepartment, RuleRefused
from dispatch.domain.settling import SettlingSteps
from dispatch.domain.transitions import (
    LEAD_ACTIONS,
    REOPEN_TRANSFERRED,
    TRANSITIONS,
    Action,
    CaseState,
    allowed_actions,
)

__all__ = [
    "LEAD_ACTIONS",
    "REOPEN_TRANSFERRED",
    "TRANSITIONS",
    "Action",
    "CaseFacts",
    "CaseState",
    "ExtensionCap",
    "HandlingCase",
    "IllegalTransition",
    "NotHandlingDepartment",
    "PendingExtension",
    "Route",
    "RuleRefused",
    "Transition",
    "allowed_actions",
    "refuse_outside_units",
    "require_outside_unit",
]


class HandlingCase(DispatcherSteps, DepartmentSteps, SettlingSteps):
    """A case in handling: its facts (CaseFacts) and every step the table allows on it.
    Immutable: a step returns the new case, with the step on its history, and its events."""
