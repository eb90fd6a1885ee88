#!/usr/bin/env bash
# Local PostgreSQL for development, tests and CI: Debian's server binaries, a private cluster in
# .local/postgres/ on 127.0.0.1 only, with role "civic" (password "civic") and database "civic".
#
#   postgres.sh fetch | start | stop | status | reset | logs [-f]
#
# Environment: PGPORT_LOCAL (54329), PG_START_TIMEOUT (60 s), PG_STOP_TIMEOUT (30 s).
# Run as root, the server runs as the system user "postgres" (PostgreSQL refuses root);
# run as another user, it runs as that user (the binaries must then be installed already).
set -euo pipefail

SELF=postgres.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

PGPORT_LOCAL=${PGPORT_LOCAL:-54329}
PG_START_TIMEOUT=${PG_START_TIMEOUT:-60}
PG_STOP_TIMEOUT=${PG_STOP_TIMEOUT:-30}
APP_USER=civic
APP_PASSWORD=civic
APP_DB=civic

BASE="$STATE_DIR/postgres"
DATA="$BASE/data"
RUN="$BASE/run"
LOGS="$BASE/logs"
LOGFILE="$LOGS/postgres.log"
CONF_NAME=civicloop.conf
OS_USER=postgres
[[ $EUID -eq 0 ]] || OS_USER=$(id -un)

usage() {
  cat <<EOF
usage: $SELF fetch|start|stop|status|reset|logs [-f]
  fetch   install Debian's PostgreSQL server package if its binaries are missing
  start   fetch, create the cluster if new, start it on 127.0.0.1:$PGPORT_LOCAL, wait until ready,
          and make sure role "$APP_USER" and database "$APP_DB" exist
  stop    stop the server (fast shutdown, then immediate, then SIGKILL)
  status  exit 0 if running and accepting connections, 1 otherwise
  reset   stop and delete the cluster and its logs
  logs    show the end of the server log (-f to follow)
EOF
}

# Run a command as the server's OS user (from a folder that user can read).
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u "$OS_USER" -- "$@")
  else
    "$@"
  fi
}

# --- binaries ---------------------------------------------------------------------------------

# Prints the bin directory of the newest installed server (or of the cluster's own version).
find_bindir() {
  local ver dir
  if [[ -f "$DATA/PG_VERSION" ]]; then
    ver=$(cat "$DATA/PG_VERSION")
    dir="/usr/lib/postgresql/$ver/bin"
    if [[ -x "$dir/initdb" ]]; then
      echo "$dir"
      return 0
    fi
    warn "the cluster in ${DATA#"$ROOT"/} is PostgreSQL $ver, whose server is not installed; install postgresql-$ver or run '$SELF reset'"
    return 2
  fi
  dir=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$dir" ]] || return 1
  dirname "$dir"
}

cmd_fetch() {
  local bindir rc=0
  bindir=$(find_bindir) || rc=$?
  if ((rc == 0)); then
    msg "PostgreSQL server binaries present ($bindir)"
    return 0
  fi
  ((rc == 1)) || die "no server binaries for the existing cluster"
  if [[ $EUID -ne 0 ]]; then
    die "PostgreSQL server binaries are missing; install them (sudo apt-get install postgresql) or run this as root"
  fi
  command -v apt-get >/dev/null || die "PostgreSQL server binaries are missing and apt-get is not available"
  msg "installing Debian's postgresql package (apt-get) ..."
  # The package would create and start a cluster of its own ("main" on port 5432); this project
  # does not use it, so skip it. Only affects clusters created automatically at package install.
  mkdir -p /etc/postgresql-common/createcluster.d
  printf '# Written by civicloop deploy/local/postgres.sh: it runs its own cluster.\ncreate_main_cluster = false\n' \
    >/etc/postgresql-common/createcluster.d/civicloop-no-main-cluster.conf
  mkdir -p "$STATE_DIR"
  if ! {
    apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql
  } >"$STATE_DIR/postgres-install.log" 2>&1 9>&-; then
    log_tail "$STATE_DIR/postgres-install.log" 30
    die "apt-get could not install postgresql (full output: $STATE_DIR/postgres-install.log)"
  fi
  bindir=$(find_bindir) || die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb was found"
  msg "installed PostgreSQL server ($bindir)"
}

ensure_os_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u "$OS_USER" >/dev/null 2>&1 && return 0
  msg "creating system user $OS_USER"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash "$OS_USER"
}

# The server's user must be able to reach .local/postgres: add o+x to any parent folder that lacks it.
ensure_traversable() {
  [[ $EUID -eq 0 ]] || return 0
  local dir=$STATE_DIR
  while [[ "$dir" != "/" ]]; do
    if ! runuser -u "$OS_USER" -- test -x "$dir"; then
      msg "making $dir traversable (o+x) for the $OS_USER user"
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}

ensure_dirs() {
  ensure_state_dir
  mkdir -p "$BASE" "$DATA" "$RUN" "$LOGS"
  if [[ $EUID -eq 0 ]]; then
    chown "$OS_USER:" "$BASE" "$DATA" "$RUN" "$LOGS"
  fi
  chmod 700 "$DATA" "$RUN"
  ensure_traversable
}

# --- process ----------------------------------------------------------------------------------

# Prints the postmaster's pid if it runs on our data directory; removes a stale postmaster.pid.
running_pid() {
  local pid
  [[ -f "$DATA/postmaster.pid" ]] || return 1
  pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)
  if proc_matches "$pid" postgres "$DATA"; then
    echo "$pid"
    return 0
  fi
  msg "removing stale postmaster.pid (process ${pid:-?} is not a running PostgreSQL)" >&2
  rm -f "$DATA/postmaster.pid" "$RUN"/.s.PGSQL.*.lock
  return 1
}

is_ready() {
  "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PGPORT_LOCAL" -t 2 >/dev/null 2>&1
}

write_config() {
  local conf="$DATA/postgresql.conf"
  if ! grep -q "^include_if_exists = '$CONF_NAME'" "$conf"; then
    printf "\n# Settings of deploy/local/postgres.sh, rewritten at each start.\ninclude_if_exists = '%s'\n" \
      "$CONF_NAME" >>"$conf"
  fi
  cat >"$DATA/$CONF_NAME" <<EOF
# Generated by deploy/local/postgres.sh at each start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PGPORT_LOCAL
unix_socket_directories = '$RUN'
max_connections = 200
shared_buffers = 256MB
fsync = on
synchronous_commit = on
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
  if [[ $EUID -eq 0 ]]; then chown "$OS_USER:" "$DATA/$CONF_NAME"; fi
}

init_cluster() {
  [[ -f "$DATA/PG_VERSION" ]] && return 0
  msg "creating a new cluster in ${DATA#"$ROOT"/}"
  # Local (socket) connections: trust, the socket folder is private to $OS_USER.
  # TCP: password (scram-sha-256) for every role, on 127.0.0.1 only.
  if ! as_pg "$BINDIR/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 9>&-; then
    log_tail "$LOGS/initdb.log" 30
    die "initdb failed"
  fi
}

psql_admin() {
  as_pg "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$RUN" -p "$PGPORT_LOCAL" -U postgres -d postgres
}

ensure_app_db() {
  psql_admin >/dev/null <<EOF
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_USER') THEN
    CREATE ROLE $APP_USER LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
  ELSE
    ALTER ROLE $APP_USER LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $APP_DB OWNER $APP_USER'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$APP_DB') \gexec
EOF
}

fail_start() {
  log_tail "$LOGFILE" 40
  die "$*"
}

wait_ready() {
  local t0=$SECONDS deadline=$((SECONDS + PG_START_TIMEOUT))
  while ! is_ready; do
    # postmaster.pid appears a moment after pg_ctl returns: allow 3 s before calling it dead.
    if ((SECONDS - t0 >= 3)) && ! running_pid >/dev/null 2>&1; then
      fail_start "PostgreSQL exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$LOGFILE" 40
      msg "not ready after ${PG_START_TIMEOUT}s; stopping it again" >&2
      local until=$((SECONDS + 3)) # a postmaster just launched has no postmaster.pid yet
      while [[ ! -f "$DATA/postmaster.pid" ]] && ((SECONDS < until)); do sleep 0.3; done
      stop_server >&2 || true
      die "PostgreSQL was not ready after ${PG_START_TIMEOUT}s (log above, more with '$SELF logs')"
    fi
    sleep 0.3
  done
}

cmd_start() {
  local pid t0=$SECONDS
  ensure_state_dir
  mkdir -p "$BASE"
  take_lock "$BASE/.lock"
  cmd_fetch
  BINDIR=$(find_bindir)
  if pid=$(running_pid); then
    wait_ready
    ensure_app_db
    msg "already running (pid $pid) on 127.0.0.1:$PGPORT_LOCAL"
    return 0
  fi
  if port_open "$PGPORT_LOCAL"; then
    die "port 127.0.0.1:$PGPORT_LOCAL is used by another process; stop it or set PGPORT_LOCAL"
  fi
  ensure_os_user
  ensure_dirs
  init_cluster
  write_config
  msg "starting PostgreSQL $(cat "$DATA/PG_VERSION") on 127.0.0.1:$PGPORT_LOCAL"
  # pg_ctl detaches the server (setsid); fd 9 (our lock) is not inherited.
  if ! as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$LOGFILE" -W start >"$BASE/pg_ctl.out" 2>&1 9>&-; then
    log_tail "$BASE/pg_ctl.out" 10
    fail_start "pg_ctl start failed"
  fi
  wait_ready
  ensure_app_db
  msg "ready on 127.0.0.1:$PGPORT_LOCAL, database $APP_DB, role $APP_USER ($((SECONDS - t0))s)"
}

stop_server() {
  local pid
  pid=$(running_pid 2>/dev/null) || return 0
  if as_pg "$BINDIR/pg_ctl" -D "$DATA" -m fast -w -t "$PG_STOP_TIMEOUT" stop >/dev/null 2>&1 9>&-; then
    return 0
  fi
  warn "fast shutdown did not finish within ${PG_STOP_TIMEOUT}s; trying immediate shutdown"
  if as_pg "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w -t 10 stop >/dev/null 2>&1 9>&-; then
    return 0
  fi
  warn "sending SIGKILL to the postmaster (pid $pid)"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 1
  running_pid >/dev/null 2>&1 || true
}

cmd_stop() {
  local pid
  mkdir -p "$BASE"
  take_lock "$BASE/.lock"
  if ! pid=$(running_pid); then
    msg "not running"
    return 0
  fi
  BINDIR=$(find_bindir) || die "PostgreSQL binaries not found, cannot stop pid $pid cleanly"
  msg "stopping PostgreSQL (pid $pid)"
  stop_server
  msg "stopped"
}

cmd_status() {
  local pid
  if pid=$(running_pid 2>/dev/null); then
    BINDIR=$(find_bindir)
    if is_ready; then
      msg "running (pid $pid) on 127.0.0.1:$PGPORT_LOCAL, accepting connections"
      return 0
    fi
    msg "process running (pid $pid) but 127.0.0.1:$PGPORT_LOCAL is not accepting connections"
    return 1
  fi
  msg "not running"
  return 1
}

cmd_reset() {
  cmd_stop
  msg "deleting the cluster and logs in ${BASE#"$ROOT"/}"
  rm -rf "$DATA" "$RUN" "$LOGS" "$BASE/pg_ctl.out"
}

cmd_logs() {
  [[ -f "$LOGFILE" ]] || die "no log yet ($LOGFILE)"
  if [[ "${1:-}" == "-f" ]]; then
    exec tail -n 50 -F "$LOGFILE"
  fi
  tail -n "${LINES_SHOWN:-100}" "$LOGFILE"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  logs) cmd_logs "${2:-}" ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
