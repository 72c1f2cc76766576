// Compile-time view of ./raw.js: the wasm-bindgen module (its generated callverify_wasm.d.ts is
// copied next to the sources by scripts/build-wasm.sh). Each build target ships its own raw.js.
import type * as Wasm from './callverify_wasm.js';

declare const raw: typeof Wasm;
export default raw;
