//! Parsing the platform's answer to callVerify (the seed's table 5).
//!
//! [`parse_call_verify_response`] takes the HTTP status and the raw body bytes and returns either the
//! session (`sessionId`, optional `idlePort`) or a typed error: an [`ApiError`](crate::ApiError) for a
//! result code other than `"0"` (with its table entry and retry advice), or a parse error for bodies
//! that are empty, not JSON (an HTML 502 page from a gateway), of the wrong shape or types.
//!
//! ```
//! use callverify_core::{parse_call_verify_response, Error, ErrorCode};
//!
//! let ok = parse_call_verify_response(
//!     200,
//!     br#"{"resultcode":"0","resultdesc":"Success","sessionId":"1200_366_0_20161228102743@callenabler.home1.com"}"#,
//! )?;
//! assert_eq!(ok.session_id, "1200_366_0_20161228102743@callenabler.home1.com");
//!
//! let err = parse_call_verify_response(401, br#"{"resultcode":"1010010","resultdesc":"Invalid digest."}"#)
//!     .unwrap_err();
//! let Error::Api(api) = err else { panic!() };
//! assert_eq!(api.entry.as_ref().map(|e| e.category.as_str()), Some("auth"));
//! assert!(!api.retry().is_retryable());
//!
//! let html = parse_call_verify_response(502, b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
//! assert_eq!(html.code(), ErrorCode::InvalidJson);
//! assert_eq!(html.http_status(), Some(502));
//! # Ok::<(), callverify_core::Error>(())
//! ```

use serde::Serialize;

use crate::error::{ApiError, Error, ErrorCode};
use crate::json::{Loose, Place, body_text, known_fields, read_body};
use crate::result_codes;

/// A successful callVerify answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, frozen, eq, module = "callverify")
)]
pub struct CallVerifyResponse {
    /// The call's session id; pushes about this call carry it.
    pub session_id: String,
    /// Idle platform ports, when the request set `returnIdlePort`.
    pub idle_port: Option<i32>,
    /// The platform's `resultdesc` (usually "Success").
    pub result_desc: String,
}

known_fields! {
    /// The answer's known fields.
    struct ResponseFields {
        resultcode: "resultcode",
        resultdesc: "resultdesc",
        session_id: "sessionId",
        idle_port: "idlePort",
    }
}

/// Parses the platform's answer (HTTP status and raw body) into the session or a typed error.
pub fn parse_call_verify_response(
    http_status: u16,
    body: &[u8],
) -> Result<CallVerifyResponse, Error> {
    parse_inner(http_status, body).map_err(|e| e.with_http_status(http_status))
}

fn parse_inner(http_status: u16, body: &[u8]) -> Result<CallVerifyResponse, Error> {
    let text = body_text(body, "response")?;
    let mut fields = ResponseFields::new();
    read_body(text, "response", &mut fields)?;
    let ResponseFields {
        resultcode,
        resultdesc,
        session_id,
        idle_port,
    } = fields;
    let place = Place::Top;
    let code = resultcode.required_str(place)?;
    let desc = resultdesc
        .optional_str(place)?
        .unwrap_or_default()
        .into_owned();
    if code != "0" {
        let entry = result_codes::lookup(&code, Some(http_status))
            .ok()
            .flatten();
        return Err(Error::Api(Box::new(ApiError {
            http_status,
            result_code: code.into_owned(),
            result_desc: desc,
            entry,
        })));
    }
    if !(200..300).contains(&http_status) {
        return Err(Error::detail(
            ErrorCode::StatusMismatch,
            Some("resultcode"),
            format!("resultcode is \"0\" (success) but the HTTP status is {http_status}, not 2xx"),
        ));
    }
    let session_id = match session_id.value {
        Loose::Absent | Loose::Null => None,
        Loose::Str(ref s) if s.is_empty() => None,
        _ => Some(session_id.required_str(place)?),
    }
    .ok_or_else(|| {
        Error::detail(
            ErrorCode::MissingSessionId,
            Some("sessionId"),
            "resultcode is \"0\" (success) but sessionId is missing or empty",
        )
    })?;
    let idle_port = match idle_port.optional_int(place)? {
        None => None,
        Some(n) => Some(u16::try_from(n).map(i32::from).map_err(|_| {
            Error::detail(
                ErrorCode::InvalidValue,
                Some("idlePort"),
                format!("idlePort is {n}; it must be 0-65535"),
            )
        })?),
    };
    Ok(CallVerifyResponse {
        session_id: session_id.into_owned(),
        idle_port,
        result_desc: desc,
    })
}
