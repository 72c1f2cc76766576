#!/usr/bin/env bash
# Tests of the Kotlin and Swift binding (bindings-mobile/, UniFFI):
#   1. builds the library and generates Kotlin and Swift (scripts/generate-mobile.sh);
#   2. checks the Swift output statically (no Swift compiler here): files, module map, header,
#      every exported function present (bindings-mobile/tools/check_generated.py);
#   3. compiles the generated Kotlin with the JUnit suites (kotlinc-jvm, JNA) and runs them on the
#      JVM: every shared vector, the error model and code drift, secrets, hostile input, the surface.
# The last line is "N passed, M failed" (Swift checks + JUnit tests); exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
source .tools/env.sh

GEN="$ROOT/bindings-mobile/generated"
WORK="$ROOT/target/kotlin-mobile"
LIB_DIR="$ROOT/target/debug"
mkdir -p "$WORK"

bash scripts/generate-mobile.sh --out "$GEN"

# --- Swift (and Kotlin) sources against the library ----------------------------------------------
swift_status=0
python3 bindings-mobile/tools/check_generated.py "$LIB_DIR/libcallverify_mobile.so" "$GEN" | tee "$WORK/check-generated.log" || swift_status=$?
swift_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$WORK/check-generated.log" | tail -n 1 || true)
swift_passed=$(echo "${swift_line:-0 passed, 1 failed}" | sed -E 's/^([0-9]+) passed.*/\1/')
swift_failed=$(echo "${swift_line:-0 passed, 1 failed}" | sed -E 's/.* ([0-9]+) failed$/\1/')
if [ "$swift_status" -ne 0 ] && [ "$swift_failed" -eq 0 ]; then swift_failed=1; fi

# --- Kotlin: compile once per change of the generated code or the tests, then run --------------
CP_COMPILE="$JNA_JAR:$JUNIT_JAR:$HAMCREST_JAR"
CP_RUN="$WORK/test-classes:$JNA_JAR:$JUNIT_JAR:$HAMCREST_JAR:$KOTLIN_HOME/lib/kotlin-stdlib.jar"
SOURCES=("$GEN/kotlin/io/callverify/callverify.kt" bindings-mobile/kotlin/tests/*.kt)
stamp=$( { cat "${SOURCES[@]}"; kotlinc-jvm -version 2>&1; } | sha256sum | cut -d' ' -f1)
kotlin_passed=0
kotlin_failed=0
if [ -f "$WORK/test-classes.stamp" ] && [ "$(cat "$WORK/test-classes.stamp")" = "$stamp" ] && [ -d "$WORK/test-classes" ]; then
  echo "test-mobile: Kotlin classes are up to date"
else
  echo "test-mobile: compiling the generated Kotlin and the tests (kotlinc-jvm, ~40 s)"
  rm -rf "$WORK/test-classes" "$WORK/test-classes.stamp"
  if kotlinc-jvm -nowarn -cp "$CP_COMPILE" -d "$WORK/test-classes" "${SOURCES[@]}"; then
    echo "$stamp" >"$WORK/test-classes.stamp"
  else
    echo "test-mobile: kotlinc failed"
    kotlin_failed=1
  fi
fi

if [ "$kotlin_failed" -eq 0 ]; then
  kotlin_status=0
  java -Djna.library.path="$LIB_DIR" -Dcallverify.vectors="$ROOT/tests/vectors" \
    -cp "$CP_RUN" io.callverify.tests.RunAllKt | tee "$WORK/junit.log" || kotlin_status=$?
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$WORK/junit.log" | tail -n 1 || true)
  kotlin_passed=$(echo "${line:-0 passed, 1 failed}" | sed -E 's/^([0-9]+) passed.*/\1/')
  kotlin_failed=$(echo "${line:-0 passed, 1 failed}" | sed -E 's/.* ([0-9]+) failed$/\1/')
  if [ "$kotlin_status" -ne 0 ] && [ "$kotlin_failed" -eq 0 ]; then kotlin_failed=1; fi
fi

echo "test-mobile: swift/generated checks $swift_passed passed, $swift_failed failed; kotlin $kotlin_passed passed, $kotlin_failed failed"
total_passed=$((swift_passed + kotlin_passed))
total_failed=$((swift_failed + kotlin_failed))
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
