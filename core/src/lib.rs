//! # callverify-core
//!
//! The sans-I/O core of callverify, an SDK for Huawei Cloud Voice Call's voice verification code API
//! (语音验证码: the platform phones a user and reads a one-time code aloud).
//!
//! It signs requests (the X-AKSK header), builds the callVerify HTTP request as data, validates every
//! parameter rule, parses responses and result codes, parses status and fee pushes and checks push
//! signatures. It performs no I/O: time and nonces are inputs, and the host application sends the
//! request with the HTTP client it already has. The `clock` and `getrandom` features (on by default)
//! add conveniences that read the system clock and the OS random generator.
//!
//! ```
//! use callverify_core::{parse_call_verify_response, CallVerifyRequest, Client, Credentials, Nonce};
//!
//! let client = Client::new("https://rtccall.cn-north-1.myhuaweicloud.cn:443", Credentials::new("key", "secret")?)?;
//! let mut request = CallVerifyRequest::new("+8675528000088", "+8618900000007", "123456", "welcome.wav");
//! request.status_url = Some("https://example.com/voice/status".into());
//!
//! // One attempt: sign with the current time and a fresh nonce, then send with your HTTP client.
//! let http = client.call_verify(&request, 1_700_000_000, Nonce::new("0123456789abcdef")?)?;
//! assert_eq!(http.url, "https://rtccall.cn-north-1.myhuaweicloud.cn:443/rest/httpsessions/callVerify/v1.0");
//!
//! // Then parse what came back.
//! let session = parse_call_verify_response(200, br#"{"resultcode":"0","resultdesc":"Success","sessionId":"s-1"}"#)?;
//! assert_eq!(session.session_id, "s-1");
//! # Ok::<(), callverify_core::Error>(())
//! ```
//!
//! Errors follow one model ([`Error`], [`ErrorCode`]); no secret ever appears in an error or `Debug`.

pub mod auth_header;
pub mod client;
pub mod clocks;
pub mod error;
pub mod hangup;
mod json;
#[cfg(feature = "uniffi")]
pub mod mobile;
mod number;
pub mod push;
pub mod push_auth;
#[cfg(feature = "python")]
pub mod python;
pub mod request;
pub mod response;
pub mod result_codes;
pub mod sign;
mod timefmt;
pub mod verify_code;

// The UniFFI component of the core types (Kotlin package `io.callverify.core`; Swift file
// `CallVerifyCore.swift`, compiled into the binding's module); bindings-mobile adds its objects
// and functions in its own component.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("callverify_core");

pub use client::{BaseUrl, Client, HttpHeader, HttpRequest, PreparedCallVerify};
pub use error::{ApiError, Error, ErrorCode, ErrorDetail, ErrorKind, ValidationError, Violation};
pub use json::MAX_BODY_BYTES;
pub use push::{
    CollectInfoEvent, FeeBatch, FeeRecord, Push, StatusEvent, StatusEventType, UnknownPush,
    parse_push,
};
pub use push_auth::{DigestForm, PushVerification, VerifyOptions, verify_push};
pub use request::{CallVerifyRequest, encode_user_data};
pub use response::{CallVerifyResponse, parse_call_verify_response};
pub use sign::{Created, Credentials, Nonce, Signature, password_digest};
#[cfg(feature = "getrandom")]
pub use verify_code::generate_verify_code;

pub mod stamps {
    //! Writing and reading the API's two timestamp forms: `Created` (`YYYY-MM-DDTHH:MM:SSZ`) and the
    //! push `timestamp` (`yyyy-MM-dd HH:mm:ss`, UTC), strictly (real dates only, no leap seconds).
    //! ```
    //! use callverify_core::stamps::{format_created, format_push_timestamp, parse_created, parse_push_timestamp};
    //!
    //! assert_eq!(format_created(1_527_294_930)?, "2018-05-26T00:35:30Z");
    //! assert_eq!(parse_created("2018-05-26T00:35:30Z"), Some(1_527_294_930));
    //! assert_eq!(parse_created("2019-02-30T00:00:00Z"), None);
    //! assert_eq!(format_push_timestamp(1_548_298_126)?, "2019-01-24 02:48:46");
    //! assert_eq!(parse_push_timestamp("2019-01-24 02:48:46"), Some(1_548_298_126));
    //! # Ok::<(), callverify_core::Error>(())
    //! ```
    pub use crate::timefmt::{
        format_created, format_push_timestamp, parse_created, parse_push_timestamp,
    };
}

/// The system clock's current Unix time in seconds.
#[cfg(feature = "clock")]
pub fn unix_now() -> Result<i64, Error> {
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| {
            Error::config(
                ErrorCode::ClockUnavailable,
                "the system clock is before 1970",
            )
        })?;
    i64::try_from(elapsed.as_secs()).map_err(|_| {
        Error::config(
            ErrorCode::ClockUnavailable,
            "the system clock is out of range",
        )
    })
}
