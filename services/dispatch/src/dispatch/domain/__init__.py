"""Dispatch's pure rules: the handling state machine, permissions, the organisation, the
taxonomy, and the reasons given for routing."""
