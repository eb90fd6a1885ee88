#!/usr/bin/env bash
# The steps of ./dev upgrade besides the services' restarts, run from the newly unpacked bundle
# (docs/operations.md, "Upgrade from a newer bundle"):
#
#   upgrade.sh inspect TARGET [STATE]  check that TARGET is an installed civicloop older than
#                       this bundle; print the shell assignments ./dev upgrade goes on with.
#                       TARGET is the installed system's state folder or, for a bundle of the
#                       previous format (its state in its own .local/), its unpacked folder;
#                       STATE then names the state folder to move that state into (default:
#                       civicloop-state beside it). Changes nothing.
#   upgrade.sh adopt OLD STATE  stop the previous-format install's Prometheus, Kafka and
#                       PostgreSQL, move their data, the logs and the run files from OLD/.local
#                       into STATE (a rename on one file system: nothing is copied)
#   upgrade.sh record STATE  note this release as the one installed on STATE
set -euo pipefail

SELF=upgrade.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

#: What a previous-format install keeps in its .local/ that is the system's, not the release's.
MOVED=(postgres prometheus logs run kafka/data kafka/logs)

field() { if [[ -f "$1" ]]; then sed -n "s/^$2=//p" "$1" | head -n 1; fi; }

kafka_digest() { sha256sum "$1/deploy/local/kafka/pom.xml" 2>/dev/null | cut -d' ' -f1; }

when() { if [[ "${1:-0}" -gt 0 ]]; then TZ=Asia/Shanghai date -d "@$1" '+%Y-%m-%d %H:%M'; else echo "?"; fi; }

release_tree() { [[ -x "$1/dev" && -f "$1/deploy/local/common.sh" ]]; }

# left_behind OLD: true if OLD/.local still holds something adopt moves.
left_behind() {
  local item
  for item in "${MOVED[@]}"; do
    [[ -n "$(ls -A "$1/.local/$item" 2>/dev/null)" ]] && return 0
  done
  return 1
}

has_data() { [[ -f "$1/postgres/data/PG_VERSION" || -f "$1/kafka/data/meta.properties" ]]; }

not_installed() {
  die "$1 is not an installed civicloop: $2. Name the installed system's state folder (the CIVICLOOP_STATE_DIR it runs with), or the unpacked folder of a bundle of the previous format; nothing was changed"
}

cmd_inspect() {
  local target state="" old adopt=0 commit="" committed=0 kafka=""
  [[ -n "${1:-}" ]] || die "usage: ./dev upgrade INSTALLED [STATE_DIR]"
  target=$(cd "$1" 2>/dev/null && pwd) || not_installed "$1" "there is no such folder"
  if [[ -f "$target/release" ]] && has_data "$target"; then
    state=$target
    old=$(field "$state/release" path)
  elif release_tree "$target"; then
    old=$target
    if [[ -s "$target/.local/state-dir" ]]; then
      state=$(<"$target/.local/state-dir")
    fi
  else
    not_installed "$target" "it holds neither a release record with data nor a civicloop release"
  fi
  if [[ -z "$state" || "$state" == "$old/.local" ]]; then
    # The previous format: the state inside the release's own .local/.
    has_data "$old/.local" || not_installed "$old" "its .local/ holds no PostgreSQL or Kafka data"
    adopt=1
    state=${2:-${CIVICLOOP_STATE_DIR:-$(dirname "$old")/civicloop-state}}
    state=$(realpath -m "$state")
    [[ ! -e "$state" || -z "$(ls -A "$state")" ]] ||
      die "the state folder $state is not empty; name an empty or new one (./dev upgrade $old STATE_DIR); nothing was changed"
    commit=$(field "$old/RELEASE" commit)
    committed=$(field "$old/RELEASE" committed)
    kafka=$(kafka_digest "$old")
  else
    commit=$(field "$state/release" commit)
    committed=$(field "$state/release" committed)
    kafka=$(field "$state/release" kafka)
    if [[ -z "$commit" ]] && left_behind "$old"; then
      msg "a move from $old/.local was cut short: moving the rest" >&2
      adopt=1
    fi
  fi
  [[ "$old" != "$ROOT" ]] || die "this bundle ($ROOT) is the installed release already; nothing to upgrade"
  local new_commit new_committed
  new_commit=$(field "$ROOT/RELEASE" commit)
  new_committed=$(field "$ROOT/RELEASE" committed)
  [[ -n "$new_commit" ]] || die "this bundle has no RELEASE file; build it again with ./dev bundle"
  local up_to_date=0
  if [[ "$commit" == "$new_commit" ]]; then
    up_to_date=1
    msg "the installed release is this bundle's commit ${commit:0:12} already" >&2
  elif ((${committed:-0} > new_committed)); then
    die "this bundle (commit ${new_commit:0:12} of $(when "$new_committed")) is older than the installed release (commit ${commit:0:12} of $(when "$committed")); nothing was changed. Unpack a newer bundle and run ./dev upgrade there"
  fi
  if [[ -n "$commit" ]]; then
    msg "installed: $old (commit $commit, $(when "$committed")), state in $state" >&2
  else
    msg "installed: $old (a bundle of the previous format, with no RELEASE), state to move to $state" >&2
  fi
  msg "this bundle: $ROOT (commit $new_commit, $(when "$new_committed"))" >&2
  printf 'STATE=%q\nOLD_RELEASE=%q\nADOPT=%d\nUP_TO_DATE=%d\nKAFKA_CHANGED=%d\n' \
    "$state" "$old" "$adopt" "$up_to_date" "$([[ "$kafka" == "$(kafka_digest "$ROOT")" ]] && echo 0 || echo 1)"
}

cmd_adopt() {
  local old=$1 state=$2 item
  msg "adopting $old (the previous bundle format, its state in $old/.local): moving it to $state"
  msg "stopping its Prometheus, Kafka and PostgreSQL for the move (the services wait for them)"
  "$old/deploy/local/prometheus.sh" stop
  "$old/deploy/local/infra.sh" down
  mkdir -p "$state/kafka"
  chmod 755 "$state"
  # Noted first: should the move be cut short, ./dev upgrade STATE moves the rest.
  [[ -f "$state/release" ]] || record_release "$state" "$old" "" 0 "$(kafka_digest "$old")"
  for item in "${MOVED[@]}"; do
    [[ -n "$(ls -A "$old/.local/$item" 2>/dev/null)" ]] || continue
    if [[ -e "$state/$item" ]]; then
      [[ -z "$(ls -A "$state/$item")" ]] ||
        die "both $old/.local/$item and $state/$item hold files: keep the right one, remove the other, and run ./dev upgrade $state again"
      rmdir "$state/$item"
    fi
    mv "$old/.local/$item" "$state/$item" ||
      die "could not move $old/.local/$item to $state/$item; what was not moved is still in $old/.local"
    msg "moved .local/$item to $state/$item"
  done
  local device_old device_new
  device_old=$(stat -c %d "$old/.local")
  device_new=$(stat -c %d "$state")
  if [[ "$device_old" == "$device_new" ]]; then
    msg "same file system: the data was renamed, not copied"
  else
    msg "another file system: the data was copied once and removed from $old/.local"
  fi
}

record_release() { # STATE PATH COMMIT COMMITTED KAFKA
  printf 'path=%s\ncommit=%s\ncommitted=%s\nkafka=%s\n' "$2" "$3" "$4" "$5" >"$1/release.new"
  mv "$1/release.new" "$1/release"
}

cmd_record() {
  local state=$1
  record_release "$state" "$ROOT" "$(field "$ROOT/RELEASE" commit)" \
    "$(field "$ROOT/RELEASE" committed)" "$(kafka_digest "$ROOT")"
  if [[ "$state" != "$RELEASE_LOCAL" ]]; then
    mkdir -p "$RELEASE_LOCAL"
    echo "$state" >"$RELEASE_LOCAL/state-dir"
  fi
}

case "${1:-}" in
  inspect) cmd_inspect "${2:-}" "${3:-}" ;;
  adopt) cmd_adopt "$2" "$3" ;;
  record) cmd_record "$2" ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
