"""`python -m callback` runs the service."""

from callback.main import run

run()
