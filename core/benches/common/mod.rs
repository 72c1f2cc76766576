//! What the core benches share: the request they build and the signing inputs.

use std::hint::black_box;

use base64::{Engine as _, engine::general_purpose::STANDARD};
use callverify_core::CallVerifyRequest;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub const NONCE: &str = "ac1c911c4792492687f8f6b2264a491e";
pub const CREATED: &str = "2018-05-26T00:35:30Z";
pub const SECRET: &str = "bench-app-secret-0123456789abcdef";

/// A typical request: the four required fields, `times`, a status URL and user data.
pub fn request() -> CallVerifyRequest {
    let mut r = CallVerifyRequest::new(
        "+8675528000088",
        "+8618900000007",
        "12345678",
        "welcome.wav",
    );
    r.times = Some(3);
    r.status_url = Some("https://example.com/voice/status".into());
    r.user_data = Some("order-42".into());
    r
}

/// The baseline: `Base64(HMAC-SHA256(SECRET, NONCE + CREATED))` the plain way, keyed each time.
pub fn bare_digest() -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(black_box(SECRET.as_bytes())).unwrap();
    mac.update(black_box(NONCE).as_bytes());
    mac.update(black_box(CREATED).as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}
