#!/usr/bin/env bash
# Tests of the Kotlin and Swift binding (bindings-mobile/, UniFFI):
#   1. builds the library and generates Kotlin and Swift (scripts/generate-mobile.sh);
#   2. checks the Swift output statically (no Swift compiler here), for both components (the binding,
#      CallVerify / io.callverify, and the core's records and enums, CallVerifyCore /
#      io.callverify.core): files, module maps, headers, every exported function present in Swift
#      and Kotlin, the links between the two (bindings-mobile/tools/check_generated.py);
#   3. runs the JUnit 5 suites of the Maven project bindings-mobile/jvm (`mvn -o test`: the generated
#      Kotlin, the Java helpers and the tests, JNA from Maven Central, the debug library on the
#      classpath): every shared vector, the error model and code drift, secrets, hostile input, the
#      surface, the Java helpers. scripts/setup.sh fetched the Maven dependencies (offline here).
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

# --- Kotlin: the JUnit 5 suites of the Maven project bindings-mobile/jvm, against the debug library --
# The library goes into the test classpath under JNA's resource prefix for this machine, as in the
# published JAR (scripts/build-jvm.sh puts both release libraries there): no library path is set.
case "$(uname -m)" in
  x86_64) JNA_PREFIX=linux-x86-64 ;;
  aarch64) JNA_PREFIX=linux-aarch64 ;;
  *) echo "test-mobile: no JNA resource prefix known for $(uname -m)"; exit 1 ;;
esac
NATIVE_DIR="$ROOT/target/jvm-native/debug"
mkdir -p "$NATIVE_DIR/$JNA_PREFIX"
cp -p "$LIB_DIR/libcallverify_mobile.so" "$NATIVE_DIR/$JNA_PREFIX/libcallverify_mobile.so"

kotlin_status=0
(cd bindings-mobile/jvm && mvn -o -B --no-transfer-progress test -Dcallverify.native.dir="$NATIVE_DIR") \
  | tee "$WORK/maven-test.log" || kotlin_status=$?
# Surefire's last "Tests run: N, Failures: F, Errors: E, Skipped: S" line is the total.
line=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$WORK/maven-test.log" | tail -n 1 || true)
if [ -n "$line" ]; then
  run=$(echo "$line" | sed -E 's/.*Tests run: ([0-9]+),.*/\1/')
  failures=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+),.*/\1/')
  errors=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+),.*/\1/')
  kotlin_failed=$((failures + errors))
  kotlin_passed=$((run - kotlin_failed))
else
  kotlin_passed=0
  kotlin_failed=1
fi
if [ "$kotlin_status" -ne 0 ] && [ "$kotlin_failed" -eq 0 ]; then kotlin_failed=1; fi

echo "test-mobile: swift/generated checks $swift_passed passed, $swift_failed failed; kotlin $kotlin_passed passed, $kotlin_failed failed"
total_passed=$((swift_passed + kotlin_passed))
total_failed=$((swift_failed + kotlin_failed))
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
