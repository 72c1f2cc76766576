#!/usr/bin/env bash
# The lever benchmarks of the Kotlin binding (LeverBench.java: one JNA step per benchmark; see
# docs/bench/kotlin-levers.md). Run bindings-mobile/bench.sh (or scripts/build-jvm.sh --skip-tests)
# first so that the artifact is installed. Not run by scripts/test.sh.
# Usage: bindings-mobile/jvm/bench/levers.sh OUT.json [JMH options…]
#   e.g. levers.sh /tmp/levers.json -f 1 -wi 5 -w 1s -i 10 -r 1s -prof gc 'LeverBench'
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$1"; shift
(cd "$BENCH" && mvn -B -q --no-transfer-progress package >&2)
java -cp "$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")" org.openjdk.jmh.Main \
  "$@" -rf json -rff "$OUT"
