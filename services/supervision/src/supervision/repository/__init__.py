"""Supervision's data: store.py (the Protocols use cases see), one SQL module per aggregate
(signals.py, facts.py, records.py, problems.py), sql.py (SqlStore), memory.py (MemoryStore)
and views.py (read-only queries behind GET routes)."""
