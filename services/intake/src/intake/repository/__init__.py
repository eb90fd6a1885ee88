"""Intake's storage, one module per aggregate.

- cases: registered cases, their numbering and the staff's lists
- duplicates: the search for likely originals, and the flags kept
- catalogue: the category catalogue as registration reads it
- handling: who handles a case
- attachments: a case's files
- timelines: the staff timeline and the public read model
- tracking: the tracking-code throttle's counts
"""
