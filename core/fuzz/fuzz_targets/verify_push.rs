//! X-AKSK / Authorization header parsing and push verification on arbitrary text.
//! Input: `authorization \0 x-aksk \0 url \0 now` (missing parts are absent headers).
#![no_main]
use callverify_core::{Credentials, VerifyOptions, verify_push};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let mut headers = Vec::new();
    if let Some(a) = parts.next() {
        headers.push(("Authorization", a.to_owned()));
    }
    if let Some(x) = parts.next() {
        headers.push(("x-aksk", x.to_owned()));
    }
    let url = parts.next().unwrap_or("https://example.com/status");
    let now = parts.next().and_then(|n| n.parse::<i64>().ok()).unwrap_or(1_700_000_000);
    let Ok(credentials) = Credentials::new("app-key", "app-secret") else { return };
    for allow_unsigned in [false, true] {
        let options = VerifyOptions { allow_unsigned, ..VerifyOptions::default() };
        let _ = verify_push(&headers, url, &credentials, now, &options);
    }
});
