"""Deadline's use cases, one module per group; each takes the unit of work (`Unit`) first
and reaches data only through `uow.store`:

- clockwork.py: the calendar, the policy versions read so far and the scheduler's nudge
- policies.py: the versioned SLA policy table (seed, read, publish a new version)
- timers.py: starting timers on the policy in force, moving their clocks, ending them
- lifecycle.py: the case's lifecycle events start, pause, move, stop and cancel timers
- transfers.py: 转办 to an outside unit starts its acknowledge and answer limits
- requested.py: the submitter's requested completion date (CaseAccepted)
- scheduler.py: due alarms become events (written from a template for speed)
- calendars.py: year schedules loaded (API or files) and the calendar reloaded
- parked.py: timers parked for an unloaded year get their times once it is known
- calendar_files.py: year schedules as files, read at start-up
"""
