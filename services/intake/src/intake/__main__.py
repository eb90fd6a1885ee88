"""Intake's entry point: `python -m intake` runs the service."""

from intake.main import run

run()
