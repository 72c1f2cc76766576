//! The one error model of the Kotlin and Swift bindings: every core error becomes a
//! [`CallVerifyError`] (Kotlin: the sealed `CallVerifyException` hierarchy; Swift: the
//! `CallVerifyError` enum), with the same stable code, field, HTTP status and message as the core.
//!
//! This is the only file that maps errors. No secret ever reaches a message: the core's messages
//! never contain one, and nothing here adds any input text.

use callverify_core as core;

use crate::types::{ResultCodeEntry, RetryAdvice};

macro_rules! mirror_codes {
    ($( $(#[$doc:meta])* $variant:ident, )*) => {
        /// The stable error codes of callverify, the same list as the core's `ErrorCode::ALL`, in the
        /// same order. `asStr()` gives the snake_case text (e.g. `app_key_empty`), which never changes
        /// once released; `kind()` the kind it belongs to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// The binding's code for a core code (`None` only if the core gained a code this list
            /// lacks, which the drift tests catch).
            fn from_core(code: core::ErrorCode) -> Option<Self> {
                match code {
                    $( core::ErrorCode::$variant => Some(ErrorCode::$variant), )*
                    _ => None,
                }
            }

            fn to_core(self) -> core::ErrorCode {
                match self {
                    $( ErrorCode::$variant => core::ErrorCode::$variant, )*
                }
            }
        }
    };
}

mirror_codes! {
    // --- validation: the top-level code, then one code per table-4 rule ---
    /// A request broke at least one rule; see the exception's violations.
    InvalidRequest,
    /// A string is shorter or longer than its field allows.
    Length,
    /// A number is not `+` followed by ASCII digits.
    PhoneFormat,
    /// A China number kept the area code's leading 0 (`+860…`).
    PhoneTrunkPrefix,
    /// `languageType` is not a documented value (only 2, Chinese).
    LanguageTypeUnsupported,
    /// A tone is not the file name of a `.wav` file.
    ToneFormat,
    /// `verifyCode` contains something other than ASCII digits.
    VerifyCodeDigits,
    /// `times` is outside 0-9.
    TimesRange,
    /// A push URL does not start with `http://` or `https://`.
    UrlScheme,
    /// A push URL has characters outside `A-Z a-z 0-9 - : . /`.
    UrlCharset,
    /// A push URL has no host.
    UrlHost,
    /// A push URL is longer than 128 characters once base64-encoded (96 plain bytes).
    UrlEncodedLength,
    /// `userData` contains `{` or `}`.
    UserDataBraces,
    /// `userData` contains non-ASCII characters (base64-encode such text first).
    UserDataNonAscii,

    // --- api ---
    /// The platform answered with a result code other than `"0"`.
    ApiError,

    // --- parse (responses and pushes) ---
    /// The body is empty.
    EmptyBody,
    /// The body is larger than 1 MiB.
    BodyTooLarge,
    /// The body starts with a UTF-8 byte-order mark.
    ByteOrderMark,
    /// The body is not valid UTF-8.
    InvalidUtf8,
    /// The body is not JSON (for example an HTML error page from a gateway).
    InvalidJson,
    /// The JSON nests deeper than the parser allows.
    NestingTooDeep,
    /// The JSON is not an object.
    NotJsonObject,
    /// A required field is missing.
    MissingField,
    /// A field has the wrong JSON type.
    WrongType,
    /// A field appears twice in one object.
    DuplicateField,
    /// A field has the right type but a value outside what is allowed.
    InvalidValue,
    /// A timestamp is not `yyyy-MM-dd HH:mm:ss`.
    InvalidTimestamp,
    /// A success response (`resultcode` "0") without a `sessionId`.
    MissingSessionId,
    /// `resultcode` "0" arrived with an HTTP status outside 2xx.
    StatusMismatch,
    /// A fee push holds no records or more than 50.
    FeeRecordCount,

    // --- push authentication ---
    /// A push carries neither `Authorization` nor `X-AKSK` and unsigned pushes were not allowed.
    UnsignedPush,
    /// A push carries only one of `Authorization` and `X-AKSK`.
    MissingAuthHeader,
    /// `Authorization` or `X-AKSK` does not have the documented syntax.
    MalformedAuthHeader,
    /// `Authorization` has a realm, profile or type other than SDP / UsernameToken / Appkey.
    WrongAuthorization,
    /// `Username` is not this application's app_key.
    AppKeyMismatch,
    /// `Created` is not `YYYY-MM-DDTHH:MM:SSZ`.
    CreatedFormat,
    /// `PasswordDigest` is not padded standard base64 of 32 bytes.
    DigestEncoding,
    /// `PasswordDigest` does not match.
    DigestMismatch,
    /// `Created` is older than the freshness window.
    StalePush,
    /// `Created` is further in the future than the freshness window.
    FuturePush,

    // --- config ---
    /// The app_key is empty.
    AppKeyEmpty,
    /// The app_key has `"`, `,`, a space, a control or a non-ASCII character.
    AppKeyCharset,
    /// The app_secret is empty.
    AppSecretEmpty,
    /// A nonce is not 1-128 characters of `[0-9A-Za-z]`.
    NonceInvalid,
    /// The base URL is not an http(s) URL with a valid host and port.
    BaseUrlInvalid,
    /// The base URL has a path, query or fragment.
    BaseUrlPath,
    /// The base URL is plain http to a host that is not loopback.
    BaseUrlInsecure,
    /// The Created offset is not whole minutes within ±14 h.
    CreatedOffsetInvalid,
    /// A Unix time that cannot be written as a 4-digit-year Created stamp.
    TimeOutOfRange,
    /// A verification code length outside 2-8.
    DigitsOutOfRange,
    /// A freshness window outside 1-86400 seconds.
    WindowInvalid,
    /// A result code that means different things at different HTTP statuses, looked up without one.
    AmbiguousResultCode,
    /// The operating system's random number generator failed.
    RandomUnavailable,
    /// The system clock is unavailable or before 1970.
    ClockUnavailable,
}

#[uniffi::export]
impl ErrorCode {
    /// The stable snake_case text of the code, e.g. `"app_key_empty"`.
    pub fn as_str(&self) -> String {
        self.to_core().as_str().to_owned()
    }

    /// The kind of error the code belongs to.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::from_core(self.to_core().kind())
    }
}

/// The five kinds of error; each is one subclass (Kotlin) or case (Swift) of [`CallVerifyError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ErrorKind {
    /// A callVerify request broke one or more parameter rules.
    Validation,
    /// The platform answered with a result code other than "0".
    Api,
    /// A response or push body could not be understood.
    Parse,
    /// A push failed signature verification.
    PushAuth,
    /// Bad credentials, base URL, nonce, time or option given to the SDK itself.
    Config,
}

impl ErrorKind {
    fn from_core(kind: core::ErrorKind) -> Self {
        match kind {
            core::ErrorKind::Validation => ErrorKind::Validation,
            core::ErrorKind::Api => ErrorKind::Api,
            core::ErrorKind::Parse => ErrorKind::Parse,
            core::ErrorKind::PushAuth => ErrorKind::PushAuth,
            core::ErrorKind::Config => ErrorKind::Config,
        }
    }
}

/// Maps a core code; a code the binding does not know (impossible while the drift tests pass)
/// falls back to the most general code of its kind rather than failing.
fn code_of(code: core::ErrorCode) -> ErrorCode {
    ErrorCode::from_core(code).unwrap_or(match code.kind() {
        core::ErrorKind::Validation => ErrorCode::InvalidRequest,
        core::ErrorKind::Api => ErrorCode::ApiError,
        core::ErrorKind::Parse => ErrorCode::InvalidValue,
        core::ErrorKind::PushAuth => ErrorCode::MalformedAuthHeader,
        core::ErrorKind::Config => ErrorCode::InvalidRequest,
    })
}

/// One broken rule of a callVerify request.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Violation {
    /// The wire name of the field, e.g. `calleeNbr`.
    pub field: String,
    /// The rule that was broken.
    pub code: ErrorCode,
    /// What was wrong and what is allowed.
    pub message: String,
}

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

impl CallVerifyError {
    fn code_and_reason(&self) -> (ErrorCode, &str) {
        match self {
            CallVerifyError::Validation { code, reason, .. }
            | CallVerifyError::Api { code, reason, .. }
            | CallVerifyError::Parse { code, reason, .. }
            | CallVerifyError::PushAuth { code, reason, .. }
            | CallVerifyError::Config { code, reason, .. } => (*code, reason),
        }
    }
}

#[uniffi::export]
impl CallVerifyError {
    /// The stable code, whatever the case (Kotlin: `e.errorCode()` on any `CallVerifyException`).
    pub fn error_code(&self) -> ErrorCode {
        self.code_and_reason().0
    }

    /// The kind of error (the same as the case/subclass).
    pub fn kind(&self) -> ErrorKind {
        match self {
            CallVerifyError::Validation { .. } => ErrorKind::Validation,
            CallVerifyError::Api { .. } => ErrorKind::Api,
            CallVerifyError::Parse { .. } => ErrorKind::Parse,
            CallVerifyError::PushAuth { .. } => ErrorKind::PushAuth,
            CallVerifyError::Config { .. } => ErrorKind::Config,
        }
    }
}

impl std::fmt::Display for CallVerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (code, reason) = self.code_and_reason();
        write!(f, "{}: {reason}", code.to_core().as_str())
    }
}

impl std::error::Error for CallVerifyError {}

impl From<core::Error> for CallVerifyError {
    fn from(err: core::Error) -> Self {
        let code = code_of(err.code());
        let reason = err.message();
        let field = err.field().map(str::to_owned);
        match err {
            core::Error::Validation(v) => CallVerifyError::Validation {
                code,
                reason,
                violations: v
                    .violations
                    .into_iter()
                    .map(|v| Violation {
                        field: v.field.to_owned(),
                        code: code_of(v.code),
                        message: v.message,
                    })
                    .collect(),
            },
            core::Error::Api(api) => CallVerifyError::Api {
                code,
                reason,
                http_status: i32::from(api.http_status),
                retry: RetryAdvice::from_core(api.retry()),
                entry: api.entry.map(ResultCodeEntry::from_core),
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

/// A freshness window given as a Kotlin/Swift `Long`, checked into the core's `u32`.
/// Every error code the core knows, as stable snake_case text, in the core's order (compare it
/// with `ErrorCode` to detect drift between this binding and the core).
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    core::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_has_a_binding_code_with_the_same_text() {
        for &c in core::ErrorCode::ALL {
            let mine = ErrorCode::from_core(c);
            assert_eq!(mine.map(|m| m.to_core()), Some(c));
        }
    }

    #[test]
    fn out_of_range_numbers_are_typed_errors() {
        assert!(http_status(-1).is_err());
        assert!(http_status(65_536).is_err());
        assert_eq!(http_status(200).ok(), Some(200));
    }
}
