//! # callverify-mobile
//!
//! Kotlin and Swift bindings of callverify (UniFFI, library mode): sign and build callVerify
//! requests for Huawei Cloud Voice Call's voice verification code API, parse responses and result
//! codes, verify and parse status and fee pushes, and generate verification codes. All logic is in
//! `callverify-core`, whose records and enums are the ones Kotlin and Swift see (its `uniffi`
//! feature derives them: Kotlin package `io.callverify.core`, Swift `CallVerifyCore.swift`, compiled into the one `CallVerify` module). This
//! crate only exports the objects and functions (`api.rs`) and maps errors (`error.rs`).
//!
//! Generate the sources with `scripts/generate-mobile.sh` (Kotlin package `io.callverify`, Swift
//! module `CallVerify`); see `docs/mobile.md`. In Kotlin:
//!
//! ```kotlin
//! import io.callverify.*
//! import io.callverify.core.*
//!
//! Credentials("my-app-key", "my-app-secret").use { credentials ->
//!     Client("https://rtccall.cn-north-1.myhuaweicloud.cn:443", credentials).use { client ->
//!         val request = client.callVerify(CallVerifyRequest(
//!             displayNbr = "+8675528000088", calleeNbr = "+8618900000007",
//!             verifyCode = generateVerifyCode(6), preTone = "welcome.wav"))
//!         // send request.method / request.url / request.headers / request.body with any HTTP client
//!     }
//! }
//! ```
//!
//! The same calls from Rust (this crate's public API is what the foreign code sees):
//!
//! ```
//! use std::sync::Arc;
//! use callverify_core::{CallVerifyRequest, Push};
//! use callverify_mobile::{CallVerifyError, Client, Credentials, parse_push};
//!
//! let credentials = Arc::new(Credentials::new("my-app-key".into(), "my-app-secret".into())?);
//! let client = Client::new("https://rtccall.cn-north-1.myhuaweicloud.cn:443".into(), credentials, None)?;
//! let request = CallVerifyRequest::new("+8675528000088", "+8618900000007", "123456", "welcome.wav");
//! let http = client.call_verify_at(request, 1_700_000_000, "0123456789abcdef".into())?;
//! assert!(!http.to_string().contains("PasswordDigest")); // toString() hides X-AKSK
//! let push = parse_push(br#"{"eventType":"answer","statusInfo":{"sessionId":"s-1","timestamp":"2019-01-24 02:49:23"}}"#.to_vec())?;
//! assert!(matches!(push, Push::Status(_)));
//! # Ok::<(), CallVerifyError>(())
//! ```
// The error enum's shape is the foreign (Kotlin/Swift) exception's shape; it is only built on the
// error path and crosses the FFI serialised, so its size does not matter here.
#![allow(clippy::result_large_err)]

mod api;
mod error;

pub use api::{
    Client, Credentials, PushVerifier, encode_user_data, explain, generate_verify_code,
    hangup_cause, hmac_sha256, parse_call_verify_response, parse_push, result_codes, sign_push,
    version,
};
pub use error::{CallVerifyError, error_codes};

uniffi::setup_scaffolding!("callverify");
