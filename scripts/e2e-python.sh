#!/usr/bin/env bash
# End to end: the Python examples against the local sandbox (`callverify sandbox`).
#
# Builds the CLI and installs the Python package, starts the sandbox on a free loopback port with a
# test key and secret, then runs examples/python/demo.py (send a code with urllib, requests and
# httpx; receive, verify and parse the status and fee pushes, stamped in Beijing time as the
# platform stamps them; reject a replayed push), a few refusal scenarios (magic callee numbers, a
# wrong secret), and scripts/huawei_python_sample.py (Huawei's official Python sample: local-time
# Created under TZ=Asia/Shanghai, UTC and New York; sandboxes pinned to one clock). The sandboxes
# are killed on exit.
# Prints "<N> passed, <M> failed" as its last line; exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=/dev/null
source .tools/env.sh

PY="$ROOT/.venv/bin/python"
OUT="$ROOT/target/python/e2e"
mkdir -p "$OUT"
KEY="pyE2eKey01"
SECRET="py-e2e-Secret-0123"
CALLEE="+8618900000007"

echo "building the CLI and installing the Python package..."
# The CLI goes to the workspace's target/ (whatever the caller's CARGO_TARGET_DIR).
env -u CARGO_TARGET_DIR cargo build --quiet -p callverify-cli
# scripts/test-python.sh has just installed the package and sets CALLVERIFY_PY_INSTALLED=1.
if [ "${CALLVERIFY_PY_INSTALLED:-0}" != 1 ]; then
  CARGO_TARGET_DIR="$ROOT/target/python" "$PY" -m pip install --quiet --no-build-isolation --force-reinstall \
    --no-deps ./bindings-python >"$OUT/pip-install.log" 2>&1 || { tail -n 40 "$OUT/pip-install.log"; exit 1; }
fi

SANDBOX_PIDS=()
cleanup() {
  local pid
  for pid in "${SANDBOX_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# start_sandbox LOG [extra options...]: starts a sandbox, sets BASE_URL from its first stdout line.
start_sandbox() {
  local log=$1 line="" pid
  shift
  CALLVERIFY_APP_SECRET="$SECRET" target/debug/callverify sandbox --listen 127.0.0.1:0 --app-key "$KEY" \
    --push-delay-ms 20 "$@" >"$log" 2>&1 &
  pid=$!
  SANDBOX_PIDS+=("$pid")
  for _ in $(seq 100); do
    line=$(head -n 1 "$log" 2>/dev/null || true)
    case "$line" in "callverify sandbox listening on http://"*) break ;; esac
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  case "$line" in
    "callverify sandbox listening on http://"*) BASE_URL=${line#callverify sandbox listening on } ;;
    *) echo "the sandbox did not start; its output:"; cat "$log"; exit 1 ;;
  esac
}

passed=0
failed=0
check() { # name command...
  local name=$1 log
  shift
  log="$OUT/$(echo "$name" | tr -c 'A-Za-z0-9\n' '_').log"
  if "$@" >"$log" 2>&1; then
    echo "ok    $name"
    passed=$((passed + 1))
  else
    echo "FAIL  $name (log: ${log#"$ROOT"/})"
    tail -n 30 "$log" | sed 's/^/      /'
    failed=$((failed + 1))
  fi
}

export CALLVERIFY_APP_KEY="$KEY" CALLVERIFY_APP_SECRET="$SECRET"

start_sandbox "$OUT/sandbox.log"
echo "sandbox at $BASE_URL"
for client in urllib requests httpx; do
  check "demo with $client: code sent, pushes verified and parsed, replay rejected" \
    "$PY" examples/python/demo.py --base-url "$BASE_URL" --client "$client" --callee "$CALLEE" --timeout 20
done
check "demo, callee busy: disconnect 8102 and fee record" \
  "$PY" examples/python/demo.py --base-url "$BASE_URL" --callee +8613800008102 --expect-state-code 8102
check "demo, no answer: disconnect 8101" \
  "$PY" examples/python/demo.py --base-url "$BASE_URL" --client requests --callee +8613800008101 \
  --expect-state-code 8101

# Refusals come back as ApiError with the table entry and retry advice.
refusal() { # callee http_status result_code category retry_after
  "$PY" - "$BASE_URL" "$@" <<'EOF'
import sys
sys.path.insert(0, "examples/python")
import callverify, send_urllib

base, callee, status, code, category, retry_after = sys.argv[1:]
try:
    send_urllib.send_code(send_urllib.client_from_env(base), callee, "123456")
except callverify.ApiError as e:
    got = (e.http_status, e.result_code, e.category, e.retry_after)
    want = (int(status), code, category, None if retry_after == "none" else int(retry_after))
    assert got == want, (got, want, str(e))
    print("ApiError as expected:", e)
else:
    raise SystemExit("accepted; an ApiError was expected")
EOF
}
check "blacklisted callee: ApiError 403 1013004 restriction, no retry" \
  refusal +8613801013004 403 1013004 restriction none
check "callee rate limited: ApiError 403 1013117 rate_limit, no retry" \
  refusal +8613801013117 403 1013117 rate_limit none
check "ports exhausted: ApiError 500 1020154 rate_limit, retry after 60 s" \
  refusal +8613801020154 500 1020154 rate_limit 60
check "wrong secret: ApiError auth, never retried" env CALLVERIFY_APP_SECRET=wrong-secret "$PY" - "$BASE_URL" <<'EOF'
import sys
sys.path.insert(0, "examples/python")
import callverify, send_urllib

try:
    send_urllib.send_code(send_urllib.client_from_env(sys.argv[1]), "+8618900000007", "123456")
except callverify.ApiError as e:
    assert e.category == "auth" and e.retry_after is None and not e.retryable, str(e)
    assert "wrong-secret" not in str(e) and "wrong-secret" not in repr(e)
    print("ApiError as expected:", e)
else:
    raise SystemExit("accepted with a wrong secret")
EOF

# Pushes signed with the seed's digest form are accepted too (verify_push tries both by default).
start_sandbox "$OUT/sandbox-concatenated.log" --push-digest-form concatenated
check "demo, pushes signed in the concatenated digest form" \
  "$PY" examples/python/demo.py --base-url "$BASE_URL" --callee "$CALLEE" --timeout 20

# Huawei's official Python sample, as customers run it (standard library only, no SDK): Created is
# the host's local time with a literal Z. The platform accepts UTC and Beijing time (UTC+8), and so
# does the sandbox by default; any other local time is refused with a reason that says so.
SAMPLE=(python3 -I scripts/huawei_python_sample.py)
command -v python3 >/dev/null || SAMPLE=("$PY" -I scripts/huawei_python_sample.py)
start_sandbox "$OUT/sandbox-clocks.log"
check "Huawei's Python sample on a host in Asia/Shanghai (Created in Beijing time): 200" \
  env TZ=Asia/Shanghai "${SAMPLE[@]}" --base-url "$BASE_URL"
check "Huawei's Python sample on a host in UTC: 200" \
  env TZ=UTC "${SAMPLE[@]}" --base-url "$BASE_URL"
check "Huawei's Python sample on a host in New York: 401 1010013, Created looks like local time" \
  env TZ=America/New_York "${SAMPLE[@]}" --base-url "$BASE_URL" --expect-status 401 \
  --expect-resultcode 1010013 --expect-reason "Created looks like local time at UTC-"
check "sandbox log: the accepted requests' clocks (UTC+8, then UTC)" bash -c '
  grep -q "scenario answered Created in UTC+8 " "$1" && grep -q "scenario answered Created in UTC " "$1"' _ \
  "$OUT/sandbox-clocks.log"
start_sandbox "$OUT/sandbox-utc-only.log" --created-offset UTC
check "sandbox pinned to UTC: the sample in Asia/Shanghai gets 401 1010013 naming the client's created offset option" \
  env TZ=Asia/Shanghai "${SAMPLE[@]}" --base-url "$BASE_URL" --expect-status 401 \
  --expect-resultcode 1010013 --expect-reason "local time at UTC+8 with a trailing Z rather than UTC: on the client"
start_sandbox "$OUT/sandbox-beijing-only.log" --created-offset +08:00
check "sandbox pinned to Beijing time: the sample in Asia/Shanghai gets 200" \
  env TZ=Asia/Shanghai "${SAMPLE[@]}" --base-url "$BASE_URL"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
