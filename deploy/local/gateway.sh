#!/usr/bin/env bash
# The gateway: Debian's nginx serving the console (web/dist) and routing /api/<service>/ and
# /open311/ to the services, on 127.0.0.1:8080. The configuration is rendered from
# gateway.conf.template at every start.
#
#   gateway.sh fetch | render | start | stop | status | run
#
#   fetch   install Debian's nginx package if it is missing
#   render  write the configuration only (GATEWAY_STATE/nginx.conf) and check it
#   start   render, then start nginx in the background (or reload one already running)
#   stop    stop it (graceful, then SIGKILL after 10 s)
#   status  exit 0 if it runs and accepts connections
#   run     render, then run nginx in the foreground (containers)
#
# Environment: GATEWAY_HOST (127.0.0.1), GATEWAY_PORT (8080), GATEWAY_STATE (.local/gateway),
# WEB_ROOT (web/dist), INTAKE_UPSTREAM ... SUPERVISION_UPSTREAM (127.0.0.1:8001 ... :8005),
# ATTACHMENT_MAX_MIB (10, as intake's), BATCH_MAX_MIB (5, as intake's), GATEWAY_WORKERS (2).
set -euo pipefail

SELF=gateway.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

GATEWAY_HOST=${GATEWAY_HOST:-127.0.0.1}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
GATEWAY_STATE=${GATEWAY_STATE:-$STATE_DIR/gateway}
WEB_ROOT=${WEB_ROOT:-$ROOT/web/dist}
GATEWAY_WORKERS=${GATEWAY_WORKERS:-2}
ATTACHMENT_MAX_MIB=${ATTACHMENT_MAX_MIB:-10}
#: intake's margin over the file itself (intake.main.ATTACHMENT_BODY_MARGIN)
ATTACHMENT_BODY_MARGIN=1024
BATCH_MAX_MIB=${BATCH_MAX_MIB:-5}
TEMPLATE="$LOCAL_DIR/gateway.conf.template"
CONF="$GATEWAY_STATE/nginx.conf"
PIDFILE="$GATEWAY_STATE/nginx.pid"
NGINX=${NGINX:-/usr/sbin/nginx}

cmd_fetch() {
  if [[ -x "$NGINX" ]]; then
    return 0
  fi
  "$LOCAL_DIR/apt.sh" nginx
  [[ -x "$NGINX" ]] || die "nginx was installed but $NGINX is missing"
}

# render FOREGROUND(on|off): write $CONF from the template.
render() {
  local foreground=$1 user="" error_log="$GATEWAY_STATE/error.log" access_log="$GATEWAY_STATE/access.log"
  local daemon=on attachment_bytes
  [[ -f "$WEB_ROOT/index.html" ]] || die "no console in $WEB_ROOT (build it: cd web && npm ci && npm run build)"
  mkdir -p "$GATEWAY_STATE/tmp"
  if [[ $EUID -eq 0 ]]; then
    # workers drop root; they read the console and write only their temporary files
    user="user www-data;"
    chown www-data: "$GATEWAY_STATE/tmp"
    traversable_for www-data "$GATEWAY_STATE/tmp"
    traversable_for www-data "$WEB_ROOT"
  fi
  if [[ "$foreground" == on ]]; then
    daemon=off error_log=/dev/stderr access_log=/dev/stdout
  fi
  attachment_bytes=$((ATTACHMENT_MAX_MIB * 1024 * 1024 + ATTACHMENT_BODY_MARGIN))
  batch_bytes=$((BATCH_MAX_MIB * 1024 * 1024 + ATTACHMENT_BODY_MARGIN))
  sed -e "s|@USER@|$user|" \
    -e "s|@WORKERS@|$GATEWAY_WORKERS|" \
    -e "s|@STATE@|$GATEWAY_STATE|g" \
    -e "s|@ERROR_LOG@|$error_log|" \
    -e "s|@ACCESS_LOG@|$access_log|" \
    -e "s|@DAEMON@|$daemon|" \
    -e "s|@MIME_TYPES@|/etc/nginx/mime.types|" \
    -e "s|@LISTEN@|$GATEWAY_HOST:$GATEWAY_PORT|" \
    -e "s|@WEB_ROOT@|$WEB_ROOT|" \
    -e "s|@ATTACHMENT_BODY_BYTES@|$attachment_bytes|" \
    -e "s|@BATCH_BODY_BYTES@|$batch_bytes|" \
    -e "s|@INTAKE@|${INTAKE_UPSTREAM:-127.0.0.1:8001}|" \
    -e "s|@DISPATCH@|${DISPATCH_UPSTREAM:-127.0.0.1:8002}|" \
    -e "s|@DEADLINE@|${DEADLINE_UPSTREAM:-127.0.0.1:8003}|" \
    -e "s|@CALLBACK@|${CALLBACK_UPSTREAM:-127.0.0.1:8004}|" \
    -e "s|@SUPERVISION@|${SUPERVISION_UPSTREAM:-127.0.0.1:8005}|" \
    "$TEMPLATE" >"$CONF.new"
  if grep -q '@[A-Z_]*@' "$CONF.new"; then
    die "unrendered names left in $CONF.new: $(grep -o '@[A-Z_]*@' "$CONF.new" | sort -u | tr '\n' ' ')"
  fi
  mv "$CONF.new" "$CONF"
  if ! nginx_on -t -q 2>"$GATEWAY_STATE/check.log"; then
    log_tail "$GATEWAY_STATE/check.log" 20
    die "nginx refuses the rendered configuration $CONF"
  fi
}

# nginx on our configuration; -e: its log until the configuration's applies (the compiled-in
# /var/log/nginx may not be writable)
nginx_on() {
  "$NGINX" -c "$CONF" -p "$GATEWAY_STATE" -e "$GATEWAY_STATE/error.log" "$@"
}

# traversable_for USER PATH: o+x on PATH and every parent the user cannot enter.
traversable_for() {
  local user=$1 dir=$2
  while [[ "$dir" != "/" ]]; do
    if [[ -d "$dir" ]] && ! runuser -u "$user" -- test -x "$dir"; then
      msg "making $dir traversable (o+x) for the $user user"
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}

running_pid() {
  local pid
  [[ -f "$PIDFILE" ]] || return 1
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if proc_matches "$pid" nginx "$CONF"; then
    echo "$pid"
    return 0
  fi
  rm -f "$PIDFILE"
  return 1
}

cmd_start() {
  local pid
  cmd_fetch
  mkdir -p "$GATEWAY_STATE"
  take_lock "$GATEWAY_STATE/.lock"
  render off
  if pid=$(running_pid); then
    nginx_on -s reload 2>"$GATEWAY_STATE/reload.log"
    msg "reloaded (pid $pid) on http://$GATEWAY_HOST:$GATEWAY_PORT"
    return 0
  fi
  if port_open "$GATEWAY_PORT"; then
    die "port $GATEWAY_HOST:$GATEWAY_PORT is used by another process; stop it or set GATEWAY_PORT"
  fi
  if ! nginx_on 2>"$GATEWAY_STATE/start.log" 9>&-; then
    log_tail "$GATEWAY_STATE/start.log" 20
    die "nginx did not start"
  fi
  for _ in $(seq 1 50); do
    if port_open "$GATEWAY_PORT" && running_pid >/dev/null; then
      msg "ready on http://$GATEWAY_HOST:$GATEWAY_PORT"
      return 0
    fi
    sleep 0.1
  done
  log_tail "$GATEWAY_STATE/error.log" 20
  die "nginx is not accepting connections on $GATEWAY_HOST:$GATEWAY_PORT"
}

cmd_stop() {
  local pid
  mkdir -p "$GATEWAY_STATE"
  take_lock "$GATEWAY_STATE/.lock"
  if ! pid=$(running_pid); then
    msg "not running"
    return 0
  fi
  kill -QUIT "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || {
      msg "stopped"
      return 0
    }
    sleep 0.1
  done
  warn "nginx (pid $pid) did not stop within 10 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

cmd_status() {
  local pid
  if pid=$(running_pid) && port_open "$GATEWAY_PORT"; then
    msg "running (pid $pid) on http://$GATEWAY_HOST:$GATEWAY_PORT"
    return 0
  fi
  msg "not running"
  return 1
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  render)
    mkdir -p "$GATEWAY_STATE"
    render off
    msg "wrote $CONF"
    ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  run)
    mkdir -p "$GATEWAY_STATE"
    render on
    exec "$NGINX" -c "$CONF" -p "$GATEWAY_STATE" -e stderr
    ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
