//! The objects and functions of the Kotlin and Swift surface. Each one converts its arguments,
//! calls the core and returns the core's own record; errors go through `crate::error`.
//!
//! The hot operations are one native call each, taking one record or byte array and returning one
//! record: `Client.callVerify(request)`, `PushVerifier.verify(headers)`, `parsePush(body)` and
//! `parseCallVerifyResponse(status, body)`. The `…At` forms take the time (and nonce) explicitly,
//! for tests and replays.

use std::fmt;
use std::sync::Arc;

use callverify_core as core;
use callverify_core::hangup::HangupCause;
use callverify_core::result_codes::ResultCodeEntry;
use callverify_core::{
    CallVerifyRequest, CallVerifyResponse, DigestForm, HttpHeader, HttpRequest, Push,
    PushVerification, Signature, VerifyOptions,
};

use crate::error::{self, CallVerifyError};

/// An application's app_key and app_secret. The secret is kept only as keyed HMAC state, never
/// printed (`toString()` shows `appSecret=[redacted]`), and freed by `close()` (Kotlin) or when the
/// last reference goes (Swift).
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct Credentials {
    inner: core::Credentials,
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Credentials(appKey={}, appSecret=[redacted])",
            self.inner.app_key()
        )
    }
}

#[uniffi::export]
impl Credentials {
    /// Checks and wraps credentials: the app_key is non-empty printable ASCII without spaces, `"`
    /// or `,`; the app_secret is non-empty. Throws `Config` (`AppKeyEmpty`, `AppKeyCharset`,
    /// `AppSecretEmpty`).
    #[uniffi::constructor]
    pub fn new(app_key: String, app_secret: String) -> Result<Self, CallVerifyError> {
        Ok(Credentials {
            inner: core::Credentials::new(app_key, app_secret)?,
        })
    }

    /// The app_key (not secret).
    pub fn app_key(&self) -> String {
        self.inner.app_key().to_owned()
    }
}

/// Base URL, credentials and `Created` offset: everything needed to sign callVerify requests.
/// Safe to share between threads; `toString()` never shows the secret.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct Client {
    inner: core::Client,
}

impl fmt::Display for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Client(baseUrl={}, appKey={}, createdOffsetSeconds={})",
            self.inner.base_url(),
            self.inner.credentials().app_key(),
            self.inner.created_offset_seconds()
        )
    }
}

#[uniffi::export]
impl Client {
    /// A client for `baseUrl` (`https://host[:port]`, or `http://` to a loopback host for the local
    /// sandbox). `createdOffsetSeconds` is added to UTC in `Created` (28800 for accounts that expect
    /// Beijing time; default 0). Throws `Config`.
    #[uniffi::constructor(default(created_offset_seconds = None))]
    pub fn new(
        base_url: String,
        credentials: Arc<Credentials>,
        created_offset_seconds: Option<i64>,
    ) -> Result<Self, CallVerifyError> {
        let client = core::Client::new(&base_url, credentials.inner.clone())?;
        let client = match created_offset_seconds {
            Some(offset) => client.with_created_offset(offset)?,
            None => client,
        };
        Ok(Client { inner: client })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// The app_key.
    pub fn app_key(&self) -> String {
        self.inner.credentials().app_key().to_owned()
    }

    /// The `Created` offset in seconds.
    pub fn created_offset_seconds(&self) -> i64 {
        self.inner.created_offset_seconds().into()
    }

    /// Validates, builds and signs a callVerify request with the system clock and a fresh random
    /// nonce; call again for every attempt (a retry must be signed afresh). Throws `Validation`
    /// (every broken rule at once) or `Config`.
    pub fn call_verify(&self, request: CallVerifyRequest) -> Result<HttpRequest, CallVerifyError> {
        Ok(self.inner.call_verify_now(&request)?)
    }

    /// `callVerify` at a given Unix time (seconds) with a given nonce (1-128 of `[0-9A-Za-z]`):
    /// for tests and reproducible requests.
    pub fn call_verify_at(
        &self,
        request: CallVerifyRequest,
        now: i64,
        nonce: String,
    ) -> Result<HttpRequest, CallVerifyError> {
        Ok(self
            .inner
            .call_verify(&request, now, core::Nonce::new(nonce)?)?)
    }

    /// Computes an X-AKSK signature for `now` (default: the system clock) and `nonce` (default: a
    /// fresh random one). Throws `Config`.
    #[uniffi::method(default(now = None, nonce = None))]
    pub fn sign(
        &self,
        now: Option<i64>,
        nonce: Option<String>,
    ) -> Result<Arc<Signature>, CallVerifyError> {
        let now = now.map_or_else(core::unix_now, Ok)?;
        let nonce = nonce.map_or_else(core::Nonce::generate, core::Nonce::new)?;
        Ok(Arc::new(self.inner.sign(now, nonce)?))
    }
}

/// Checks the `Authorization` and `X-AKSK` headers of pushes sent to one push URL. `url` must be the
/// push URL exactly as configured in `statusUrl`/`feeUrl` (never rebuilt from the incoming
/// request). `Created` is accepted in UTC or in Beijing time (UTC+8) unless
/// `options.createdOffsetSeconds` pins one clock. Build one per push URL and reuse it; safe to
/// share between threads.
#[derive(Debug, uniffi::Object)]
pub struct PushVerifier {
    credentials: core::Credentials,
    url: String,
    options: VerifyOptions,
}

#[uniffi::export]
impl PushVerifier {
    /// A verifier for pushes to `url` under `credentials`. Throws `Config` for a window outside
    /// 1-86400 s (`WindowInvalid`) or an offset that is not whole minutes within ±14 h
    /// (`CreatedOffsetInvalid`).
    #[uniffi::constructor(default(options))]
    pub fn new(
        credentials: Arc<Credentials>,
        url: String,
        options: VerifyOptions,
    ) -> Result<Self, CallVerifyError> {
        core::push_auth::check_window(options.window_seconds)?;
        if let Some(offset) = options.created_offset_seconds {
            core::sign::check_offset(offset)?;
        }
        Ok(PushVerifier {
            credentials: credentials.inner.clone(),
            url,
            options,
        })
    }

    /// Verifies a push's headers (all of them, or at least `Authorization` and `X-AKSK`) against
    /// the system clock. A verified push returns a replay key: reject a push whose key was already
    /// seen within `rememberForSeconds`. Throws `PushAuth`.
    pub fn verify(&self, headers: Vec<HttpHeader>) -> Result<PushVerification, CallVerifyError> {
        self.verify_at(headers, core::unix_now()?)
    }

    /// `verify` at a given Unix time (seconds): for tests and replays.
    pub fn verify_at(
        &self,
        headers: Vec<HttpHeader>,
        now: i64,
    ) -> Result<PushVerification, CallVerifyError> {
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|h| (h.name.as_str(), h.value.as_str()))
            .collect();
        Ok(core::verify_push(
            &pairs,
            &self.url,
            &self.credentials,
            now,
            &self.options,
        )?)
    }

    /// The push URL this verifier checks against.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The options this verifier applies.
    pub fn options(&self) -> VerifyOptions {
        self.options
    }
}

/// Parses the platform's answer to callVerify: the HTTP status and the raw body bytes. Returns the
/// session, or throws `Api` (a result code other than "0", with its table entry and retry advice)
/// or `Parse` (empty, not JSON, wrong shape or types).
#[uniffi::export]
pub fn parse_call_verify_response(
    http_status: i32,
    body: Vec<u8>,
) -> Result<CallVerifyResponse, CallVerifyError> {
    let status = error::http_status(http_status)?;
    Ok(core::parse_call_verify_response(status, &body)?)
}

/// Looks a platform result code up in the result-code table: its meaning, what to do, category
/// and retry advice; `null`/`nil` for codes the table does not know. Pass the HTTP status when
/// known: some codes mean different things at different statuses (without it they throw `Config`
/// `AmbiguousResultCode`).
#[uniffi::export(default(http_status = None))]
pub fn explain(
    result_code: String,
    http_status: Option<i32>,
) -> Result<Option<ResultCodeEntry>, CallVerifyError> {
    let status = http_status.map(error::http_status).transpose()?;
    Ok(core::result_codes::lookup(&result_code, status)?)
}

/// Every row of the result-code table, in the documented order.
#[uniffi::export]
pub fn result_codes() -> Vec<ResultCodeEntry> {
    core::result_codes::all()
}

/// Parses a status or fee push body (raw bytes). Call it only after `PushVerifier.verify`
/// accepted the request's headers. Throws `Parse`.
#[uniffi::export]
pub fn parse_push(body: Vec<u8>) -> Result<Push, CallVerifyError> {
    Ok(core::parse_push(&body)?)
}

/// Signs a push as the platform does (the `Authorization` and `X-AKSK` headers for `url`): for
/// testing a push receiver. Throws `Config`.
#[uniffi::export]
pub fn sign_push(
    credentials: Arc<Credentials>,
    url: String,
    nonce: String,
    unix_time: i64,
    form: DigestForm,
) -> Result<Vec<HttpHeader>, CallVerifyError> {
    let headers = core::push_auth::sign_push(&credentials.inner, &url, &nonce, unix_time, form)?;
    Ok(headers
        .into_iter()
        .map(|(name, value)| HttpHeader { name, value })
        .collect())
}

/// A verification code of `digits` (2-8, default 6) uniformly random digits from the OS random
/// generator. Throws `Config` (`DigitsOutOfRange`).
#[uniffi::export(default(digits = 6))]
pub fn generate_verify_code(digits: i64) -> Result<String, CallVerifyError> {
    Ok(core::generate_verify_code(digits)?)
}

/// Base64-encodes any text (for example Chinese) so it can travel in `userData`.
#[uniffi::export]
pub fn encode_user_data(text: String) -> String {
    core::encode_user_data(&text)
}

/// What a disconnect event's `stateCode` means; `null`/`nil` for codes the table does not know.
#[uniffi::export]
pub fn hangup_cause(state_code: i64) -> Option<HangupCause> {
    core::hangup::hangup_cause(state_code)
}

/// Raw HMAC-SHA256 of `data` under `key`: the primitive behind every digest, exposed so it can be
/// checked against RFC 4231 (whose keys and data are not text).
#[uniffi::export]
pub fn hmac_sha256(key: Vec<u8>, data: Vec<u8>) -> Vec<u8> {
    core::sign::hmac_sha256(&key, &data).to_vec()
}

/// The version of callverify.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
