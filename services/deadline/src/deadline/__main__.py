"""`python -m deadline` runs the service."""

from deadline.main import run

run()
