"""Dispatch's use cases, one module per group:

- routing: CaseAccepted routed by the category's rule, queued, or 转办 to an outside unit
- callbacks: a callback's outcome closes, reopens or refers the case
- steps: a staff step on a case (the state machine's) and the checks its arguments pass
- bulk: one dispatcher step on a selection of cases, each in its own unit
- logins: credentials, the login lock, and published demo passwords
- organisation: departments, routing rules, the district file's seeding
- staff: staff accounts
- taxonomy: the live taxonomy, its edits and their announcement
"""
