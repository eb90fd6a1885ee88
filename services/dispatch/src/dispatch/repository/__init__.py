"""Dispatch's data: the SQL of each aggregate, the read-only views, and the in-memory store."""
