#!/usr/bin/env bash
# Runs every check and test of callverify: set-up first (idempotent), then formatting, lints, the
# core's portability and dependency checks, the independent vector cross-check, the Rust tests, each
# language's suite and the end-to-end runs against the local sandbox.
#
# Usage: scripts/test.sh            (from anywhere; a fresh machine needs nothing else)
# Ends with one line "N passed, M failed" and exits non-zero if anything failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$(date +%s)

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
# shellcheck disable=SC1091
source .tools/env.sh

PASSED=0
FAILED=0
FAILURES=()
LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"

# check NAME CMD… : one pass/fail for a whole command.
check() {
  local name="$1"; shift
  local t0=$(date +%s)
  if "$@" >"$LOG_DIR/$name.log" 2>&1; then
    PASSED=$((PASSED + 1)); echo "ok    $name ($(( $(date +%s) - t0 )) s)"
  else
    FAILED=$((FAILED + 1)); FAILURES+=("$name"); echo "FAIL  $name ($(( $(date +%s) - t0 )) s)"
    tail -n 40 "$LOG_DIR/$name.log" | sed 's/^/      /'
  fi
}

# suite NAME CMD… : a command whose output ends with "N passed, M failed" (or cargo's result lines).
suite() {
  local name="$1"; shift
  local t0=$(date +%s) status=0 p f
  "$@" >"$LOG_DIR/$name.log" 2>&1 || status=$?
  if grep -q '^test result: ' "$LOG_DIR/$name.log"; then
    p=$(grep '^test result: ' "$LOG_DIR/$name.log" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1/' | awk '{s+=$1} END {print s+0}')
    f=$(grep '^test result: ' "$LOG_DIR/$name.log" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\2/' | awk '{s+=$1} END {print s+0}')
  else
    local last
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$LOG_DIR/$name.log" | tail -n 1)
    p=$(echo "$last" | sed -E 's/^([0-9]+) passed.*/\1/'); f=$(echo "$last" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    [ -n "$p" ] || { p=0; f=1; }
  fi
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  if [ "$f" -eq 0 ]; then
    echo "ok    $name: $p passed ($(( $(date +%s) - t0 )) s)"
  else
    FAILURES+=("$name"); echo "FAIL  $name: $p passed, $f failed ($(( $(date +%s) - t0 )) s)"
    grep -E 'FAIL|panicked|Error|error|failed' "$LOG_DIR/$name.log" | head -n 40 | sed 's/^/      /'
  fi
}

core_has_no_io_or_binding_deps() {
  local tree
  tree=$(cargo tree -p callverify-core -e normal --prefix none) || return 1
  echo "$tree"
  if echo "$tree" | grep -E '^(pyo3|wasm-bindgen|js-sys|web-sys|uniffi|tokio|async-std|smol|mio|reqwest|ureq|hyper|axum|curl|isahc|surf|tempfile|walkdir)( |$)'; then
    echo "callverify-core depends on a binding, async runtime, HTTP or file-system crate (above)"; return 1
  fi
}

# The only comparison of digests is the MAC library's constant-time verify.
digests_compared_in_constant_time() {
  local hits
  hits=$(grep -rnE --include='*.rs' '(digest|mac|Digest)[a-z_]*(\(\))? *(==|!=)|(==|!=) *[a-z_]*digest|ct_eq|constant_time_eq' \
    core/src sandbox/src cli/src bindings-*/src | grep -vE '^[^:]+:[0-9]+: *//' || true)
  if [ -n "$hits" ]; then echo "non-constant-time digest comparison:"; echo "$hits"; return 1; fi
  grep -q 'verify_slice' core/src/push_auth.rs || { echo "push_auth no longer uses verify_slice"; return 1; }
}

check fmt cargo fmt --all --check
check clippy cargo clippy --workspace --all-targets -- -D warnings
check core-deps core_has_no_io_or_binding_deps
check core-wasm32 cargo build -p callverify-core --target wasm32-unknown-unknown --no-default-features
check constant-time digests_compared_in_constant_time
check vectors-python-reference python3 scripts/vectors.py --check
suite rust cargo test --workspace
check fuzz-smoke bash scripts/fuzz.sh 5

for lang in python wasm mobile; do
  if [ -f "scripts/test-$lang.sh" ]; then suite "$lang" bash "scripts/test-$lang.sh"; fi
done
# The core's tests (every shared vector) on aarch64 under qemu-user: the JVM artifact's second
# platform (issue #16; scripts/e2e-jvm.sh, run below, builds and uses that artifact).
suite core-aarch64 env CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
  "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER=qemu-aarch64 -L /usr/aarch64-linux-gnu" \
  cargo test -p callverify-core --target aarch64-unknown-linux-gnu
# End-to-end scripts that no language suite runs itself.
for e2e in scripts/e2e-*.sh; do
  [ -f "$e2e" ] || continue
  name=$(basename "$e2e" .sh)
  if grep -qs "$name" scripts/test-*.sh; then continue; fi
  suite "$name" bash "$e2e"
done

echo
echo "test.sh finished in $(( $(date +%s) - START )) s; logs in target/test-logs/"
if [ "$FAILED" -gt 0 ]; then echo "failed: ${FAILURES[*]}"; fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
