//! Hangup causes: what the `stateCode` of a `disconnect` status push means.
//!
//! The table (`data/hangup_causes.json`) holds every cause Huawei Cloud's Voice Call documentation
//! lists; `docs/push-events.md` names the pages. Codes 8100-8105 are about the callee, 8106-8111
//! the same outcomes for the caller (the first leg of a voice callback). A code the table does not
//! know is still parsed: [`hangup_cause`] returns `None` for it.
//!
//! ```
//! use callverify_core::hangup::{hangup_cause, HangupCategory};
//!
//! assert_eq!(hangup_cause(8102).map(|c| c.category), Some(HangupCategory::Busy));
//! assert_eq!(hangup_cause(8111).map(|c| c.meaning_zh).as_deref(), Some("主叫挂机或主叫已停机"));
//! assert!(hangup_cause(4242).is_none());
//! ```

use std::sync::LazyLock;

use serde::Serialize;

/// A coarse classification of why a call ended. "The party" is the one the platform was calling:
/// the callee, or, for the 8106-8111 codes, the caller of a voice callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum HangupCategory {
    /// The callee answered (the code was played).
    Answered,
    /// The party did not answer or rejected while ringing.
    NoAnswer,
    /// The party was busy.
    Busy,
    /// The party could not be reached (off, no such number, line fault).
    Unreachable,
    /// Blocked or rate-limited by the platform, a blacklist or the account's state.
    Blocked,
    /// The call was abandoned before it connected.
    Cancelled,
    /// An error inside the platform.
    PlatformError,
}

impl HangupCategory {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            HangupCategory::Answered => "answered",
            HangupCategory::NoAnswer => "no_answer",
            HangupCategory::Busy => "busy",
            HangupCategory::Unreachable => "unreachable",
            HangupCategory::Blocked => "blocked",
            HangupCategory::Cancelled => "cancelled",
            HangupCategory::PlatformError => "platform_error",
        }
    }
}

/// One row of the hangup-cause table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, frozen, eq, module = "callverify")
)]
pub struct HangupCause {
    /// The `stateCode`.
    pub code: i64,
    /// English meaning.
    pub meaning_en: String,
    /// Chinese meaning.
    pub meaning_zh: String,
    /// Coarse classification.
    pub category: HangupCategory,
}

include!(concat!(env!("OUT_DIR"), "/hangup_causes.rs"));

/// The table, built once from the code `build.rs` generates out of `data/hangup_causes.json`.
static HANGUP_CAUSES: LazyLock<Vec<HangupCause>> = LazyLock::new(hangup_cause_table);

/// The entry for a `stateCode`, or `None` for codes the table does not know.
pub fn hangup_cause(code: i64) -> Option<HangupCause> {
    HANGUP_CAUSES.iter().find(|c| c.code == code).cloned()
}

/// Every row of the table.
pub fn all() -> Vec<HangupCause> {
    HANGUP_CAUSES.clone()
}
