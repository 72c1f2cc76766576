#!/usr/bin/env bash
# Runs the JavaScript benchmark (bindings-wasm/bench/bench.mjs) against the packed npm package,
# installed into a scratch project as a user would. Extra arguments go to bench.mjs (--quick).
#
#   bindings-wasm/bench/run.sh            # figures for docs/bench/javascript.md
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source .tools/env.sh
scripts/build-wasm.sh >/dev/null
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/callverify-wasm-bench.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
(
  cd "$SCRATCH"
  npm init -y >/dev/null
  npm pkg set type=module >/dev/null
  npm install --no-audit --no-fund --loglevel=error "$ROOT"/bindings-wasm/pkg-dist/callverify-*.tgz >/dev/null
)
cp bindings-wasm/bench/bench.mjs "$SCRATCH/"
cd "$SCRATCH"
node --expose-gc bench.mjs "$@"
