#!/usr/bin/env bash
# Installs Debian packages the local tools need when they are missing (nginx for the gateway,
# chromium for the browser tests), like postgres.sh does for PostgreSQL.
#
#   apt.sh PACKAGE...
#
# Installed packages are left alone; nothing is upgraded. Needs root (or the packages already).
set -euo pipefail

SELF=apt.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

[[ $# -gt 0 ]] || die "usage: $SELF PACKAGE..."

missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
((${#missing[@]} > 0)) || exit 0

if [[ $EUID -ne 0 ]]; then
  die "missing Debian packages: ${missing[*]}; install them (sudo apt-get install ${missing[*]}) or run this as root"
fi
command -v apt-get >/dev/null || die "missing Debian packages (${missing[*]}) and apt-get is not available"

ensure_state_dir
LOG="$STATE_DIR/apt-install.log"
take_lock "$STATE_DIR/.apt.lock"
msg "installing Debian's ${missing[*]} (apt-get) ..."
# The nginx package would enable and start its own default site on port 80; this project runs
# its own nginx with its own configuration, so keep the package from starting services.
policy=/usr/sbin/policy-rc.d
policy_written=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# Written by civicloop deploy/local/apt.sh during an install.\nexit 101\n' >"$policy"
  chmod +x "$policy"
  policy_written=1
fi
status=0
{
  apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
} >"$LOG" 2>&1 9>&- || status=$?
((policy_written == 0)) || rm -f "$policy"
if ((status != 0)); then
  log_tail "$LOG" 30
  die "apt-get could not install ${missing[*]} (full output: $LOG)"
fi
msg "installed ${missing[*]}"
