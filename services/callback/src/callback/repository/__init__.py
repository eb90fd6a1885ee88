"""Callback's data: store.py (the Protocols use cases see), tasks.py, titles.py and
rating_links.py (their SQL), sql.py (SqlStore), memory.py (MemoryStore for application tests)
and views.py (read-only queries behind the agents' GET routes)."""
