//! Push parsing on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(push) = callverify_core::parse_push(data) {
        // Whatever parses must serialise back to JSON.
        let _ = serde_json::to_string(&push);
    }
});
