#!/usr/bin/env bash
# End to end: the push receivers of examples/receivers/ (Python on FastAPI, Node on node:http),
# sharing replay keys in Redis, against the local sandbox (`callverify sandbox`).
#
# Builds the CLI, the Python package and the npm package; starts Redis on a free loopback port,
# both receivers (5 s push window), a fan-out that forwards every push to both receivers (and keeps
# the raw pushes, scripts/e2e-receivers/fanout.py) and the sandbox (no push delay, fee pushes
# re-sent every second). Then scripts/e2e-receivers/drive.py checks, in phases:
#   - each push delivered to both receivers is processed once; the other answers 200 and drops it;
#   - a replay within the window is dropped (200); after the window it is refused (401);
#   - a fee push re-sent after its 200 was lost: its record is not processed again;
#   - Redis stopped: both receivers answer 503 and process nothing; Redis back: the sandbox's
#     retried fee push is processed exactly once;
#   - "receivers: sent S, processed P, duplicates dropped D, lost L" with L = 0.
# Everything it started is stopped on exit. Last line: "<N> passed, <M> failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=/dev/null
source .tools/env.sh

PY="$ROOT/.venv/bin/python"
OUT="$ROOT/target/receivers/e2e"
KEY="recvE2eKey01"
SECRET="recv-e2e-Secret-0123"
WINDOW=5
RETRY_INTERVAL=1
rm -rf "$OUT"
mkdir -p "$OUT"

PIDS=()       # everything started here but Redis, stopped in reverse order on exit
REDIS_PID=""  # the running redis-server, if any
DRIVE_PID=""  # the running phase of drive.py, if any
cleanup() {
  local i
  if [ -n "$DRIVE_PID" ]; then kill "$DRIVE_PID" 2>/dev/null || true; wait "$DRIVE_PID" 2>/dev/null || true; fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do wait "${PIDS[i]}" 2>/dev/null || true; done
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap "exit 1" INT TERM

passed=0
failed=0
fail() { echo "FAIL  $*"; failed=$((failed + 1)); echo "$passed passed, $failed failed"; exit 1; }

# ---- build -------------------------------------------------------------------------------------
echo "building the CLI, the Python package and the npm package..."
env -u CARGO_TARGET_DIR cargo build --quiet -p callverify-cli
if [ "${CALLVERIFY_PY_INSTALLED:-0}" != 1 ]; then
  CARGO_TARGET_DIR="$ROOT/target/python" "$PY" -m pip install --quiet --no-build-isolation --force-reinstall \
    --no-deps ./bindings-python >"$OUT/pip-install.log" 2>&1 || { tail -n 40 "$OUT/pip-install.log"; exit 1; }
fi
scripts/build-wasm.sh >"$OUT/build-wasm.log" 2>&1 || { tail -n 40 "$OUT/build-wasm.log"; exit 1; }
TARBALL=$(ls "$ROOT"/bindings-wasm/pkg-dist/callverify-*.tgz)
NODE_APP="$OUT/node-receiver"
cp -r examples/receivers/node "$NODE_APP"
rm -rf "$NODE_APP/node_modules" "$NODE_APP/package-lock.json"
# The example's package.json points at bindings-wasm/pkg; here at the packed tarball. redis stays pinned.
node -e '
  const fs = require("fs"), file = process.argv[1] + "/package.json";
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.dependencies.callverify = "file:" + process.argv[2];
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
' "$NODE_APP" "$TARBALL"
(cd "$NODE_APP" && npm install --no-audit --no-fund --prefer-offline --loglevel=error >"$OUT/npm-install.log" 2>&1) ||
  { tail -n 40 "$OUT/npm-install.log"; exit 1; }

# ---- processes -----------------------------------------------------------------------------------
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for_line FILE PREFIX PID: until FILE has a line starting with PREFIX (or PID died); prints it.
wait_for_line() {
  local line
  for _ in $(seq 150); do
    line=$(grep -m 1 "^$2" "$1" 2>/dev/null || true)
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "$1 shows no line '$2'; its output:" >&2
  tail -n 30 "$1" >&2
  return 1
}

REDIS_PORT=$(free_port)
start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >>"$OUT/redis.log" 2>&1 &
  REDIS_PID=$!
  wait_for_line "$OUT/redis.log" ".*Ready to accept connections" "$REDIS_PID" >/dev/null
}
stop_redis() {
  kill "$REDIS_PID"
  wait "$REDIS_PID" 2>/dev/null || true
  REDIS_PID=""
}
start_redis || fail "redis-server starts"

FANOUT_PORT=$(free_port)
FANOUT_URL="http://127.0.0.1:$FANOUT_PORT"
PY_PORT=$(free_port)
NODE_PORT=$(free_port)
export CALLVERIFY_APP_KEY="$KEY" CALLVERIFY_APP_SECRET="$SECRET"
export CALLVERIFY_STATUS_URL="$FANOUT_URL/voice/status" CALLVERIFY_FEE_URL="$FANOUT_URL/voice/fee"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT" CALLVERIFY_PUSH_WINDOW="$WINDOW"

PROCESSED_FILE="$OUT/processed-python.jsonl" RECEIVER_NAME=python \
  "$ROOT/.venv/bin/uvicorn" receiver:app --app-dir examples/receivers/python --host 127.0.0.1 \
  --port "$PY_PORT" --workers 2 >"$OUT/receiver-python.log" 2>&1 &
PIDS+=("$!")
PY_RECEIVER_PID=$!
PROCESSED_FILE="$OUT/processed-node.jsonl" RECEIVER_NAME=node HOST=127.0.0.1 PORT="$NODE_PORT" \
  node "$NODE_APP/receiver.mjs" >"$OUT/receiver-node.log" 2>&1 &
PIDS+=("$!")
wait_for_line "$OUT/receiver-node.log" ".* receiver listening on " "$!" >/dev/null || fail "the Node receiver starts"
# uvicorn's parent says "running" before its workers are up; each worker says "startup complete".
for _ in $(seq 150); do
  [ "$(grep -c 'Application startup complete' "$OUT/receiver-python.log" || true)" -ge 2 ] && break
  kill -0 "$PY_RECEIVER_PID" 2>/dev/null || break
  sleep 0.1
done
[ "$(grep -c 'Application startup complete' "$OUT/receiver-python.log" || true)" -ge 2 ] ||
  { tail -n 30 "$OUT/receiver-python.log"; fail "the Python receiver starts (2 workers)"; }

"$PY" scripts/e2e-receivers/fanout.py --port "$FANOUT_PORT" --capture "$OUT/capture.jsonl" \
  --upstream "python=http://127.0.0.1:$PY_PORT" --upstream "node=http://127.0.0.1:$NODE_PORT" \
  >"$OUT/fanout.log" 2>&1 &
PIDS+=("$!")
wait_for_line "$OUT/fanout.log" "fanout listening on $FANOUT_URL" "$!" >/dev/null || fail "the fan-out starts"

target/debug/callverify sandbox --listen 127.0.0.1:0 --app-key "$KEY" --push-delay-ms 0 \
  --fee-retries 6 --fee-retry-interval "$RETRY_INTERVAL" >"$OUT/sandbox.out" 2>"$OUT/sandbox.log" &
PIDS+=("$!")
line=$(wait_for_line "$OUT/sandbox.out" "callverify sandbox listening on http://" "$!") ||
  { cat "$OUT/sandbox.log"; fail "the sandbox starts"; }
SANDBOX_URL=${line#callverify sandbox listening on }
echo "redis on port $REDIS_PORT, receivers python :$PY_PORT node :$NODE_PORT, fan-out $FANOUT_URL, sandbox $SANDBOX_URL"

# ---- checks ----------------------------------------------------------------------------------------
export E2E_DIR="$OUT" E2E_RECEIVERS="python=http://127.0.0.1:$PY_PORT,node=http://127.0.0.1:$NODE_PORT"
export E2E_FANOUT_URL="$FANOUT_URL" E2E_SANDBOX_URL="$SANDBOX_URL" E2E_WINDOW="$WINDOW"
export E2E_FEE_RETRY_INTERVAL="$RETRY_INTERVAL"

phase() { # name: runs one phase of drive.py and adds up its counts
  local log="$OUT/phase-$1.log" last
  # In the background, so that a signal stops everything at once (bash runs traps between commands).
  "$PY" scripts/e2e-receivers/drive.py "$1" >"$log" 2>&1 &
  DRIVE_PID=$!
  wait "$DRIVE_PID" || true
  DRIVE_PID=""
  cat "$log"
  last=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed$" "$log" | tail -n 1 || true)
  if [ -z "$last" ]; then
    echo "FAIL  phase $1 did not finish"
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + $(awk '{ print $2 }' <<<"$last")))
  failed=$((failed + $(awk '{ print $4 }' <<<"$last")))
}

phase deliver
stop_redis
echo "redis stopped"
phase outage
start_redis || fail "redis-server restarts"
echo "redis restarted"
phase recovery
phase report

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
