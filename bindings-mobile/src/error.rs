//! The one error model of the Kotlin and Swift bindings: every core error becomes a
//! [`CallVerifyError`] (Kotlin: the sealed `CallVerifyException` hierarchy; Swift: the
//! `CallVerifyError` enum), with the core's stable code, field, HTTP status and message. The codes
//! ([`ErrorCode`]), kinds, violations and result-code entries are the core's own types.
//!
//! This is the only file that maps errors. No secret ever reaches a message: the core's messages
//! never contain one, and nothing here adds any input text.

use callverify_core as core;
use callverify_core::{
    ErrorCode, ErrorKind, Violation,
    result_codes::{ResultCodeEntry, RetryAdvice},
};

/// Every error callverify raises. Kotlin: `CallVerifyException` with the subclasses `Validation`,
/// `Api`, `Parse`, `PushAuth` and `Config`; Swift: the `CallVerifyError` enum.
///
/// Every case has `code` (a stable [`ErrorCode`]) and `reason` (what was wrong and what is allowed;
/// never a secret).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Error)]
pub enum CallVerifyError {
    /// A callVerify request broke one or more rules; `violations` lists them all, in field order.
    Validation {
        /// Always `InvalidRequest`.
        code: ErrorCode,
        /// A summary of every violation.
        reason: String,
        /// Each broken rule: wire field, code and message.
        violations: Vec<Violation>,
    },
    /// The platform answered with a result code other than "0".
    Api {
        /// Always `ApiError`.
        code: ErrorCode,
        /// The result code, its meaning and what to do.
        reason: String,
        /// The HTTP status of the answer.
        http_status: i32,
        /// The platform's `resultcode`, e.g. "1010010".
        result_code: String,
        /// The platform's `resultdesc` (empty when absent).
        result_desc: String,
        /// The result-code table's entry for this code at this status, when known.
        entry: Option<ResultCodeEntry>,
        /// Whether and when to retry (`Never` for unknown codes).
        retry: RetryAdvice,
    },
    /// A response or push body could not be understood.
    Parse {
        /// What was wrong, e.g. `InvalidJson`, `MissingField`.
        code: ErrorCode,
        /// What was wrong and what is allowed.
        reason: String,
        /// The wire field concerned, when there is one.
        field: Option<String>,
        /// The HTTP status of the response, for response parse errors.
        http_status: Option<i32>,
    },
    /// A push failed signature verification.
    PushAuth {
        /// Why, e.g. `DigestMismatch`, `StalePush`.
        code: ErrorCode,
        /// What was wrong.
        reason: String,
        /// The header concerned, when there is one.
        field: Option<String>,
    },
    /// Bad credentials, base URL, nonce, time or option given to the SDK itself.
    Config {
        /// Which input was wrong, e.g. `AppKeyEmpty`, `BaseUrlInvalid`.
        code: ErrorCode,
        /// What was wrong and what is allowed.
        reason: String,
        /// The field concerned, when there is one.
        field: Option<String>,
    },
}

#[uniffi::export]
impl CallVerifyError {
    /// The stable code, whatever the case (Kotlin: `e.errorCode()` on any `CallVerifyException`).
    pub fn error_code(&self) -> ErrorCode {
        match self {
            CallVerifyError::Validation { code, .. }
            | CallVerifyError::Api { code, .. }
            | CallVerifyError::Parse { code, .. }
            | CallVerifyError::PushAuth { code, .. }
            | CallVerifyError::Config { code, .. } => *code,
        }
    }

    /// The kind of error (the same as the case/subclass).
    pub fn kind(&self) -> ErrorKind {
        self.error_code().kind()
    }
}

impl std::fmt::Display for CallVerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (CallVerifyError::Validation { reason, .. }
        | CallVerifyError::Api { reason, .. }
        | CallVerifyError::Parse { reason, .. }
        | CallVerifyError::PushAuth { reason, .. }
        | CallVerifyError::Config { reason, .. }) = self;
        write!(f, "{}: {reason}", self.error_code().as_str())
    }
}

impl std::error::Error for CallVerifyError {}

impl From<core::Error> for CallVerifyError {
    fn from(err: core::Error) -> Self {
        let code = err.code();
        let reason = err.message();
        let field = err.field().map(str::to_owned);
        match err {
            core::Error::Validation(v) => CallVerifyError::Validation {
                code,
                reason,
                violations: v.violations,
            },
            core::Error::Api(api) => CallVerifyError::Api {
                code,
                reason,
                http_status: i32::from(api.http_status),
                retry: api.retry(),
                entry: api.entry,
                result_code: api.result_code,
                result_desc: api.result_desc,
            },
            core::Error::Parse(d) => CallVerifyError::Parse {
                code,
                reason,
                field,
                http_status: d.http_status.map(i32::from),
            },
            core::Error::PushAuth(_) => CallVerifyError::PushAuth {
                code,
                reason,
                field,
            },
            core::Error::Config(_) => CallVerifyError::Config {
                code,
                reason,
                field,
            },
        }
    }
}

/// Checks an HTTP status given as a Kotlin/Swift `Int`: a status outside 0-65535 cannot have come
/// from an HTTP response, so it is reported as a response that cannot be understood.
pub(crate) fn http_status(status: i32) -> Result<u16, CallVerifyError> {
    u16::try_from(status).map_err(|_| CallVerifyError::Parse {
        code: ErrorCode::InvalidValue,
        reason: format!("HTTP status {status} is outside 0-65535"),
        field: Some("httpStatus".to_owned()),
        http_status: None,
    })
}

/// Every error code the core knows, as stable snake_case text, in the core's order (the tests
/// compare it with `ErrorCode.entries` and the exception classes to detect drift).
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    core::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}
