// Browser build: wasm-bindgen's `--target web` glue, instantiated before any export is usable
// (top-level await; the .wasm is fetched relative to this module, which bundlers understand).
import init, * as wasm from './callverify_wasm.js';

await init({ module_or_path: new URL('./callverify_wasm_bg.wasm', import.meta.url) });

export default wasm;
