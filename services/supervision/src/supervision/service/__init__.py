"""Supervision's use cases, one module per group, each taking the unit of work (`Unit`) first:

- facts.py: keep a case's events and refold its scorecard facts
- signals.py: consumed events that file signals (督查信号) and learn who handles a case
- ladder.py: the escalation ladder (催办, 督办, 问责) and buck-passing (推诿扯皮) from events
- records.py: urges, orders and accountability records, shared by the ladder and the HTTP API
- evidence.py: the cited evidence events and the known case
- orders.py: urging, supervision orders and their answers (HTTP)
- meetings.py: joint meetings (联席会议) and accountability (问责) (HTTP)
- appeals.py: appeals (申诉) and their decisions (HTTP)
- problems.py: the problem list (问题清单) and the batches published on it (HTTP)
- campaigns.py: evaluation campaigns (三项评议): drafting, opening, closing (约谈, commitments,
  problems into the ledger), results and the scorecards' evaluations (HTTP)
- campaign_responses.py: invitation codes, responses, commitments (HTTP)
- ledgers.py, ledger_views.py: campaign ledgers (专项整治台账), their entries, figures and
  publishing (HTTP, and evaluation campaigns' problems)
- figures.py: scorecards, rankings, hotspots, recurrences and 转办 figures (HTTP)
"""
