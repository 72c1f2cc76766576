#!/usr/bin/env bash
# End-to-end run of the Kotlin example (examples/kotlin/) against the local sandbox:
# builds the workspace (library, uniffi-bindgen, CLI), generates the Kotlin sources, compiles the
# example, starts `callverify sandbox` on a free port with a test key and secret, and runs the
# example in three scenarios: an answered call (status pushes + fee batch verified and parsed, a
# replayed push refused), a busy callee (hangup cause 8102) and a blacklisted callee (the request
# refused with result code 1013004, explained). The sandbox is killed on exit.
# The last line is "N passed, M failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
source .tools/env.sh

GEN="$ROOT/bindings-mobile/generated"
WORK="$ROOT/target/kotlin-mobile"
mkdir -p "$WORK"

bash scripts/generate-mobile.sh --out "$GEN"   # cargo build --workspace: includes the CLI
[ -x target/debug/callverify ] || { echo "e2e-kotlin: target/debug/callverify was not built"; echo "0 passed, 1 failed"; exit 1; }

SOURCES=("$GEN/kotlin/io/callverify/callverify.kt" examples/kotlin/*.kt)
stamp=$( { cat "${SOURCES[@]}"; kotlinc-jvm -version 2>&1; } | sha256sum | cut -d' ' -f1)
if [ ! -f "$WORK/example-classes.stamp" ] || [ "$(cat "$WORK/example-classes.stamp")" != "$stamp" ]; then
  echo "e2e-kotlin: compiling the example (kotlinc-jvm, ~40 s)"
  rm -rf "$WORK/example-classes"
  kotlinc-jvm -nowarn -cp "$JNA_JAR" -d "$WORK/example-classes" "${SOURCES[@]}"
  echo "$stamp" >"$WORK/example-classes.stamp"
fi

APP_KEY="e2eKotlinKey"
APP_SECRET="e2e-kotlin-secret-$$"
SANDBOX_LOG="$WORK/sandbox.log"
FIFO="$WORK/sandbox.out"
rm -f "$FIFO"; mkfifo "$FIFO"
CALLVERIFY_APP_SECRET="$APP_SECRET" target/debug/callverify sandbox --listen 127.0.0.1:0 \
  --app-key "$APP_KEY" --push-delay-ms 50 >"$FIFO" 2>"$SANDBOX_LOG.err" &
SANDBOX_PID=$!
cleanup() { kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; rm -f "$FIFO"; }
trap cleanup EXIT

# The first stdout line is "callverify sandbox listening on http://127.0.0.1:PORT"; keep the rest in a log.
exec 3<"$FIFO"
if ! IFS= read -r -t 30 first <&3; then
  echo "e2e-kotlin: the sandbox did not start"; cat "$SANDBOX_LOG.err" || true
  echo "0 passed, 1 failed"; exit 1
fi
cat <&3 >"$SANDBOX_LOG" &
BASE_URL="${first##* }"
echo "e2e-kotlin: sandbox at $BASE_URL"

PASSED=0
FAILED=0
run_example() { # name callee expected-exit grep-patterns…
  local name=$1 callee=$2 want=$3; shift 3
  local out="$WORK/e2e-$name.log" status=0 pattern ok=1
  CALLVERIFY_BASE_URL="$BASE_URL" CALLVERIFY_APP_KEY="$APP_KEY" CALLVERIFY_APP_SECRET="$APP_SECRET" \
    CALLVERIFY_CALLEE="$callee" CALLVERIFY_TIMEOUT_S=30 \
    java -Djna.library.path="$ROOT/target/debug" \
      -cp "$WORK/example-classes:$JNA_JAR:$KOTLIN_HOME/lib/kotlin-stdlib.jar" example.SendVerifyCodeKt \
      >"$out" 2>&1 || status=$?
  sed 's/^/    /' "$out"
  if [ "$status" -ne "$want" ]; then echo "    exit status $status, expected $want"; ok=0; fi
  for pattern in "$@"; do
    grep -qE -- "$pattern" "$out" || { echo "    missing in the output: $pattern"; ok=0; }
  done
  if grep -qF -- "$APP_SECRET" "$out"; then echo "    the secret appears in the output"; ok=0; fi
  if [ "$ok" -eq 1 ]; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
}

run_example answered "+8618900000007" 0 \
  "session " "receiver: callout" "receiver: alerting" "receiver: answer" "receiver: disconnect" \
  "receiver: fee record fee:" "refused a replayed push" "replayed push answered HTTP 409" "X-AKSK: \[redacted\]"
run_example busy "+8613800008102" 0 "receiver: disconnect" "hangup cause 8102 busy" "receiver: fee record"
run_example blacklisted "+8613801013004" 2 "refused: HTTP 403 result code 1013004" "category restriction"

if grep -qF -- "$APP_SECRET" "$SANDBOX_LOG" "$SANDBOX_LOG.err" 2>/dev/null; then
  echo "FAIL the secret appears in the sandbox log"; FAILED=$((FAILED + 1))
else
  echo "ok   the secret appears in no output or log"; PASSED=$((PASSED + 1))
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
