"""Dead letters after the fact: `civicloop-dlq list|replay|discard SERVICE`.

A dead letter is addressed by its place on `<prefix><service>.dlq.v1` (partition, offset).
Replay sends it back to its original topic, keyed as before, with `replay_for=<service>` so
that only the service that failed it processes it again, and `replay_count` one higher, a
count the consumer carries into the next dead letter should it fail again. Discard sets it
aside with a reason. Both decisions go into the service's `dead_letter_ledger` table (who,
when, why), so a later replay skips what was replayed or discarded and `list` shows it.

- letters: a dead letter read from its record, and the filters (pure)
- selection: what to do with each letter, the tally, progress lines (pure)
- ledger: the ledger table; topic: reading the topic and sending back
- commands: list, replay, discard; cli: the command line
"""
