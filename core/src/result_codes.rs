//! The platform's result codes (the seed's table 6), with what each means, what to do, a category
//! and retry advice.
//!
//! The table lives in one data file, `core/data/result_codes.json`; the build turns it into the code
//! that builds the table once, and every binding is served from here; look-ups return owned
//! [`ResultCodeEntry`] values. Some codes mean different things at different HTTP
//! statuses (1010010 is "invalid digest" at 401 and "platform flow control" at 403), so look-ups take
//! the status when it is known.
//!
//! ```
//! use callverify_core::result_codes::{lookup, ResultCategory, RetryAdvice};
//!
//! let entry = lookup("1010010", Some(403))?;
//! assert_eq!(entry.as_ref().map(|e| e.category), Some(ResultCategory::RateLimit));
//! assert_eq!(entry.map(|e| e.retry), Some(RetryAdvice::AfterSeconds { seconds: 60 }));
//! // Without a status the code is ambiguous:
//! assert!(lookup("1010010", None).is_err());
//! # Ok::<(), callverify_core::Error>(())
//! ```

use std::sync::LazyLock;

use serde::{Serialize, Serializer, ser::SerializeMap};

use crate::error::{Error, ErrorCode};

/// What kind of problem a result code reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ResultCategory {
    /// Code `0`.
    Success,
    /// Authentication (headers, digest, app_key, clock skew). Never retry automatically: repeats
    /// get the caller's IP blocked for 30 minutes (1020176).
    Auth,
    /// The request itself is malformed.
    Request,
    /// The application's state or permissions (suspended app, number not applied, …).
    AppState,
    /// A rate limit or quota.
    RateLimit,
    /// A blacklist, whitelist, security control, region or time-of-day restriction.
    Restriction,
    /// An error inside the platform.
    Platform,
}

impl ResultCategory {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ResultCategory::Success => "success",
            ResultCategory::Auth => "auth",
            ResultCategory::Request => "request",
            ResultCategory::AppState => "app_state",
            ResultCategory::RateLimit => "rate_limit",
            ResultCategory::Restriction => "restriction",
            ResultCategory::Platform => "platform",
        }
    }
}

/// Whether and when a request that got this code may be sent again.
///
/// `Display`: `Never`, `AfterSeconds(seconds=60)` or `ImmediatelyWithFreshSignature` (also Kotlin's
/// `toString()` and Swift's `description`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "uniffi", uniffi::export(Display))]
pub enum RetryAdvice {
    /// Do not retry automatically.
    Never,
    /// Retry after this many seconds (with a fresh nonce and Created).
    AfterSeconds {
        /// The delay in seconds.
        seconds: i64,
    },
    /// Retry at once, signed afresh (new nonce and Created).
    ImmediatelyWithFreshSignature,
}

impl RetryAdvice {
    /// Stable snake_case name of the advice's kind.
    pub fn kind_str(self) -> &'static str {
        match self {
            RetryAdvice::Never => "never",
            RetryAdvice::AfterSeconds { .. } => "after_seconds",
            RetryAdvice::ImmediatelyWithFreshSignature => "immediately_with_fresh_signature",
        }
    }

    /// The delay in seconds, for [`RetryAdvice::AfterSeconds`].
    pub fn seconds(self) -> Option<i64> {
        match self {
            RetryAdvice::AfterSeconds { seconds } => Some(seconds),
            _ => None,
        }
    }

    /// Whether a retry is advised at all.
    pub fn is_retryable(self) -> bool {
        !matches!(self, RetryAdvice::Never)
    }
}

impl std::fmt::Display for RetryAdvice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RetryAdvice::Never => f.write_str("Never"),
            RetryAdvice::AfterSeconds { seconds } => write!(f, "AfterSeconds(seconds={seconds})"),
            RetryAdvice::ImmediatelyWithFreshSignature => {
                f.write_str("ImmediatelyWithFreshSignature")
            }
        }
    }
}

/// Serialised as `{"kind": "never"}`, `{"kind": "after_seconds", "seconds": 60}` or
/// `{"kind": "immediately_with_fresh_signature"}`.
impl Serialize for RetryAdvice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", self.kind_str())?;
        if let Some(seconds) = self.seconds() {
            map.serialize_entry("seconds", &seconds)?;
        }
        map.end()
    }
}

/// One row of the result-code table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ResultCodeEntry {
    /// The HTTP status the platform answers this code with.
    pub http_status: i32,
    /// The result code, e.g. `"1023006"`.
    pub code: String,
    /// English description (as the platform documents it).
    pub description_en: String,
    /// Chinese description (as the platform documents it).
    pub description_zh: String,
    /// What to do, in English.
    pub action_en: String,
    /// What to do (处理方法), in Chinese.
    pub action_zh: String,
    /// What kind of problem it is.
    pub category: ResultCategory,
    /// Whether and when to retry.
    pub retry: RetryAdvice,
}

include!(concat!(env!("OUT_DIR"), "/result_codes.rs"));

/// The table, built once from the code `build.rs` generates out of `data/result_codes.json`.
static RESULT_CODES: LazyLock<Vec<ResultCodeEntry>> = LazyLock::new(result_code_table);

/// Every row of the table, in the documented order.
pub fn all() -> Vec<ResultCodeEntry> {
    RESULT_CODES.clone()
}

/// Looks a result code up.
///
/// With a status: the row with that code and status; failing that, the only row with the code.
/// Without one: the only row with the code. `Ok(None)` for codes the table does not know;
/// [`ErrorCode::AmbiguousResultCode`] when the code has rows at several statuses and none matches.
pub fn lookup(code: &str, http_status: Option<u16>) -> Result<Option<ResultCodeEntry>, Error> {
    if let Some(status) = http_status {
        if let Some(hit) = RESULT_CODES
            .iter()
            .find(|e| e.code == code && e.http_status == i32::from(status))
        {
            return Ok(Some(hit.clone()));
        }
    }
    let mut rows = RESULT_CODES.iter().filter(|e| e.code == code);
    match (rows.next(), rows.next()) {
        (None, _) => Ok(None),
        (Some(only), None) => Ok(Some(only.clone())),
        (Some(first), Some(second)) => Err(Error::config(
            ErrorCode::AmbiguousResultCode,
            format!(
                "result code {code} means different things at HTTP {} and HTTP {}; pass the HTTP status",
                first.http_status, second.http_status
            ),
        )),
    }
}
