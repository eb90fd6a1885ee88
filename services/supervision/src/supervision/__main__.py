"""`python -m supervision`: run the service."""

from supervision.main import run

run()
