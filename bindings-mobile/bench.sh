#!/usr/bin/env bash
# Benchmark of the Kotlin binding against plain Kotlin (javax.crypto.Mac, hand validation, string
# building, regex push parsing) in one JVM run, with the release library (UniFFI 0.33 reuses one
# call status per thread itself, which the earlier experiment patched in by hand).
# Usage: bindings-mobile/bench.sh [SCALE]   (SCALE multiplies the iteration counts; default 1)
# Prints markdown tables; docs/bench/kotlin.md records a run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
source .tools/env.sh

WORK="$ROOT/target/kotlin-mobile"
GEN="$ROOT/bindings-mobile/generated"
mkdir -p "$WORK"

# The generated Kotlin does not depend on the build profile: generate from the debug build, load
# the release library.
bash scripts/generate-mobile.sh --out "$GEN" >&2
cargo build --release -p callverify-mobile --lib >&2

compile() { # name generated-file
  local name=$1 generated=$2 stamp
  stamp=$( { cat "$generated" bindings-mobile/kotlin/bench/*.kt; kotlinc-jvm -version 2>&1; } | sha256sum | cut -d' ' -f1)
  if [ ! -f "$WORK/$name.stamp" ] || [ "$(cat "$WORK/$name.stamp")" != "$stamp" ]; then
    echo "bench: compiling $name (kotlinc-jvm, ~40 s)" >&2
    rm -rf "${WORK:?}/$name"
    kotlinc-jvm -nowarn -cp "$JNA_JAR" -d "$WORK/$name" "$generated" bindings-mobile/kotlin/bench/*.kt >&2
    echo "$stamp" >"$WORK/$name.stamp"
  fi
}
compile bench-classes "$GEN/kotlin/io/callverify/callverify.kt"

echo "### Generated bindings as shipped"
echo
java -Djna.library.path="$ROOT/target/release" \
  -cp "$WORK/bench-classes:$JNA_JAR:$KOTLIN_HOME/lib/kotlin-stdlib.jar" io.callverify.bench.BenchKt "${1:-1}"
