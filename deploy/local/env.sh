#!/usr/bin/env bash
# Connection settings of the local services started by deploy/local/infra.sh.
#
#   source deploy/local/env.sh         # exports them into the current shell
#   eval "$(deploy/local/env.sh)"      # same, from any shell that can eval
#   deploy/local/env.sh                # prints them as export lines
#
# A variable that is already set is left alone, so an external Kafka or PostgreSQL wins.
# The local ports follow KAFKA_PORT (19092) and PGPORT_LOCAL (54329).

export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${KAFKA_PORT:-19092}}"
export DATABASE_URL="${DATABASE_URL:-postgresql+asyncpg://civic:civic@127.0.0.1:${PGPORT_LOCAL:-54329}/civic}"

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  # Run, not sourced: print shell-quoted export lines.
  printf 'export KAFKA_BOOTSTRAP_SERVERS=%q\n' "$KAFKA_BOOTSTRAP_SERVERS"
  printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"
else
  printf 'env.sh: KAFKA_BOOTSTRAP_SERVERS=%s\n' "$KAFKA_BOOTSTRAP_SERVERS" >&2
  printf 'env.sh: DATABASE_URL=%s\n' "$DATABASE_URL" >&2
fi
