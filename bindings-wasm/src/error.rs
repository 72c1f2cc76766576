//! How an error crosses from Rust into JavaScript.
//!
//! Every export returns `Result<_, Failure>`. A [`Failure`] is one JSON object, thrown by the
//! wasm-bindgen glue as a JS string and turned into a real `Error` by the JS wrapper's
//! `js/errors.ts`, the one file that maps errors to JavaScript (classes, names, properties). This
//! side only writes down what the core reports, unchanged:
//!
//! `{"kind", "code", "message", "field", "httpStatus", "violations"?, "api"?}` for core errors
//! (`kind` is [`ErrorKind::as_str`], `code` is [`ErrorCode::as_str`]), and
//! `{"kind": "type" | "range", "message"}` for arguments the core never sees (a JS value that is
//! not an integer, an HTTP status outside 0-65535, an unknown digest form); the wrapper maps these
//! to `TypeError` / `RangeError`.
//!
//! Core messages never contain a secret, so nothing here needs redacting.

use callverify_core::result_codes::{ResultCodeEntry, RetryAdvice};
use callverify_core::{Error, ErrorCode, ErrorKind, MAX_BODY_BYTES, Violation};
use serde::Serialize;

/// A JSON-encoded error, thrown into JavaScript by the glue.
pub type Failure = String;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireError<'a> {
    kind: &'static str,
    code: &'static str,
    message: String,
    field: Option<&'a str>,
    http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    violations: Option<&'a [Violation]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api: Option<WireApi<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireApi<'a> {
    result_code: &'a str,
    result_desc: &'a str,
    entry: Option<&'a ResultCodeEntry>,
    retry: RetryAdvice,
}

#[derive(Serialize)]
struct WireArgument<'a> {
    kind: &'static str,
    message: &'a str,
}

/// Serialising strings, integers and the core's own `Serialize` types cannot fail; this keeps the
/// error typed all the same.
const UNSERIALISABLE: &str = r#"{"kind":"range","message":"an error could not be serialised"}"#;

fn to_json<T: Serialize>(value: &T) -> Failure {
    crate::to_json(value).unwrap_or_else(|_| UNSERIALISABLE.to_owned())
}

/// A core error, as JSON.
#[cold]
#[inline(never)]
pub fn from_core(error: &Error) -> Failure {
    let (violations, api) = match error {
        Error::Validation(v) => (Some(v.violations.as_slice()), None),
        Error::Api(a) => (
            None,
            Some(WireApi {
                result_code: &a.result_code,
                result_desc: &a.result_desc,
                entry: a.entry.as_ref(),
                retry: a.retry(),
            }),
        ),
        Error::Parse(_) | Error::PushAuth(_) | Error::Config(_) => (None, None),
    };
    to_json(&WireError {
        kind: error.kind().as_str(),
        code: error.code().as_str(),
        message: error.message(),
        field: error.field(),
        http_status: error.http_status(),
        violations,
        api,
    })
}

/// `map_err` adapter.
#[cold]
#[inline(never)]
pub fn fail(error: Error) -> Failure {
    from_core(&error)
}

/// A JavaScript argument of the right type but an unusable value (becomes a `RangeError`).
#[cold]
#[inline(never)]
pub fn range(message: &str) -> Failure {
    to_json(&WireArgument {
        kind: "range",
        message,
    })
}

/// A JavaScript argument of the wrong type (becomes a `TypeError`).
#[cold]
#[inline(never)]
pub fn type_error(message: &str) -> Failure {
    to_json(&WireArgument {
        kind: "type",
        message,
    })
}

/// The core's `body_too_large` error for a body the wrapper did not copy into wasm memory.
///
/// The core rejects bodies over [`MAX_BODY_BYTES`] before reading them, but the bytes must first be
/// copied into this module's linear memory, which never shrinks again; the wrapper therefore stops
/// larger bodies at the boundary and reports them with the same code, kind and wording.
pub fn body_too_large(what: &str, len: u64, http_status: Option<u16>) -> Failure {
    to_json(&WireError {
        kind: ErrorKind::Parse.as_str(),
        code: ErrorCode::BodyTooLarge.as_str(),
        message: match http_status {
            Some(status) => format!(
                "HTTP {status}: {what} body is {len} bytes; at most {MAX_BODY_BYTES} bytes (1 MiB) are accepted"
            ),
            None => format!(
                "{what} body is {len} bytes; at most {MAX_BODY_BYTES} bytes (1 MiB) are accepted"
            ),
        },
        field: None,
        http_status,
        violations: None,
        api: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use callverify_core::{Credentials, parse_call_verify_response};

    #[test]
    fn config_error_round_trips() {
        let err = Credentials::new("", "CANARY-s3cr3t-7f1e").unwrap_err();
        let json: serde_json::Value = serde_json::from_str(&from_core(&err)).unwrap();
        assert_eq!(json["kind"], "config");
        assert_eq!(json["code"], "app_key_empty");
        assert!(json["field"].is_null());
        assert!(!from_core(&err).contains("CANARY"));
    }

    #[test]
    fn api_error_carries_entry_and_retry() {
        let err = parse_call_verify_response(403, br#"{"resultcode":"1010010","resultdesc":"x"}"#)
            .unwrap_err();
        let json: serde_json::Value = serde_json::from_str(&from_core(&err)).unwrap();
        assert_eq!(json["kind"], "api");
        assert_eq!(json["httpStatus"], 403);
        assert_eq!(json["api"]["resultCode"], "1010010");
        assert_eq!(json["api"]["retry"]["kind"], "after_seconds");
        assert_eq!(json["api"]["entry"]["category"], "rate_limit");
    }

    #[test]
    fn oversized_body_matches_the_core_wording() {
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        let core = parse_call_verify_response(200, &big).unwrap_err();
        let ours: serde_json::Value = serde_json::from_str(&body_too_large(
            "response",
            (MAX_BODY_BYTES + 1) as u64,
            Some(200),
        ))
        .unwrap();
        assert_eq!(ours["message"], core.message());
        assert_eq!(ours["code"], core.code().as_str());
        assert_eq!(ours["kind"], core.kind().as_str());
    }
}
