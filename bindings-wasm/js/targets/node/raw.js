// Node build: wasm-bindgen's `--target nodejs` glue (CommonJS), which reads and instantiates the
// .wasm synchronously when first imported.
import wasm from './callverify_wasm.cjs';

export default wasm;
