#!/usr/bin/env bash
# JMH benchmark of the Kotlin binding against plain Kotlin (javax.crypto.Mac, hand validation,
# string building, regex push parsing) in the same run (bindings-mobile/jvm/bench):
# builds and installs io.callverify:callverify (scripts/build-jvm.sh: release library inside the
# JAR), builds the JMH project, runs it in one forked JVM and prints a markdown table with the
# binding/plain ratios. Not run by scripts/test.sh; figures in docs/bench/kotlin.md.
#
# Usage: bindings-mobile/bench.sh [JMH options…]   (default: -f 1 -wi 3 -w 1s -i 5 -r 1s)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
source .tools/env.sh

bash scripts/build-jvm.sh --skip-tests >&2
BENCH="$ROOT/bindings-mobile/jvm/bench"
# Not offline: the JMH artifacts are fetched on first use (scripts/setup.sh fetches only what tests need).
(cd "$BENCH" && mvn -B -q --no-transfer-progress package >&2)

OPTS=("$@")
[ ${#OPTS[@]} -gt 0 ] || OPTS=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
java -cp "$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")" org.openjdk.jmh.Main \
  "${OPTS[@]}" -rf json -rff "$BENCH/target/jmh.json" io.callverify.bench.BindingBench >&2

python3 - "$BENCH/target/jmh.json" <<'PY'
import json, sys
rows = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
def fmt(m):
    err = float(m["scoreError"])   # JMH writes "NaN" (a string) when there is a single iteration
    return f'{m["score"]:.2f} ± {err:.2f} µs' if m["score"] >= 1 else f'{m["score"] * 1000:.0f} ± {err * 1000:.0f} ns'
print("| operation | binding | plain Kotlin | binding / plain |")
print("|---|---:|---:|---:|")
for name, key in [("build + sign + validate, fixed time and nonce (`client.callVerifyAt`)", "callVerify"),
                  ("build + sign + validate, clock and fresh nonce (`client.callVerify`)", "callVerifyFresh"),
                  ("`PushVerifier.verifyAt` (newline form)", "verifyPush"),
                  ("`parsePush`, status event", "parsePushStatus"),
                  ("`parsePush`, fee batch of 3", "parsePushFee")]:
    b, p = rows[key + "Binding"], rows[key + "Plain"]
    print(f'| {name} | {fmt(b)} | {fmt(p)} | {b["score"] / p["score"]:.2f}x |')
print()
print("| one crossing | per call |")
print("|---|---:|")
print(f'| `version()` (a 5-byte string out: call + free of the result buffer) | {fmt(rows["crossingVersion"])} |')
print(f'| `client.createdOffsetSeconds()` (object method: clone handle + call, Int64 out) | {fmt(rows["crossingObjectMethod"])} |')
PY
