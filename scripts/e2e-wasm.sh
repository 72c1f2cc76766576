#!/usr/bin/env bash
# End-to-end test of the npm package against the local sandbox (`callverify sandbox`):
#
#   1. builds the CLI (cargo build -p callverify-cli) and the npm package (scripts/build-wasm.sh)
#   2. installs the packed tarball into a scratch copy of examples/node
#   3. starts the sandbox on a free loopback port with a test key and secret (killed on exit)
#   4. runs examples/node/send-code.mjs against it: answered, busy and no-answer calls (pushes
#      verified, parsed, a replay rejected), a refused callee, a wrong secret, an invalid request
#   5. runs every case of tests/vectors/sandbox.json against it with the package
#
# Last line: "<N> passed, <M> failed"; exits non-zero if anything failed.
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
  echo "e2e-wasm: $1: $2 passed, $3 failed"
}

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/callverify-wasm-e2e.XXXXXX")
SANDBOX_PID=""
cleanup() {
  if [ -n "$SANDBOX_PID" ]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

# ---- 1, 2. build and install ------------------------------------------------------------------
cargo build -q -p callverify-cli
scripts/build-wasm.sh
TARBALL=$(ls "$ROOT"/bindings-wasm/pkg-dist/callverify-*.tgz)
APP="$SCRATCH/example"
cp -r examples/node "$APP"
rm -rf "$APP/node_modules" "$APP/package-lock.json"
cp bindings-wasm/tests/e2e/sandbox-vectors.mjs "$APP/"
(cd "$APP" && npm install --no-audit --no-fund --loglevel=error "$TARBALL" >/dev/null)

# ---- 3. sandbox ---------------------------------------------------------------------------------
# The key and secret of tests/vectors/sandbox.json (one pair for every case), so one sandbox serves
# the examples and the vectors. IP blocking is off: some vectors fail authentication on purpose.
read -r APP_KEY APP_SECRET < <(node -e '
  const cases = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const pairs = new Set(cases.map((c) => c.app_key + " " + c.app_secret));
  if (pairs.size !== 1) { console.error("sandbox.json uses several credentials"); process.exit(1); }
  console.log([...pairs][0]);
' tests/vectors/sandbox.json)
SANDBOX_OUT="$SCRATCH/sandbox.out"
CALLVERIFY_APP_SECRET="$APP_SECRET" target/debug/callverify sandbox --listen 127.0.0.1:0 \
  --app-key "$APP_KEY" --push-delay-ms 20 --auth-failure-limit 0 >"$SANDBOX_OUT" 2>"$SCRATCH/sandbox.err" &
SANDBOX_PID=$!
BASE_URL=""
for _ in $(seq 1 100); do
  line=$(head -1 "$SANDBOX_OUT" 2>/dev/null || true)
  case "$line" in
    "callverify sandbox listening on http://127.0.0.1:"*) BASE_URL=${line##* }; break ;;
  esac
  kill -0 "$SANDBOX_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$BASE_URL" ]; then
  cat "$SCRATCH/sandbox.err" >&2 || true
  count "sandbox starts" 0 1
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
count "sandbox starts ($BASE_URL)" 1 0

# ---- 4. the example -----------------------------------------------------------------------------
example() { # name expected-exit must-contain… -- args…
  local name=$1 want=$2 out rc
  shift 2
  local needles=()
  while [ "$1" != "--" ]; do needles+=("$1"); shift; done
  shift
  set +e
  out=$(cd "$APP" && CALLVERIFY_BASE_URL="$BASE_URL" CALLVERIFY_APP_KEY="$APP_KEY" \
    CALLVERIFY_APP_SECRET="${SECRET_OVERRIDE:-$APP_SECRET}" CALLVERIFY_TIMEOUT_MS=20000 \
    timeout 60 node send-code.mjs "$@" 2>&1)
  rc=$?
  set -e
  local ok=1 n
  [ "$rc" = "$want" ] || ok=0
  for n in "${needles[@]}"; do grep -qF -- "$n" <<<"$out" || ok=0; done
  if grep -qF -- "$APP_SECRET" <<<"$out"; then ok=0; echo "the secret appears in the output" >&2; fi
  if [ "$ok" = 1 ]; then
    count "example: $name" 1 0
  else
    echo "$out" | sed 's/^/    /'
    echo "    (exit $rc, want $want)"
    count "example: $name" 0 1
  fi
}
example "answered call, pushes verified, replay rejected" 0 \
  "status callout" "status answer" "status disconnect" "fee record" "(replay rejected)" -- +8618900000007
example "busy (8102)" 0 "status disconnect" "8102 busy" "fee record" "(replay rejected)" -- +8613800008102
example "no answer (8101)" 0 "status alerting" "8101 no_answer" "answered no" -- +8613800008101
example "refused callee (1013117)" 2 "result code 1013117" -- +8613801013117
example "invalid request" 3 "invalid calleeNbr" "[phone_trunk_prefix]" -- +860755123456
SECRET_OVERRIDE="not-the-secret" example "wrong secret (1010010, not retried)" 2 "result code 1010010 (auth)" -- +8618900000007

# ---- 5. sandbox.json ----------------------------------------------------------------------------
set +e
(cd "$APP" && node sandbox-vectors.mjs "$BASE_URL" "$ROOT/tests/vectors/sandbox.json") | tee "$SCRATCH/vectors.log"
set -e
line=$(grep -E '^sandbox vectors: [0-9]+ passed, [0-9]+ failed$' "$SCRATCH/vectors.log" | tail -1 || true)
if [ -n "$line" ]; then
  count "tests/vectors/sandbox.json" "$(awk '{ print $3 }' <<<"$line")" "$(awk '{ print $5 }' <<<"$line")"
else
  count "tests/vectors/sandbox.json" 0 1
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
