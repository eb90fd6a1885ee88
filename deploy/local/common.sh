# shellcheck shell=bash
# Helpers shared by deploy/local/kafka.sh, postgres.sh and infra.sh. Sourced, not run.
# The caller sets SELF (its name, used as message prefix) before sourcing.

# Repository root, from this file's location (deploy/local/common.sh -> ../..).
LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$LOCAL_DIR/../.." && pwd)
#: What this release brings or builds for itself: Kafka's jars, tools.
RELEASE_LOCAL="$ROOT/.local"
# Where the system's data lives (PostgreSQL, Kafka's data, logs, run files, site.env): the
# CIVICLOOP_STATE_DIR given, else the one an installed release was pointed at
# (.local/state-dir, written by ./dev up and ./dev upgrade), else .local/ itself (a checkout).
STATE_DIR=${CIVICLOOP_STATE_DIR:-}
if [[ -z "$STATE_DIR" && -s "$RELEASE_LOCAL/state-dir" ]]; then
  STATE_DIR=$(<"$RELEASE_LOCAL/state-dir")
fi
STATE_DIR=${STATE_DIR:-$RELEASE_LOCAL}

msg() { printf '%s: %s\n' "$SELF" "$*"; }
warn() { printf '%s: warning: %s\n' "$SELF" "$*" >&2; }
die() {
  printf '%s: error: %s\n' "$SELF" "$*" >&2
  exit 1
}

# Create .local/ (git-ignored by its own .gitignore, in case the root one lacks /.local/).
ensure_state_dir() {
  mkdir -p "$STATE_DIR"
  if [[ ! -e "$STATE_DIR/.gitignore" ]]; then
    printf '# Local service data of deploy/local/*.sh; never committed.\n*\n' >"$STATE_DIR/.gitignore"
  fi
}

# port_open PORT: true if something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# proc_cmdline PID: the command line of a live process, arguments separated by spaces.
proc_cmdline() {
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$1/cmdline" ]] || return 1
  { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null # the process may exit meanwhile
}

# proc_matches PID WORD...: true if PID is alive and its command line contains every WORD.
proc_matches() {
  local pid=$1 cmd word
  shift
  cmd=$(proc_cmdline "$pid") || return 1
  [[ -n "$cmd" ]] || return 1 # zombie
  for word in "$@"; do
    [[ "$cmd" == *"$word"* ]] || return 1
  done
}

# find_pid_by_cmdline WORD...: pid of a live process whose command line contains every WORD.
find_pid_by_cmdline() {
  local file pid
  while IFS= read -r file; do
    pid=${file#/proc/}
    pid=${pid%/cmdline}
    if [[ "$pid" != "$$" && "$pid" != "$BASHPID" ]] && proc_matches "$pid" "$@"; then
      echo "$pid"
      return 0
    fi
  done < <(grep -lzF -- "$1" /proc/[0-9]*/cmdline 2>/dev/null)
  return 1
}

# take_lock FILE: serialize start/stop/reset of one service (fd 9; never pass it to daemons).
take_lock() {
  exec 9>"$1"
  if ! flock -w 300 9; then
    die "another $SELF command holds $1 for over 300 s"
  fi
}

# log_tail FILE [N]: print the last N lines of FILE to stderr, indented.
log_tail() {
  local file=$1 n=${2:-40}
  if [[ -s "$file" ]]; then
    printf '%s: --- last %s lines of %s ---\n' "$SELF" "$n" "$file" >&2
    tail -n "$n" "$file" | sed 's/^/    /' >&2
    printf '%s: ---\n' "$SELF" >&2
  else
    printf '%s: (%s is empty or missing)\n' "$SELF" "$file" >&2
  fi
}
