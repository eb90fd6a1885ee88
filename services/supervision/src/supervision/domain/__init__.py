"""Supervision's pure rules and arithmetic: no I/O, no clock."""
