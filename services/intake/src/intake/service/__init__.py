"""Intake's use cases, one module per group.

- registration: a submission registered by a citizen, a clerk or an imported batch
- screening: a clerk's (or the automatic) screening of a waiting case
- duplicates: suspected originals flagged on registration, and dismissed by a clerk
- attachments: files added to a case and downloaded by staff
- tracking: the submitter's tracking code, throttled, and their view of the case
- staff_views: one case in full, the staff's lists and the screening queue
- timeline: events projected onto the staff and public timelines, and who handles a case
- refusals: the refusals the use cases share
"""
