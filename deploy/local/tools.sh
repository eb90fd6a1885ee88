#!/usr/bin/env bash
# Pinned command-line tools that check the deploy/ files, built from the Go module proxy into
# .local/bin the first time (about a minute) and reused afterwards. Needs Go 1.21 or later: an
# older Go than a tool asks for fetches that toolchain from the proxy (GOTOOLCHAIN=auto).
#
#   deploy/local/tools.sh kustomize     print the path of kustomize, building it if missing
#
# tests/contract/test_kubernetes.py calls it to render deploy/kubernetes.
set -euo pipefail
SELF=tools
# shellcheck source=deploy/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

declare -A MODULE=([kustomize]=sigs.k8s.io/kustomize/kustomize/v5)
declare -A VERSION=([kustomize]=v5.8.2) # needs Go 1.26

tool=${1:-}
[[ -n "$tool" && -n "${MODULE[$tool]:-}" ]] || die "usage: $0 kustomize"
bin="$STATE_DIR/bin"
target="$bin/$tool-${VERSION[$tool]}"
if [[ ! -x "$target" ]]; then
  command -v go >/dev/null || die "$tool is built with Go, which is not installed (https://go.dev/dl/)"
  ensure_state_dir
  mkdir -p "$bin"
  msg "building $tool ${VERSION[$tool]} from the Go module proxy (once)" >&2
  build=$(mktemp -d "$bin/.build.XXXXXX")
  trap 'rm -rf "$build"' EXIT
  GOBIN="$build" GOFLAGS=-mod=mod GOTOOLCHAIN=auto \
    go install "${MODULE[$tool]}@${VERSION[$tool]}" >&2 || die "could not build $tool"
  mv "$build/$tool" "$target"
fi
echo "$target"
