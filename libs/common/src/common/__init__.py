"""Plumbing shared by every service: envelope and events, topics, settings, database,
outbox and inbox, broker, metrics, logging. Only what every service needs lives here."""
