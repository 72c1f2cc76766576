#!/usr/bin/env bash
# End-to-end run of the JVM artifact as its users get it: builds and installs
# io.callverify:callverify (scripts/build-jvm.sh), builds the consumer project examples/jvm (it
# depends on that artifact only), starts `callverify sandbox` on a free port with a test key and
# secret, and runs the Kotlin program (examples/kotlin/SendVerifyCode.kt) and the Java program
# (examples/jvm/src/main/java/example/SendVerifyCodeJava.java) with no library path: the native
# library comes out of the JAR. Each program runs three scenarios: an answered call (status pushes
# and fee batch verified and parsed, a replayed push refused), a busy callee (hangup cause 8102)
# and a blacklisted callee (refused with result code 1013004, explained). The sandbox is killed on
# exit. The last line is "N passed, M failed".
#
# Usage: scripts/e2e-jvm.sh [--with-tests]   (--with-tests: build-jvm.sh also runs the JUnit suites,
# which scripts/test-mobile.sh runs already)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
source .tools/env.sh

BUILD_ARGS=(--skip-tests)
[ "${1:-}" = --with-tests ] && BUILD_ARGS=()
WORK="$ROOT/target/e2e-jvm"
mkdir -p "$WORK"

bash scripts/build-jvm.sh "${BUILD_ARGS[@]}"   # includes the workspace's debug build, hence the CLI
[ -x target/debug/callverify ] || { echo "e2e-jvm: target/debug/callverify was not built"; echo "0 passed, 1 failed"; exit 1; }

# A fresh consumer build against the installed artifact (clean: no class left from an older JAR).
(cd examples/jvm && mvn -o -B --no-transfer-progress -q clean package)
CP="$ROOT/examples/jvm/target/classes:$(cat examples/jvm/target/classpath.txt)"
if grep -q 'jna.library.path\|LD_LIBRARY_PATH' <<<"$CP"; then echo "e2e-jvm: unexpected classpath $CP"; exit 1; fi

APP_KEY="e2eJvmKey"
APP_SECRET="e2e-jvm-secret-$$"
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
  echo "e2e-jvm: the sandbox did not start"; cat "$SANDBOX_LOG.err" || true
  echo "0 passed, 1 failed"; exit 1
fi
cat <&3 >"$SANDBOX_LOG" &
BASE_URL="${first##* }"
echo "e2e-jvm: sandbox at $BASE_URL"

PASSED=0
FAILED=0
run_example() { # main-class name callee expected-exit grep-patterns…
  local main=$1 name=$2 callee=$3 want=$4; shift 4
  local out="$WORK/$name.log" status=0 pattern ok=1
  # No -Djna.library.path and no LD_LIBRARY_PATH; jna.debug_load shows where the library came from.
  env -u LD_LIBRARY_PATH CALLVERIFY_BASE_URL="$BASE_URL" CALLVERIFY_APP_KEY="$APP_KEY" CALLVERIFY_APP_SECRET="$APP_SECRET" \
    CALLVERIFY_CALLEE="$callee" CALLVERIFY_TIMEOUT_S=30 \
    java -Djna.debug_load=true -cp "$CP" "$main" >"$out" 2>&1 || status=$?
  grep -v '^[A-Z][a-z][a-z] [0-9]\+, [0-9]\{4\} \|^INFO: \|^FINE' "$out" | sed 's/^/    /' || true
  if [ "$status" -ne "$want" ]; then echo "    exit status $status, expected $want"; ok=0; fi
  for pattern in "$@"; do
    grep -qE -- "$pattern" "$out" || { echo "    missing in the output: $pattern"; ok=0; }
  done
  # The library was found inside the callverify JAR, not on a library path.
  grep -qE 'callverify-[0-9.]+\.jar!/linux-x86-64/libcallverify_mobile\.so' "$out" \
    || { echo "    the native library was not loaded from the callverify JAR"; ok=0; }
  if grep -qF -- "$APP_SECRET" "$out"; then echo "    the secret appears in the output"; ok=0; fi
  if [ "$ok" -eq 1 ]; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
}

for lang in kotlin java; do
  case $lang in
    kotlin) main=example.SendVerifyCodeKt ;;
    java) main=example.SendVerifyCodeJava ;;
  esac
  run_example "$main" "$lang-answered" "+8618900000007" 0 \
    "session " "receiver: callout" "receiver: alerting" "receiver: answer" "receiver: disconnect" \
    "receiver: fee record fee:" "refused a replayed push" "replayed push answered HTTP 409" "X-AKSK: \[redacted\]"
  run_example "$main" "$lang-busy" "+8613800008102" 0 "receiver: disconnect" "hangup cause 8102 busy" "receiver: fee record"
  run_example "$main" "$lang-blacklisted" "+8613801013004" 2 "refused: HTTP 403 result code 1013004" "category restriction"
done

if grep -qF -- "$APP_SECRET" "$SANDBOX_LOG" "$SANDBOX_LOG.err" 2>/dev/null; then
  echo "FAIL the secret appears in the sandbox log"; FAILED=$((FAILED + 1))
else
  echo "ok   the secret appears in no output or log"; PASSED=$((PASSED + 1))
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
