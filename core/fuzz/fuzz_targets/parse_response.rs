//! Response parsing on arbitrary bytes: the first two bytes pick the HTTP status.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]), rest),
        _ => (200, data),
    };
    let _ = callverify_core::parse_call_verify_response(status, body);
});
