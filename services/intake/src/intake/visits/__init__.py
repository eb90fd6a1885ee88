"""Window visits rated by the public (窗口单位百姓评): the visitor rates the window unit and the
staff member who received the case, once per case, with its tracking code; supervisors read
the roll-ups per window unit and per staff member, and export them.

- rules: which cases are window visits, who was rated, the scores and the roll-up arithmetic
- service: the use cases (the visit page, the rating, the roll-ups)
- repository: the ratings in PostgreSQL (repository/memory_visits.py: in memory)
- api: the public routes and the supervisors' roll-ups and exports
"""
