"""Supervision (督查督办): signals, the escalation ladder, supervisors' records, appeals, the
problem list and the scorecards folded from the other services' events."""
