#!/usr/bin/env bash
# Local Kafka + PostgreSQL for development, tests and CI, in one command.
#
#   infra.sh up | down | status | reset
#
# A service whose address the caller already set (KAFKA_BOOTSTRAP_SERVERS, DATABASE_URL) to
# something other than the local default is treated as external: it is neither started nor
# stopped here. Both local services start in parallel. See deploy/local/README.md.
set -euo pipefail

SELF=infra.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

KAFKA_PORT=${KAFKA_PORT:-19092}
PGPORT_LOCAL=${PGPORT_LOCAL:-54329}
export KAFKA_PORT PGPORT_LOCAL

usage() {
  cat <<EOF
usage: $SELF up|down|status|reset
  up      start local Kafka and PostgreSQL (in parallel) unless external ones are configured,
          wait until both are healthy, print the addresses
  down    stop them (data is kept)
  status  show whether each one runs; exit 1 if one is down
  reset   stop them and delete their data (downloaded jars are kept)
EOF
}

# host:port of the first Kafka bootstrap server.
kafka_hostport() {
  local first=${1%%,*}
  echo "${first#*://}"
}

# host:port of a database URL (default port 5432).
db_hostport() {
  local rest=${1#*://}
  rest=${rest##*@}
  rest=${rest%%/*}
  rest=${rest%%\?*}
  [[ "$rest" == *:* ]] || rest="$rest:5432"
  echo "$rest"
}

is_local_address() { # host:port expected-port
  [[ "$1" == "127.0.0.1:$2" || "$1" == "localhost:$2" ]]
}

kafka_external() {
  [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]] &&
    ! is_local_address "$(kafka_hostport "$KAFKA_BOOTSTRAP_SERVERS")" "$KAFKA_PORT"
}

db_external() {
  [[ -n "${DATABASE_URL:-}" ]] &&
    ! is_local_address "$(db_hostport "$DATABASE_URL")" "$PGPORT_LOCAL"
}

# Hides the password of a URL for printing (the local default one is public anyway).
redact_url() {
  if [[ "$1" == *"://civic:civic@127.0.0.1:"* ]]; then
    echo "$1"
  else
    sed -E 's#(://[^:/@]+):[^@/]*@#\1:***@#' <<<"$1"
  fi
}

# reachable host:port
reachable() {
  local host=${1%:*} port=${1##*:}
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# run_services ACTION: run "kafka.sh ACTION" and "postgres.sh ACTION" in parallel for the local
# services; fails if either fails.
run_services() {
  local action=$1 kpid="" ppid="" failed=()
  if ! kafka_external; then
    "$LOCAL_DIR/kafka.sh" "$action" &
    kpid=$!
  fi
  if ! db_external; then
    "$LOCAL_DIR/postgres.sh" "$action" &
    ppid=$!
  fi
  if [[ -n "$kpid" ]] && ! wait "$kpid"; then failed+=(Kafka); fi
  if [[ -n "$ppid" ]] && ! wait "$ppid"; then failed+=(PostgreSQL); fi
  if ((${#failed[@]})); then
    die "$action failed for: ${failed[*]} (see the messages above)"
  fi
}

note_external() {
  if kafka_external; then
    msg "Kafka: using the external KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS (not managed here)"
  fi
  if db_external; then
    msg "PostgreSQL: using the external DATABASE_URL=$(redact_url "$DATABASE_URL") (not managed here)"
  fi
}

cmd_up() {
  local t0=$SECONDS
  note_external
  run_services start
  # shellcheck source-path=SCRIPTDIR source=env.sh
  source "$LOCAL_DIR/env.sh" 2>/dev/null
  msg "up in $((SECONDS - t0))s"
  msg "  KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS"
  msg "  DATABASE_URL=$(redact_url "$DATABASE_URL")"
  msg "  in your shell: source deploy/local/env.sh"
}

cmd_status() {
  local rc=0
  if kafka_external; then
    if reachable "$(kafka_hostport "$KAFKA_BOOTSTRAP_SERVERS")"; then
      msg "Kafka: external $KAFKA_BOOTSTRAP_SERVERS reachable"
    else
      msg "Kafka: external $KAFKA_BOOTSTRAP_SERVERS NOT reachable"
      rc=1
    fi
  else
    "$LOCAL_DIR/kafka.sh" status || rc=1
  fi
  if db_external; then
    if reachable "$(db_hostport "$DATABASE_URL")"; then
      msg "PostgreSQL: external $(db_hostport "$DATABASE_URL") reachable"
    else
      msg "PostgreSQL: external $(db_hostport "$DATABASE_URL") NOT reachable"
      rc=1
    fi
  else
    "$LOCAL_DIR/postgres.sh" status || rc=1
  fi
  return "$rc"
}

case "${1:-}" in
  up) cmd_up ;;
  down)
    note_external
    run_services stop
    ;;
  status) cmd_status ;;
  reset)
    note_external
    run_services reset
    ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
