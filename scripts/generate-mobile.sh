#!/usr/bin/env bash
# Builds the mobile binding (crate callverify-mobile) for the host and generates its Kotlin and
# Swift sources with UniFFI in library mode.
#
# Usage: scripts/generate-mobile.sh [--release] [--out DIR]
#   --release  build and read the release library (default: debug)
#   --out DIR  where to write kotlin/ and swift/ (default: bindings-mobile/generated, gitignored)
#
# Output: two UniFFI components from the one library (libcallverify_mobile):
#   the binding (objects, functions, errors): DIR/kotlin/io/callverify/callverify.kt (package
#     io.callverify) and DIR/swift/{CallVerify.swift, CallVerifyFFI.h, CallVerifyFFI.modulemap};
#   the core's records and enums: DIR/kotlin/io/callverify/core/callverify_core.kt (package
#     io.callverify.core) and DIR/swift/{CallVerifyCore.swift, CallVerifyCoreFFI.h, CallVerifyCoreFFI.modulemap}.
# The generated code only depends on the library's exported API, so sources generated from the host
# library serve every target (Android, iOS); see docs/mobile.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
[ -f .tools/env.sh ] && source .tools/env.sh

PROFILE=debug
OUT="$ROOT/bindings-mobile/generated"
while [ $# -gt 0 ]; do
  case "$1" in
    --release) PROFILE=release ;;
    --out) OUT="$2"; shift ;;
    *) echo "usage: $0 [--release] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done

# Build the whole workspace for the host (the same feature set as `cargo test --workspace`, so
# nothing is rebuilt twice), then the crate's own uniffi-bindgen binary.
# The generator binary needs the crate's `bindgen` feature (UniFFI's CLI), which only it turns on.
if [ "$PROFILE" = release ]; then
  cargo build --workspace --release
  cargo build --release -p callverify-mobile --bin uniffi-bindgen --features bindgen
else
  cargo build --workspace
  cargo build -p callverify-mobile --bin uniffi-bindgen --features bindgen
fi

case "$(uname -s)" in
  Darwin) LIB="target/$PROFILE/libcallverify_mobile.dylib" ;;
  *) LIB="target/$PROFILE/libcallverify_mobile.so" ;;
esac
[ -f "$LIB" ] || { echo "generate-mobile: $LIB was not built" >&2; exit 1; }

# uniffi-bindgen runs `cargo metadata` to find uniffi.toml: it must see the same CARGO_HOME as the
# build above, which it does since it inherits this environment.
rm -rf "$OUT/kotlin" "$OUT/swift"
for lang in kotlin swift; do
  "target/$PROFILE/uniffi-bindgen" generate --no-format --library "$LIB" --language "$lang" --out-dir "$OUT/$lang"
done
echo "generate-mobile: Kotlin in $OUT/kotlin, Swift in $OUT/swift (from $LIB)"
