#!/usr/bin/env bash
# Fuzzes the core's untrusted-input entry points with cargo-fuzz (libFuzzer + AddressSanitizer).
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     (default 10 s, all four targets)
#        FUZZ_RUNS=10000000 scripts/fuzz.sh 0 parse_push    (a fixed number of executions instead)
#
# cargo-fuzz needs nightly compiler flags; this machine has only stable Rust, so the script sets
# RUSTC_BOOTSTRAP=1, which lets the stable compiler accept them (the sanitizer runtimes ship with it).
# The corpus is seeded from tests/vectors. Prints one line per target: executions, crashes.
# Any crash leaves its input in core/fuzz/artifacts/<target>/ and makes the script fail.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/core/fuzz"
export RUSTC_BOOTSTRAP=1
SECONDS_PER_TARGET="${1:-10}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(parse_response parse_push verify_push validate_request)

python3 - "$ROOT" <<'PY'
"""Seeds each target's corpus from the shared vectors."""
import base64, json, os, pathlib, sys
root = pathlib.Path(sys.argv[1]); vec = root / "tests" / "vectors"; out = root / "core" / "fuzz" / "corpus"
def put(target, name, data):
    d = out / target; d.mkdir(parents=True, exist_ok=True); (d / name).write_bytes(data)
def body(c):
    return base64.b64decode(c["body_base64"]) if "body_base64" in c else c.get("body", "").encode()
for f, target in (("responses.json", "parse_response"), ("pushes.json", "parse_push")):
    p = vec / f
    if p.exists():
        for i, c in enumerate(json.loads(p.read_text())):
            data = body(c)
            if target == "parse_response":
                data = int(c.get("status", 200)).to_bytes(2, "little") + data
            put(target, f"v{i}", data)
p = vec / "push_auth.json"
for i, c in enumerate(json.loads(p.read_text())):
    h = {k.lower(): v for k, v in c["headers"]}
    put("verify_push", f"v{i}", "\0".join([h.get("authorization", ""), h.get("x-aksk", ""), c["url"], str(c["now"])]).encode())
for f in ("validation.json", "build.json"):
    for i, c in enumerate(json.loads((vec / f).read_text())):
        put("validate_request", f"{f[0]}{i}", json.dumps(c["request"]).encode())
PY

cargo fuzz build -O >/dev/null 2>&1 || cargo fuzz build -O
status=0
for t in "${TARGETS[@]}"; do
  if [ -n "${FUZZ_RUNS:-}" ]; then limit=(-runs="$FUZZ_RUNS"); else limit=(-max_total_time="$SECONDS_PER_TARGET"); fi
  log="$ROOT/target/fuzz-$t.log"; mkdir -p "$ROOT/target"
  if cargo fuzz run -O "$t" -- "${limit[@]}" -print_final_stats=1 >"$log" 2>&1; then crashes=0; else crashes=1; status=1; fi
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  echo "fuzz $t: ${runs:-?} executions, $crashes crashes"
  [ "$crashes" -eq 0 ] || grep -E 'panicked|ERROR|SUMMARY' "$log" | head -5
done
exit $status
