#!/usr/bin/env bash
# Builds the npm package `callverify` (Node ≥ 20 and browsers) from bindings-wasm/:
#
#   1. cargo: callverify-wasm for wasm32-unknown-unknown, profile release-wasm
#   2. wasm-bindgen --target nodejs and --target web (version pinned to the crate's =0.2.130)
#   3. wasm-opt -Oz, stripping the producers and target-features sections (npm binaryen from .tools;
#      never Debian's binaryen)
#   4. tsc: the typed wrapper bindings-wasm/js/*.ts → JS + .d.ts
#   5. assembles bindings-wasm/pkg/ (package.json from bindings-wasm/npm/, README from docs/javascript.md)
#   6. npm pack → bindings-wasm/pkg-dist/callverify-<version>.tgz
#
# Everything it writes is gitignored (target/, bindings-wasm/pkg*). Prints the tarball path and the
# .wasm size (raw and gzipped) at the end; the sizes also go to target/callverify-wasm/sizes.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source .tools/env.sh

CRATE=callverify-wasm
TARGET=wasm32-unknown-unknown
PROFILE=release-wasm
WASM="target/$TARGET/$PROFILE/callverify_wasm.wasm"
WORK="target/callverify-wasm"
PKG="bindings-wasm/pkg"
DIST="bindings-wasm/pkg-dist"

say() { echo "build-wasm: $*"; }
die() { echo "build-wasm: ERROR: $*" >&2; exit 1; }

# ---- tools ------------------------------------------------------------------------------------
want_bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
[ "$have_bindgen" = "$want_bindgen" ] ||
  die "wasm-bindgen CLI is '${have_bindgen:-missing}', the crate uses $want_bindgen; run scripts/setup.sh"
WASM_OPT=$(command -v wasm-opt || true)
case "$WASM_OPT" in
  "$ROOT"/.tools/node/node_modules/.bin/wasm-opt) ;;
  *) die "wasm-opt must be npm binaryen from .tools (found '${WASM_OPT:-nothing}'); run scripts/setup.sh" ;;
esac
command -v tsc >/dev/null || die "tsc not found; run scripts/setup.sh"

# ---- 1. cargo ---------------------------------------------------------------------------------
say "cargo build -p $CRATE --target $TARGET --profile $PROFILE"
# sha2's compact software backend (a loop instead of 64 unrolled rounds): 1.8 KB smaller gzipped;
# signing and push verification stay well under the idiom's time (docs/bench/javascript.md).
# Only this build sees the flag: native builds keep sha2's defaults (SHA-NI where present). A
# RUSTFLAGS set in the environment takes precedence over it (cargo's rule): the build is then larger.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:+$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS }--cfg sha2_backend_soft=\"compact\"" \
  cargo build -q -p "$CRATE" --target "$TARGET" --profile "$PROFILE"

# ---- 2, 3. wasm-bindgen + wasm-opt ------------------------------------------------------------
rm -rf "$WORK"
mkdir -p "$WORK"
for t in nodejs web; do
  wasm-bindgen --target "$t" --out-dir "$WORK/$t" "$WASM"
  # -Oz: within 0.3 KB of -Os/-O3 and as fast here; the two custom sections are metadata only.
  "$WASM_OPT" -Oz --strip-producers --strip-target-features \
    "$WORK/$t/callverify_wasm_bg.wasm" -o "$WORK/$t/callverify_wasm_bg.wasm"
done

# ---- 4. TypeScript wrapper --------------------------------------------------------------------
mkdir -p "$WORK/ts"
cp bindings-wasm/js/*.ts bindings-wasm/js/tsconfig.json "$WORK/ts/"
cp "$WORK/nodejs/callverify_wasm.d.ts" "$WORK/ts/callverify_wasm.d.ts"
tsc -p "$WORK/ts/tsconfig.json"
OUT="$WORK/ts/out"
# The public declarations must not mention the raw module.
if grep -l "raw\.js\|callverify_wasm" "$OUT"/*.d.ts >/dev/null 2>&1; then
  die "a public .d.ts refers to the raw wasm module: $(grep -l 'raw\.js\|callverify_wasm' "$OUT"/*.d.ts)"
fi

# ---- 5. package folder ------------------------------------------------------------------------
VERSION=$(cargo metadata -q --no-deps --format-version 1 |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name===process.argv[1]);console.log(p.version)})' "$CRATE")
rm -rf "$PKG"
mkdir -p "$PKG/node" "$PKG/web" "$PKG/types"
for dir in node web; do
  cp "$OUT/index.js" "$OUT/errors.js" "$OUT/types.js" "$PKG/$dir/"
  cp "bindings-wasm/js/targets/$dir/raw.js" "$PKG/$dir/raw.js"
done
cp "$WORK/nodejs/callverify_wasm.js" "$PKG/node/callverify_wasm.cjs"
cp "$WORK/nodejs/callverify_wasm_bg.wasm" "$PKG/node/"
cp "$WORK/web/callverify_wasm.js" "$WORK/web/callverify_wasm_bg.wasm" "$PKG/web/"
cp "$OUT/index.d.ts" "$OUT/errors.d.ts" "$OUT/types.d.ts" "$PKG/types/"
node -e '
  const fs = require("fs");
  const [template, out, version] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(template, "utf8"));
  pkg.version = version;
  fs.writeFileSync(out, JSON.stringify(pkg, null, 2) + "\n");
' bindings-wasm/npm/package.json "$PKG/package.json" "$VERSION"
cp docs/javascript.md "$PKG/README.md"

# ---- 6. npm pack ------------------------------------------------------------------------------
rm -rf "$DIST"
mkdir -p "$DIST"
TARBALL=$(cd "$PKG" && npm pack --silent --pack-destination "$ROOT/$DIST" 2>/dev/null | tail -1)
[ -f "$DIST/$TARBALL" ] || die "npm pack did not produce a tarball"

RAW_BYTES=$(stat -c %s "$PKG/web/callverify_wasm_bg.wasm")
GZ_BYTES=$(gzip -9c "$PKG/web/callverify_wasm_bg.wasm" | wc -c)
TGZ_BYTES=$(stat -c %s "$DIST/$TARBALL")
printf '{"wasm_bytes": %d, "wasm_gzip_bytes": %d, "tarball_bytes": %d}\n' "$RAW_BYTES" "$GZ_BYTES" "$TGZ_BYTES" >"$WORK/sizes.json"
say "package: $PKG (version $VERSION)"
say "tarball: $DIST/$TARBALL ($TGZ_BYTES bytes)"
say "wasm: $RAW_BYTES bytes raw, $GZ_BYTES bytes gzip -9"
