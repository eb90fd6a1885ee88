"""Supervision's data: store.py (the Protocols use cases see), one SQL module per aggregate
(signals.py, facts.py, records.py, problems.py, ledgers.py, campaigns.py), sql.py (SqlStore),
memory.py (MemoryStore, its ledgers in memory_ledgers.py, its campaigns in
memory_campaigns.py) and views.py (read-only queries behind GET routes)."""
