"""`python -m dispatch` serves the service."""

from dispatch.main import run

run()
