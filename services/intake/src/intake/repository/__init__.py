"""Intake's storage: the store's Protocols, their SQL one module per aggregate, and their
in-memory twin.

- store: one Protocol per aggregate, Store gathering them, and Unit (the use cases' unit of work)
- sql: SqlStore, every aggregate's SQL over one session
- cases: registered cases, their numbering and the staff's lists
- duplicates: the search for likely originals, and the flags kept
- catalogue: the category catalogue as registration reads it
- handling: who handles a case
- attachments: a case's files
- timelines: the staff timeline and the public read model
- tracking: the tracking-code throttle's counts
- memory, memory_cases: MemoryStore, the same in plain dicts and lists, for application tests
"""
