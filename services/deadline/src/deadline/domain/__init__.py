"""Deadline's pure rules: working time, year schedules, the policy table, alarm plans and
requested dates; no I/O."""
