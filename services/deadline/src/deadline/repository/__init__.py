"""Deadline's storage: store.py (the Protocols use cases see), one SQL module per aggregate
(timers, alarms, policies, calendar, requested), sql.py (SqlStore), memory.py (MemoryStore
for application tests) and views.py (read-only queries behind GET routes)."""
