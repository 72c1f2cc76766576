#!/usr/bin/env bash
# Tests the npm package `callverify` (bindings-wasm/) as a user gets it:
#
#   1. cargo fmt --check, clippy -D warnings and the Rust unit tests of the callverify-wasm crate
#   2. scripts/build-wasm.sh, then `npm install` of the packed tarball into a scratch project
#   3. node --test in that project: every shared vector (tests/vectors/*.json), the JS surface,
#      secrets and hostile input, the package itself (exports, files, require(), web glue)
#   4. tsc --noEmit --strict on a usage file (with DOM types) and on a file without DOM types
#   5. the vector suite in headless Chromium against the browser build
#
# Prints, as its last line, "<N> passed, <M> failed" over all of these, and exits non-zero if
# anything failed. Writes only to target/, bindings-wasm/pkg* and a temporary folder.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source .tools/env.sh

PASSED=0
FAILED=0
count() { # name passed failed
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  echo "test-wasm: $1: $2 passed, $3 failed"
}
check() { # name command… (one test)
  local name=$1
  shift
  if "$@"; then count "$name" 1 0; else count "$name" 0 1; fi
}

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/callverify-wasm-test.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# ---- 1. Rust side -----------------------------------------------------------------------------
check "cargo fmt" cargo fmt -p callverify-wasm -- --check
check "cargo clippy (host)" cargo clippy -q -p callverify-wasm --all-targets -- -D warnings
check "cargo clippy (wasm32)" cargo clippy -q -p callverify-wasm --lib --target wasm32-unknown-unknown -- -D warnings
if cargo test -q -p callverify-wasm >"$SCRATCH/cargo-test.log" 2>&1; then rust_ok=1; else rust_ok=0; fi
rust_passed=$(awk '/^test result:/ { s += $4 } END { print s + 0 }' "$SCRATCH/cargo-test.log")
rust_failed=$(awk '/^test result:/ { s += $6 } END { print s + 0 }' "$SCRATCH/cargo-test.log")
if [ "$rust_ok" = 0 ] && [ "$rust_failed" = 0 ]; then
  cat "$SCRATCH/cargo-test.log"
  rust_failed=1
fi
count "cargo test -p callverify-wasm" "$rust_passed" "$rust_failed"

# ---- 2. build, pack, install ------------------------------------------------------------------
if ! scripts/build-wasm.sh; then
  count "build" 0 1
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
TARBALL=$(ls "$ROOT"/bindings-wasm/pkg-dist/callverify-*.tgz)
APP="$SCRATCH/app"
mkdir -p "$APP"
(
  cd "$APP"
  npm init -y >/dev/null
  npm pkg set type=module private=true >/dev/null
  npm install --no-audit --no-fund --loglevel=error "$TARBALL" >/dev/null
)
cp bindings-wasm/tests/*.mjs bindings-wasm/tests/types/*.ts "$APP/"

# ---- 3. node --test ---------------------------------------------------------------------------
TAP="$SCRATCH/node.tap"
set +e
(cd "$APP" && CALLVERIFY_VECTORS="$ROOT/tests/vectors" node --test \
  --test-reporter=dot --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$TAP" \
  vectors.test.mjs surface.test.mjs security.test.mjs package.test.mjs)
node_rc=$?
set -e
node_passed=$(awk '/^# pass / { print $3 }' "$TAP")
node_failed=$(awk '/^# fail / { print $3 }' "$TAP")
node_skipped=$(awk '/^# skipped / { print $3 }' "$TAP")
node_passed=${node_passed:-0}
node_failed=${node_failed:-0}
if [ "$node_rc" != 0 ] && [ "$node_failed" = 0 ]; then node_failed=1; fi
count "node --test (${node_skipped:-0} skipped: vector files that do not describe the SDK)" "$node_passed" "$node_failed"

# ---- 4. TypeScript ----------------------------------------------------------------------------
cat >"$APP/tsconfig.usage.json" <<'EOF'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
    "lib": ["es2022", "dom", "esnext.disposable"], "types": [],
    "exactOptionalPropertyTypes": true, "noUncheckedIndexedAccess": true
  },
  "files": ["usage.ts"]
}
EOF
cat >"$APP/tsconfig.no-dom.json" <<'EOF'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "es2022", "module": "esnext", "moduleResolution": "bundler",
    "lib": ["es2022"], "types": []
  },
  "files": ["no-dom.ts"]
}
EOF
check "tsc --noEmit usage.ts (strict, nodenext, DOM)" tsc -p "$APP/tsconfig.usage.json"
check "tsc --noEmit no-dom.ts (strict, bundler, no DOM)" tsc -p "$APP/tsconfig.no-dom.json"

# ---- 5. headless Chromium ---------------------------------------------------------------------
set +e
node bindings-wasm/tests/browser/run.mjs "$APP/node_modules/callverify" "$ROOT/bindings-wasm/tests" "$ROOT/tests/vectors" |
  tee "$SCRATCH/browser.log"
set -e
browser_line=$(grep -E '^browser: [0-9]+ passed, [0-9]+ failed$' "$SCRATCH/browser.log" | tail -1 || true)
if [ -n "$browser_line" ]; then
  count "browser" "$(awk '{ print $2 }' <<<"$browser_line")" "$(awk '{ print $4 }' <<<"$browser_line")"
else
  count "browser" 0 1
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
