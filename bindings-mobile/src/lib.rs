//! # callverify-mobile
//!
//! Kotlin and Swift bindings of callverify (UniFFI, library mode): sign and build callVerify
//! requests for Huawei Cloud Voice Call's voice verification code API, parse responses and result
//! codes, verify and parse status and fee pushes, and generate verification codes. All logic is in
//! `callverify-core`; this crate only converts types and maps errors (`error.rs`).
//!
//! Generate the sources with `scripts/generate-mobile.sh` (Kotlin package `io.callverify`, Swift
//! module `CallVerify`); see `docs/mobile.md`. In Kotlin:
//!
//! ```kotlin
//! import io.callverify.*
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
//! use callverify_mobile::{CallVerifyError, CallVerifyRequest, Client, Credentials, ErrorCode, Push, parse_push};
//!
//! let credentials = Arc::new(Credentials::new("my-app-key".into(), "my-app-secret".into())?);
//! let client = Client::new("https://rtccall.cn-north-1.myhuaweicloud.cn:443".into(), credentials, None)?;
//! let request = CallVerifyRequest {
//!     display_nbr: "+8675528000088".into(),
//!     callee_nbr: "+8618900000007".into(),
//!     verify_code: "123456".into(),
//!     pre_tone: "welcome.wav".into(),
//!     language_type: 2,
//!     pos_tone: None,
//!     times: None,
//!     status_url: None,
//!     fee_url: None,
//!     return_idle_port: None,
//!     user_data: None,
//! };
//! let http = client.call_verify(request.clone(), Some(1_700_000_000), Some("0123456789abcdef".into()))?;
//! assert_eq!(http.url, "https://rtccall.cn-north-1.myhuaweicloud.cn:443/rest/httpsessions/callVerify/v1.0");
//! assert!(!http.to_string().contains("PasswordDigest"));
//!
//! let bad = CallVerifyRequest { callee_nbr: "+860755123456".into(), ..request };
//! match client.call_verify(bad, None, None) {
//!     Err(CallVerifyError::Validation { violations, .. }) => {
//!         assert_eq!(violations[0].field, "calleeNbr");
//!         assert_eq!(violations[0].code, ErrorCode::PhoneTrunkPrefix);
//!     }
//!     other => panic!("{other:?}"),
//! }
//!
//! let push = parse_push(br#"{"eventType":"answer","statusInfo":{"sessionId":"s-1","timestamp":"2019-01-24 02:49:23"}}"#.to_vec())?;
//! assert!(matches!(push, Push::Status { .. }));
//! # Ok::<(), CallVerifyError>(())
//! ```
// The error enum's shape is the foreign (Kotlin/Swift) exception's shape; it is only built on the
// error path and crosses the FFI serialised, so its size does not matter here.
#![allow(clippy::result_large_err)]

mod api;
mod error;
mod types;

pub use api::{
    Client, Credentials, encode_user_data, explain, generate_verify_code, hangup_cause,
    hmac_sha256, parse_call_verify_response, parse_push, result_codes, sign_push, verify_push,
    version,
};
pub use error::{CallVerifyError, ErrorCode, ErrorKind, Violation, error_codes};
pub use types::{
    CallVerifyRequest, CallVerifyResponse, CollectInfoEvent, DigestForm, FeeBatch, FeeRecord,
    HangupCategory, HangupCause, HttpHeader, HttpRequest, Push, PushTime, PushVerification,
    ResultCategory, ResultCodeEntry, RetryAdvice, Signature, StatusEvent, StatusEventType,
    UnknownPush, VerifyOptions,
};

uniffi::setup_scaffolding!("callverify");
