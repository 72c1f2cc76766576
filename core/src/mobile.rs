//! What Kotlin and Swift need beyond the derived records and enums (feature `uniffi`, enabled by
//! bindings-mobile only): the methods of a few types, exported with UniFFI.
//!
//! The records and enums are declared once, on the core types (`#[derive(uniffi::Record)]` and
//! `uniffi::Enum` behind the feature), so their fields reach Kotlin and Swift without a copy of
//! the declaration. Methods must be exported from an inherent impl, and Rust accepts an inherent
//! impl only in the crate that declares the type: that is why they are here and not in the binding.
//! Each method keeps its Rust name in Kotlin and Swift (`name = …`) and only converts the result.

use crate::error::{ErrorCode, ErrorKind};
use crate::hangup::HangupCause;
use crate::push::{FeeRecord, StatusEvent};
use crate::sign::Signature;

#[uniffi::export]
impl ErrorCode {
    /// The stable snake_case text of the code, e.g. `"app_key_empty"`.
    #[uniffi::method(name = "as_str")]
    pub fn text(&self) -> String {
        self.as_str().to_owned()
    }

    /// The kind of error the code belongs to.
    #[uniffi::method(name = "kind")]
    pub fn error_kind(&self) -> ErrorKind {
        self.kind()
    }
}

#[uniffi::export]
impl StatusEvent {
    /// The hangup-cause table's entry for `stateCode`, when known (`null`/`nil` otherwise).
    #[uniffi::method(name = "hangup_cause")]
    pub fn cause(&self) -> Option<HangupCause> {
        self.hangup_cause()
    }
}

#[uniffi::export]
impl FeeRecord {
    /// Key to deduplicate records (the platform retries fee pushes): skip records already stored.
    #[uniffi::method(name = "dedupe_key")]
    pub fn dedupe_key_text(&self) -> String {
        self.dedupe_key()
    }
}

#[uniffi::export]
impl Signature {
    /// The `Created` stamp, `YYYY-MM-DDTHH:MM:SSZ`.
    #[uniffi::method(name = "created")]
    pub fn created_text(&self) -> String {
        self.created().to_owned()
    }

    /// The nonce.
    #[uniffi::method(name = "nonce")]
    pub fn nonce_text(&self) -> String {
        self.nonce().to_owned()
    }

    /// `Base64(HMAC-SHA256(app_secret, nonce + created))`.
    #[uniffi::method(name = "password_digest")]
    pub fn password_digest_text(&self) -> String {
        self.password_digest().to_owned()
    }

    /// The `Authorization` header value.
    #[uniffi::method(name = "authorization")]
    pub fn authorization_text(&self) -> String {
        self.authorization().to_owned()
    }

    /// The `X-AKSK` header value.
    #[uniffi::method(name = "x_aksk")]
    pub fn x_aksk_text(&self) -> String {
        self.x_aksk()
    }
}
