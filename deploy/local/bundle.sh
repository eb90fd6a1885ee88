#!/usr/bin/env bash
# The offline bundle (离线安装包): one archive with everything a site without internet needs,
# and the checks that run before anything of it is installed.
#
#   bundle.sh build [OUT_DIR]   build civicloop-<date>-<commit>.tar.gz into OUT_DIR (default
#                               dist/), on a machine that reaches PyPI and Maven Central
#   bundle.sh verify            in an unpacked bundle: every file against SHA256SUMS; refuses,
#                               naming each missing or altered file, before anything is installed
#   bundle.sh python            in an unpacked bundle: .venv from the bundled wheels, no network
#
# What the bundle holds: the project's files at the commit (git archive), the Python wheels of
# every locked dependency for this machine's Python and the build backend of the project's own
# packages (wheels/),
# the Kafka jars (.local/kafka/lib), the built console (web/dist), RELEASE (the commit and its
# time, by which ./dev upgrade refuses an older bundle), and SHA256SUMS over all of them. The
# Debian packages come from the site's own mirror: DEBIAN-PACKAGES lists them.
set -euo pipefail

SELF=bundle.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

#: What a site's Debian mirror supplies; the scripts install them with apt when missing.
DEBIAN_PACKAGES=(python3-venv openjdk-17-jre-headless postgresql nginx prometheus fonts-wqy-microhei)
#: The build backend of the project's own packages. They are installed editable from the
#: bundle's tree, as in development, so that each finds its migrations and the district files
#: beside its source.
BUILD_BACKEND=(hatchling==1.33.0 editables==0.6)
PACKAGES=(libs/common services/intake services/dispatch services/deadline services/callback services/supervision)
WHEELS="$ROOT/wheels"

python_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }

cmd_build() {
  local out=${1:-$ROOT/dist}
  command -v uv >/dev/null || die "run through ./dev bundle (it sets up uv)"
  [[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]] ||
    warn "uncommitted changes are not in the bundle: it holds the commit $(git -C "$ROOT" rev-parse --short HEAD)"
  local name python
  name="civicloop-$(date -u +%Y%m%d)-$(git -C "$ROOT" rev-parse --short HEAD)"
  python=${CIVICLOOP_PYTHON:-python3}
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  STAGE=$(mktemp -d "$out/.stage.XXXXXX")
  trap 'rm -rf "$STAGE"' EXIT
  local tree="$STAGE/$name"
  mkdir -p "$tree"

  msg "the project's files at $(git -C "$ROOT" rev-parse --short HEAD)"
  git -C "$ROOT" archive --format=tar HEAD | tar -x -C "$tree"

  msg "Python wheels for Python $(python_version "$python") (PyPI) ..."
  mkdir -p "$tree/wheels"
  (cd "$ROOT" && uv export --frozen --no-dev --no-emit-workspace --format requirements-txt \
    --quiet -o "$tree/wheels/requirements.txt")
  "$ROOT/.local/tools/bin/python" -m pip download --quiet --disable-pip-version-check \
    --only-binary=:all: --python-version "$(python_version "$python")" \
    -r "$tree/wheels/requirements.txt" -d "$tree/wheels"
  "$ROOT/.local/tools/bin/python" -m pip download --quiet --disable-pip-version-check \
    --only-binary=:all: --python-version "$(python_version "$python")" "${BUILD_BACKEND[@]}" -d "$tree/wheels"
  python_version "$python" >"$tree/wheels/PYTHON"

  msg "Kafka's jars (Maven Central) ..."
  "$LOCAL_DIR/kafka.sh" fetch >/dev/null
  mkdir -p "$tree/.local/kafka"
  cp -a "$RELEASE_LOCAL/kafka/lib" "$tree/.local/kafka/lib"

  msg "the console (web/dist) ..."
  "$LOCAL_DIR/console.sh" build >/dev/null
  cp -a "$ROOT/web/dist" "$tree/web/dist"

  printf '%s\n' "${DEBIAN_PACKAGES[@]}" >"$tree/DEBIAN-PACKAGES"
  git -C "$ROOT" log -1 --format='commit=%H%ncommitted=%ct' HEAD >"$tree/RELEASE"
  (cd "$tree" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum >SHA256SUMS)
  tar -C "$STAGE" -czf "$out/$name.tar.gz" "$name"
  (cd "$out" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
  msg "built $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1), $(wc -l <"$tree/SHA256SUMS") files)"
  msg "on the site: tar xzf $name.tar.gz && cd $name && ./dev up"
}

cmd_verify() {
  [[ -f "$ROOT/SHA256SUMS" ]] || die "not an unpacked bundle: SHA256SUMS is missing"
  local report
  if ! report=$(cd "$ROOT" && sha256sum --quiet --check SHA256SUMS 2>&1); then
    printf '%s\n' "$report" | sed -E 's/^(sha256sum: )?//' >&2
    die "the bundle is damaged: the files above are missing or do not match SHA256SUMS; nothing was installed"
  fi
  msg "every file of the bundle matches SHA256SUMS"
}

cmd_python() {
  local python=${CIVICLOOP_PYTHON:-python3} stamp="$ROOT/.venv/.civicloop-bundle"
  local want have
  want=$(sha256sum "$WHEELS/requirements.txt" | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  have=$(python_version "$python")
  [[ "$have" == "$(cat "$WHEELS/PYTHON")" ]] ||
    die "the bundle's wheels are for Python $(cat "$WHEELS/PYTHON"), this machine's $python is $have"
  "$python" -c 'import ensurepip, venv' 2>/dev/null || "$LOCAL_DIR/apt.sh" python3-venv
  msg "installing the Python packages from wheels/ (no network) ..."
  rm -rf "$ROOT/.venv"
  "$python" -m venv "$ROOT/.venv"
  local pip=("$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check
    --no-index --find-links "$WHEELS")
  "${pip[@]}" --require-hashes -r "$WHEELS/requirements.txt"
  local package editable=()
  for package in "${PACKAGES[@]}"; do editable+=(--editable "$ROOT/$package"); done
  "${pip[@]}" --no-deps "${editable[@]}"
  echo "$want" >"$stamp"
}

case "${1:-}" in
  build) cmd_build "${2:-}" ;;
  verify) cmd_verify ;;
  python) cmd_python ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
