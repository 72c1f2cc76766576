//! The one error model of callverify.
//!
//! Every failure is an [`Error`] of one of five kinds ([`ErrorKind`]); every error and every
//! validation violation carries a stable snake_case [`ErrorCode`], the wire field it concerns where
//! there is one, and a message that says what was wrong and what is allowed. Bindings map this model
//! to their language's idiom in one file each; [`ErrorCode::ALL`] is the list they check themselves
//! against so the languages cannot drift apart.
//!
//! No message ever contains the app secret or a digest input.
//!
//! ```
//! use callverify_core::{Credentials, ErrorCode, ErrorKind};
//!
//! let err = Credentials::new("", "secret").unwrap_err();
//! assert_eq!(err.code(), ErrorCode::AppKeyEmpty);
//! assert_eq!(err.code().as_str(), "app_key_empty");
//! assert_eq!(err.kind(), ErrorKind::Config);
//! ```

use std::fmt::{self, Write as _};

use serde::{Serialize, Serializer};

use crate::result_codes::{ResultCodeEntry, RetryAdvice};

/// The five kinds of error; each binding maps them to its own exception or error classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ErrorKind {
    /// A callVerify request broke one or more table-4 rules ([`ValidationError`]).
    Validation,
    /// The platform answered with a result code other than `"0"` ([`ApiError`]).
    Api,
    /// A response or push body could not be understood.
    Parse,
    /// A push failed signature verification.
    PushAuth,
    /// Bad credentials, base URL, nonce, time or option given to the SDK itself.
    Config,
}

impl ErrorKind {
    /// Stable snake_case name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Api => "api",
            ErrorKind::Parse => "parse",
            ErrorKind::PushAuth => "push_auth",
            ErrorKind::Config => "config",
        }
    }
}

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal => $kind:ident, )*) => {
        /// Stable, snake_case error codes. The text of a code never changes once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in declaration order (bindings test their own lists against this).
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The stable snake_case text of the code.
            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $text, )* }
            }

            /// The kind of error this code belongs to.
            pub fn kind(self) -> ErrorKind {
                match self { $( ErrorCode::$variant => ErrorKind::$kind, )* }
            }

            /// Looks a code up by its text.
            pub fn from_str_code(text: &str) -> Option<ErrorCode> {
                match text { $( $text => Some(ErrorCode::$variant), )* _ => None }
            }
        }
    };
}

error_codes! {
    // --- validation: the top-level code, then one code per table-4 rule ---
    /// A request broke at least one rule; see [`ValidationError::violations`].
    InvalidRequest = "invalid_request" => Validation,
    /// A string is shorter or longer than its field allows.
    Length = "length" => Validation,
    /// A number is not `+` followed by ASCII digits.
    PhoneFormat = "phone_format" => Validation,
    /// A China number kept the area code's leading 0 (`+860…`).
    PhoneTrunkPrefix = "phone_trunk_prefix" => Validation,
    /// `languageType` is not a documented value (only 2, Chinese).
    LanguageTypeUnsupported = "language_type_unsupported" => Validation,
    /// A tone is not the file name of a `.wav` file.
    ToneFormat = "tone_format" => Validation,
    /// `verifyCode` contains something other than ASCII digits.
    VerifyCodeDigits = "verify_code_digits" => Validation,
    /// `times` is outside 0-9.
    TimesRange = "times_range" => Validation,
    /// A push URL does not start with `http://` or `https://`.
    UrlScheme = "url_scheme" => Validation,
    /// A push URL has characters outside `A-Z a-z 0-9 - : . /`.
    UrlCharset = "url_charset" => Validation,
    /// A push URL has no host.
    UrlHost = "url_host" => Validation,
    /// A push URL is longer than 128 characters once base64-encoded (96 plain bytes).
    UrlEncodedLength = "url_encoded_length" => Validation,
    /// `userData` contains `{` or `}`.
    UserDataBraces = "user_data_braces" => Validation,
    /// `userData` contains non-ASCII characters (base64-encode such text first).
    UserDataNonAscii = "user_data_non_ascii" => Validation,

    // --- api ---
    /// The platform answered with a result code other than `"0"`.
    ApiError = "api_error" => Api,

    // --- parse (responses and pushes) ---
    /// The body is empty.
    EmptyBody = "empty_body" => Parse,
    /// The body is larger than 1 MiB.
    BodyTooLarge = "body_too_large" => Parse,
    /// The body starts with a UTF-8 byte-order mark.
    ByteOrderMark = "byte_order_mark" => Parse,
    /// The body is not valid UTF-8.
    InvalidUtf8 = "invalid_utf8" => Parse,
    /// The body is not JSON (for example an HTML error page from a gateway).
    InvalidJson = "invalid_json" => Parse,
    /// The JSON nests deeper than the parser allows.
    NestingTooDeep = "nesting_too_deep" => Parse,
    /// The JSON is not an object.
    NotJsonObject = "not_json_object" => Parse,
    /// A required field is missing.
    MissingField = "missing_field" => Parse,
    /// A field has the wrong JSON type.
    WrongType = "wrong_type" => Parse,
    /// A field appears twice in one object.
    DuplicateField = "duplicate_field" => Parse,
    /// A field has the right type but a value outside what is allowed.
    InvalidValue = "invalid_value" => Parse,
    /// A timestamp is not `yyyy-MM-dd HH:mm:ss`.
    InvalidTimestamp = "invalid_timestamp" => Parse,
    /// A success response (`resultcode` "0") without a `sessionId`.
    MissingSessionId = "missing_session_id" => Parse,
    /// `resultcode` "0" arrived with an HTTP status outside 2xx.
    StatusMismatch = "status_mismatch" => Parse,
    /// A fee push holds no records or more than 50.
    FeeRecordCount = "fee_record_count" => Parse,

    // --- push authentication ---
    /// A push carries neither `Authorization` nor `X-AKSK` and unsigned pushes were not allowed.
    UnsignedPush = "unsigned_push" => PushAuth,
    /// A push carries only one of `Authorization` and `X-AKSK`.
    MissingAuthHeader = "missing_auth_header" => PushAuth,
    /// `Authorization` or `X-AKSK` does not have the documented syntax.
    MalformedAuthHeader = "malformed_auth_header" => PushAuth,
    /// `Authorization` has a realm, profile or type other than SDP / UsernameToken / Appkey.
    WrongAuthorization = "wrong_authorization" => PushAuth,
    /// `Username` is not this application's app_key.
    AppKeyMismatch = "app_key_mismatch" => PushAuth,
    /// `Created` is not `YYYY-MM-DDTHH:MM:SSZ`.
    CreatedFormat = "created_format" => PushAuth,
    /// `PasswordDigest` is not padded standard base64 of 32 bytes.
    DigestEncoding = "digest_encoding" => PushAuth,
    /// `PasswordDigest` does not match.
    DigestMismatch = "digest_mismatch" => PushAuth,
    /// `Created` is older than the freshness window.
    StalePush = "stale_push" => PushAuth,
    /// `Created` is further in the future than the freshness window.
    FuturePush = "future_push" => PushAuth,

    // --- config ---
    /// The app_key is empty.
    AppKeyEmpty = "app_key_empty" => Config,
    /// The app_key has `"`, `,`, a space, a control or a non-ASCII character.
    AppKeyCharset = "app_key_charset" => Config,
    /// The app_secret is empty.
    AppSecretEmpty = "app_secret_empty" => Config,
    /// A nonce is not 1-128 characters of `[0-9A-Za-z]`.
    NonceInvalid = "nonce_invalid" => Config,
    /// The base URL is not an http(s) URL with a valid host and port.
    BaseUrlInvalid = "base_url_invalid" => Config,
    /// The base URL has a path, query or fragment.
    BaseUrlPath = "base_url_path" => Config,
    /// The base URL is plain http to a host that is not loopback.
    BaseUrlInsecure = "base_url_insecure" => Config,
    /// The Created offset is not whole minutes within ±14 h.
    CreatedOffsetInvalid = "created_offset_invalid" => Config,
    /// A Unix time that cannot be written as a 4-digit-year Created stamp.
    TimeOutOfRange = "time_out_of_range" => Config,
    /// A verification code length outside 2-8.
    DigitsOutOfRange = "digits_out_of_range" => Config,
    /// A freshness window outside 1-86400 seconds.
    WindowInvalid = "window_invalid" => Config,
    /// A result code that means different things at different HTTP statuses, looked up without one.
    AmbiguousResultCode = "ambiguous_result_code" => Config,
    /// The operating system's random number generator failed.
    RandomUnavailable = "random_unavailable" => Config,
    /// The system clock is unavailable or before 1970.
    ClockUnavailable = "clock_unavailable" => Config,
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule of a callVerify request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Violation {
    /// The wire (table-4) name of the field, e.g. `calleeNbr`.
    pub field: String,
    /// The rule that was broken.
    pub code: ErrorCode,
    /// What was wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.field, self.message, self.code)
    }
}

/// Every rule a request broke, reported at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The violations, in table-4 field order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid callVerify request ({} problem",
            self.violations.len()
        )?;
        if self.violations.len() != 1 {
            f.write_str("s")?;
        }
        f.write_str(")")?;
        for v in &self.violations {
            write!(f, "; {}: {}", v.field, v.message)?;
        }
        Ok(())
    }
}

/// The platform answered with a result code other than `"0"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status of the answer.
    pub http_status: u16,
    /// The platform's `resultcode`, e.g. `"1010010"`.
    pub result_code: String,
    /// The platform's `resultdesc` (empty when absent).
    pub result_desc: String,
    /// The result-code table's entry for this code at this status, when known.
    pub entry: Option<ResultCodeEntry>,
}

impl ApiError {
    /// Retry advice from the result-code table ([`RetryAdvice::Never`] for unknown codes).
    pub fn retry(&self) -> RetryAdvice {
        self.entry.as_ref().map_or(RetryAdvice::Never, |e| e.retry)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "platform answered HTTP {} with result code {}",
            self.http_status, self.result_code
        )?;
        match &self.entry {
            Some(e) => write!(f, ": {} {}", e.description_en, e.action_en),
            None if !self.result_desc.is_empty() => {
                write!(
                    f,
                    ": {} (code not in the documented table)",
                    self.result_desc
                )
            }
            None => f.write_str(" (code not in the documented table)"),
        }
    }
}

/// A non-validation, non-API failure: what went wrong, where, and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorDetail {
    /// The stable code.
    pub code: ErrorCode,
    /// The wire field or header concerned, when there is one.
    pub field: Option<String>,
    /// The HTTP status of the response being parsed, when there is one.
    pub http_status: Option<u16>,
    /// What was wrong and what is allowed. Never contains a secret.
    pub message: String,
}

/// The error type of every fallible callverify function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The request broke table-4 rules.
    Validation(ValidationError),
    /// The platform answered with an error result code.
    Api(Box<ApiError>),
    /// A response or push body could not be understood.
    Parse(ErrorDetail),
    /// A push failed verification.
    PushAuth(ErrorDetail),
    /// Bad input to the SDK itself (credentials, base URL, nonce, time, options).
    Config(ErrorDetail),
}

impl Error {
    #[cold]
    pub(crate) fn detail(code: ErrorCode, field: Option<&str>, message: impl Into<String>) -> Self {
        let detail = ErrorDetail {
            code,
            field: field.map(str::to_owned),
            http_status: None,
            message: message.into(),
        };
        match code.kind() {
            ErrorKind::Parse => Error::Parse(detail),
            ErrorKind::PushAuth => Error::PushAuth(detail),
            // Validation and Api have their own payloads; callers never build them here.
            ErrorKind::Config | ErrorKind::Validation | ErrorKind::Api => Error::Config(detail),
        }
    }

    #[cold]
    pub(crate) fn config(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::detail(code, None, message)
    }

    pub(crate) fn with_http_status(mut self, status: u16) -> Self {
        if let Error::Parse(d) | Error::PushAuth(d) | Error::Config(d) = &mut self {
            d.http_status = Some(status);
        }
        self
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Validation(_) => ErrorCode::InvalidRequest,
            Error::Api(_) => ErrorCode::ApiError,
            Error::Parse(d) | Error::PushAuth(d) | Error::Config(d) => d.code,
        }
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation(_) => ErrorKind::Validation,
            Error::Api(_) => ErrorKind::Api,
            Error::Parse(_) => ErrorKind::Parse,
            Error::PushAuth(_) => ErrorKind::PushAuth,
            Error::Config(_) => ErrorKind::Config,
        }
    }

    /// The wire field concerned, when there is exactly one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation(v) => match v.violations.as_slice() {
                [only] => Some(only.field.as_str()),
                _ => None,
            },
            Error::Api(_) => None,
            Error::Parse(d) | Error::PushAuth(d) | Error::Config(d) => d.field.as_deref(),
        }
    }

    /// The HTTP status involved, for API errors and response parse errors.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api(a) => Some(a.http_status),
            Error::Parse(d) | Error::PushAuth(d) | Error::Config(d) => d.http_status,
            Error::Validation(_) => None,
        }
    }

    /// The message without the code (the same text [`Display`](fmt::Display) prints).
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(v) => v.fmt(f),
            Error::Api(a) => a.fmt(f),
            Error::Parse(d) | Error::PushAuth(d) | Error::Config(d) => match d.http_status {
                Some(status) => write!(f, "HTTP {status}: {}", d.message),
                None => f.write_str(&d.message),
            },
        }
    }
}

impl std::error::Error for Error {}

impl From<ValidationError> for Error {
    fn from(v: ValidationError) -> Self {
        Error::Validation(v)
    }
}

/// `text` in double quotes for an error message, with `"`, `\` and control characters escaped
/// (Rust's `{:?}` does the same, but pulls Unicode tables into the WebAssembly build).
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
