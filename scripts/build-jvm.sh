#!/usr/bin/env bash
# Builds the JVM artifact io.callverify:callverify (bindings-mobile/jvm) and installs it into the
# local Maven repository (~/.m2):
#   1. generates the Kotlin (and Swift) from the library (scripts/generate-mobile.sh, debug build);
#   2. builds the native library in release for linux-x86-64 (this machine) and linux-aarch64
#      (rustup's aarch64-unknown-linux-gnu target, linked with Debian's aarch64-linux-gnu-gcc);
#   3. puts both under JNA's resource prefixes in target/jvm-native/release/;
#   4. `mvn -o install`: compiles the Kotlin, runs the JUnit 5 suites against the library inside the
#      JAR, packs the JAR (Kotlin classes of io.callverify and io.callverify.core + linux-x86-64/ and
#      linux-aarch64/libcallverify_mobile.so) and a sources JAR (both generated Kotlin files and the
#      Java helpers), and installs both; then checks what the JARs hold.
#
# Usage: scripts/build-jvm.sh [--skip-tests]
# Needs what scripts/setup.sh installs (aarch64 cross toolchain, Maven dependencies for offline use).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
source .tools/env.sh

SKIP_TESTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-tests) SKIP_TESTS=(-DskipTests) ;;
    *) echo "usage: $0 [--skip-tests]" >&2; exit 2 ;;
  esac
  shift
done

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "build-jvm: runs on linux x86_64 (it cross-builds aarch64)" >&2; exit 1; }

# The artifact's version is the Rust workspace's.
CARGO_VERSION=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "callverify-mobile"))')
POM_VERSION=$(python3 -c 'import sys, xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).getroot().find("{http://maven.apache.org/POM/4.0.0}version").text)' bindings-mobile/jvm/pom.xml)
if [ "$CARGO_VERSION" != "$POM_VERSION" ]; then
  echo "build-jvm: bindings-mobile/jvm/pom.xml has version $POM_VERSION, the workspace $CARGO_VERSION" >&2
  exit 1
fi

bash scripts/generate-mobile.sh

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
cargo build --release -p callverify-mobile --lib
cargo build --release -p callverify-mobile --lib --target aarch64-unknown-linux-gnu

NATIVE="$ROOT/target/jvm-native/release"
mkdir -p "$NATIVE/linux-x86-64" "$NATIVE/linux-aarch64"
cp -p target/release/libcallverify_mobile.so "$NATIVE/linux-x86-64/"
cp -p target/aarch64-unknown-linux-gnu/release/libcallverify_mobile.so "$NATIVE/linux-aarch64/"
file "$NATIVE"/linux-*/libcallverify_mobile.so 2>/dev/null || true

(cd bindings-mobile/jvm && mvn -o -B --no-transfer-progress install "${SKIP_TESTS[@]}" -Dcallverify.native.dir="$NATIVE")

# What a user downloads: check it.
JAR="$HOME/.m2/repository/io/callverify/callverify/$POM_VERSION/callverify-$POM_VERSION.jar"
SOURCES="${JAR%.jar}-sources.jar"
[ -f "$JAR" ] && [ -f "$SOURCES" ] || { echo "build-jvm: $JAR or its sources JAR was not installed" >&2; exit 1; }
listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$JAR")
sources=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$SOURCES")
for entry in linux-x86-64/libcallverify_mobile.so linux-aarch64/libcallverify_mobile.so \
  io/callverify/Client.class io/callverify/PushVerifier.class io/callverify/CallVerify.class io/callverify/CallverifyKt.class \
  io/callverify/core/CallVerifyRequest.class io/callverify/core/Signature.class; do
  grep -qx "$entry" <<<"$listing" || { echo "build-jvm: $entry is missing from $JAR" >&2; exit 1; }
done
for entry in io/callverify/callverify.kt io/callverify/core/callverify_core.kt io/callverify/CallVerify.kt; do
  grep -qx "$entry" <<<"$sources" || { echo "build-jvm: $entry is missing from $SOURCES" >&2; exit 1; }
done
if grep -q '\.so$' <<<"$sources"; then echo "build-jvm: the sources JAR holds a native library" >&2; exit 1; fi
echo "build-jvm: installed io.callverify:callverify:$POM_VERSION ($(du -k "$JAR" | cut -f1) KiB, linux-x86-64 + linux-aarch64) and its sources JAR"
