//! Checking that a push really came from the platform.
//!
//! The platform signs status and fee pushes with the same `Authorization` and `X-AKSK` headers as
//! requests, but the digest covers the push URL:
//! `PasswordDigest = Base64(HMAC-SHA256(app_secret, url + nonce + created))` per the seed
//! ([`DigestForm::Concatenated`]); current Huawei pages write `url + "\n" + nonce + "\n" + created`
//! ([`DigestForm::Newline`]). By default either is accepted and the result says which matched;
//! [`VerifyOptions::digest_form`] pins one.
//!
//! `url` must be the push URL exactly as you configured it in `statusUrl`/`feeUrl`, never rebuilt
//! from the incoming request (proxies change scheme, host and port).
//!
//! The received digest is decoded to its 32 bytes and compared in constant time by the MAC
//! library. `Created` must be within the freshness window (default 300 s, either side).
//!
//! **Two clocks.** The seed and Huawei's Node sample stamp `Created` in UTC; Huawei's newer push
//! pages say the platform stamps its pushes in Beijing time (UTC+8), still with a trailing `Z`.
//! By default both are accepted, each within the window, and
//! [`PushVerification::created_offset_seconds`] says which clock matched (0 or 28800; the nearer
//! one if the window is wide enough for both). [`VerifyOptions::created_offset_seconds`] pins one
//! clock. A push that misses every accepted clock by about a whole number of hours gets an error
//! that says `Created` looks like local time and names the offset that would accept it.
//!
//! **Replays.** The signature does not cover the body, so a captured push can be replayed with
//! another body within the window. A verified push returns a [`PushVerification::replay_key`]
//! (`nonce:created`, the stamp exactly as sent, so one key whichever clock matched): reject a push
//! whose key you have already seen in the last [`PushVerification::remember_for_seconds`]. That is
//! twice the window with one clock; with both clocks it is twice the window plus 28800 s, because
//! the same stamp is fresh once when read as UTC+8 and again eight hours later when read as UTC.
//! With several receivers, use a shared store, e.g. Redis:
//! `SET callverify:push:<replay_key> 1 NX EX <remember_for_seconds>` and reject when it answers nil.
//!
//! ```
//! use callverify_core::{push_auth::sign_push, verify_push, Credentials, DigestForm, VerifyOptions};
//!
//! let credentials = Credentials::new("my-app-key", "my-app-secret")?;
//! let url = "https://example.com/voice/status";
//! // What the platform would send (here produced with the SDK's signer, as the sandbox does):
//! let headers = sign_push(&credentials, url, "0123456789abcdef", 1_700_000_000, DigestForm::Newline)?;
//! let verified = verify_push(&headers, url, &credentials, 1_700_000_100, &VerifyOptions::default())?;
//! assert_eq!(verified.digest_form(), Some(DigestForm::Newline));
//! assert_eq!(verified.created_offset_seconds(), Some(0)); // stamped in UTC
//! assert_eq!(verified.replay_key(), Some("0123456789abcdef:2023-11-14T22:13:20Z"));
//! assert_eq!(verified.remember_for_seconds(), Some(600 + 28_800)); // both clocks accepted
//!
//! // The platform's own pushes, stamped in Beijing time, verify with the same default options:
//! let beijing = sign_push(&credentials, url, "0123456789abcdef", 1_700_000_000 + 28_800, DigestForm::Newline)?;
//! let verified = verify_push(&beijing, url, &credentials, 1_700_000_100, &VerifyOptions::default())?;
//! assert_eq!(verified.created_offset_seconds(), Some(28_800));
//! # Ok::<(), callverify_core::Error>(())
//! ```

use base64::{Engine as _, engine::general_purpose::STANDARD};
use hmac::Mac;
use serde::Serialize;

use crate::auth_header::{HeaderSyntax, XAkskHeader, parse_authorization, parse_x_aksk};
use crate::clocks::{ClockMiss, Clocks};
use crate::error::{Error, ErrorCode, quoted};
use crate::sign::{AUTHORIZATION, Created, Credentials, check_nonce, check_offset, digest_parts};
use crate::timefmt::parse_created;

/// Default freshness window, in seconds.
pub const DEFAULT_WINDOW_SECONDS: i64 = 300;
/// Largest freshness window allowed (one day); the window can never be disabled.
pub const MAX_WINDOW_SECONDS: i64 = 86_400;

/// How the push digest's message is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum DigestForm {
    /// `url + nonce + created` (the seed's form).
    Concatenated,
    /// `url + "\n" + nonce + "\n" + created` (current Huawei pages).
    Newline,
}

impl DigestForm {
    /// Stable snake_case name: `concatenated` or `newline`.
    pub fn as_str(self) -> &'static str {
        match self {
            DigestForm::Concatenated => "concatenated",
            DigestForm::Newline => "newline",
        }
    }

    /// Parses the snake_case name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "concatenated" => Some(DigestForm::Concatenated),
            "newline" => Some(DigestForm::Newline),
            _ => None,
        }
    }

    fn parts<'a>(self, url: &'a str, nonce: &'a str, created: &'a str) -> [&'a [u8]; 5] {
        let sep: &[u8] = match self {
            DigestForm::Concatenated => b"",
            DigestForm::Newline => b"\n",
        };
        [
            url.as_bytes(),
            sep,
            nonce.as_bytes(),
            sep,
            created.as_bytes(),
        ]
    }
}

/// Options of [`verify_push`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerifyOptions {
    /// Freshness window in seconds, 1-86400 (default 300): |now − Created| must not exceed it.
    #[cfg_attr(feature = "uniffi", uniffi(default = 300))]
    pub window_seconds: i64,
    /// Accept a push that carries neither auth header (some accounts receive unsigned pushes); the
    /// result is then [`PushVerification::Unsigned`]. Default false.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub allow_unsigned: bool,
    /// Accept only this digest form; `None` (default) accepts either.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub digest_form: Option<DigestForm>,
    /// Pins the clock of the push's `Created`: its offset from UTC in seconds (0 for UTC, 28800
    /// for Beijing time; whole minutes within ±14 h). `None` (default) accepts UTC and UTC+8.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub created_offset_seconds: Option<i64>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            window_seconds: DEFAULT_WINDOW_SECONDS,
            allow_unsigned: false,
            digest_form: None,
            created_offset_seconds: None,
        }
    }
}

/// The outcome of a successful [`verify_push`].
///
/// `Display` (also Kotlin's `toString()` and Swift's `description`): `Verified(digestForm=newline,
/// createdOffsetSeconds=0, replayKey=…, rememberForSeconds=…)` or `Unsigned`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "uniffi", uniffi::export(Display))]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum PushVerification {
    /// The signature is valid and fresh.
    Verified {
        /// Which digest form matched.
        digest_form: DigestForm,
        /// Which clock `Created` was read in: its offset from UTC in seconds (0 or 28800 by
        /// default).
        created_offset_seconds: i32,
        /// `nonce:created`; reject a push whose key was already seen within `remember_for_seconds`.
        replay_key: String,
        /// How long to remember the replay key: twice the window, plus the distance between the
        /// accepted clocks (28800 s by default), so that a replay read in the other clock is
        /// still caught.
        remember_for_seconds: i64,
    },
    /// The push carried no auth headers and unsigned pushes were explicitly allowed.
    Unsigned,
}

impl std::fmt::Display for PushVerification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PushVerification::Verified {
                digest_form,
                created_offset_seconds,
                replay_key,
                remember_for_seconds,
            } => write!(
                f,
                "Verified(digestForm={}, createdOffsetSeconds={created_offset_seconds}, replayKey={replay_key}, rememberForSeconds={remember_for_seconds})",
                digest_form.as_str()
            ),
            PushVerification::Unsigned => f.write_str("Unsigned"),
        }
    }
}

impl PushVerification {
    /// Whether the signature was checked (false only for an allowed unsigned push).
    pub fn is_verified(&self) -> bool {
        matches!(self, PushVerification::Verified { .. })
    }

    /// The matched digest form.
    pub fn digest_form(&self) -> Option<DigestForm> {
        match self {
            PushVerification::Verified { digest_form, .. } => Some(*digest_form),
            PushVerification::Unsigned => None,
        }
    }

    /// The matched clock: `Created`'s offset from UTC in seconds (0 = UTC, 28800 = Beijing time).
    pub fn created_offset_seconds(&self) -> Option<i32> {
        match self {
            PushVerification::Verified {
                created_offset_seconds,
                ..
            } => Some(*created_offset_seconds),
            PushVerification::Unsigned => None,
        }
    }

    /// The replay key.
    pub fn replay_key(&self) -> Option<&str> {
        match self {
            PushVerification::Verified { replay_key, .. } => Some(replay_key),
            PushVerification::Unsigned => None,
        }
    }

    /// How long to remember the replay key, in seconds.
    pub fn remember_for_seconds(&self) -> Option<i64> {
        match self {
            PushVerification::Verified {
                remember_for_seconds,
                ..
            } => Some(*remember_for_seconds),
            PushVerification::Unsigned => None,
        }
    }
}

fn fail(code: ErrorCode, field: &str, message: impl Into<String>) -> Error {
    Error::detail(code, Some(field), message)
}

/// A header found by case-insensitive name: its first value and how often the name appears.
struct Found<'h> {
    value: Option<&'h str>,
    count: usize,
}

fn find_header<'h, N: AsRef<str>, V: AsRef<str>>(headers: &'h [(N, V)], name: &str) -> Found<'h> {
    let mut found = Found {
        value: None,
        count: 0,
    };
    for (n, v) in headers {
        if n.as_ref().trim().eq_ignore_ascii_case(name) {
            found.count += 1;
            found.value = found.value.or(Some(v.as_ref()));
        }
    }
    found
}

fn preview(text: &str) -> String {
    text.chars().take(24).filter(|c| !c.is_control()).collect()
}

/// Checks a freshness window (1-86400 s, `window_invalid`) and returns it.
pub fn check_window(window_seconds: i64) -> Result<u32, Error> {
    match u32::try_from(window_seconds) {
        Ok(window) if (1..=MAX_WINDOW_SECONDS).contains(&window_seconds) => Ok(window),
        _ => Err(Error::config(
            ErrorCode::WindowInvalid,
            format!(
                "freshness window {window_seconds} s is outside 1-{MAX_WINDOW_SECONDS} s; it cannot be disabled"
            ),
        )),
    }
}

/// Verifies a push's `Authorization` and `X-AKSK` headers.
///
/// `headers` are the request's headers (names case-insensitive), `url` the push URL exactly as
/// configured, `now` the current Unix time. See the module docs for what is checked and in which
/// order; every failure is a distinct [`ErrorCode`] and no message reveals the expected digest.
pub fn verify_push<N: AsRef<str>, V: AsRef<str>>(
    headers: &[(N, V)],
    url: &str,
    credentials: &Credentials,
    now: i64,
    options: &VerifyOptions,
) -> Result<PushVerification, Error> {
    let window_seconds = check_window(options.window_seconds)?;
    let pinned_offset = options
        .created_offset_seconds
        .map(check_offset)
        .transpose()?;
    let found_authorization = find_header(headers, "Authorization");
    let found_x_aksk = find_header(headers, "X-AKSK");
    let (authorization, x_aksk) = match (found_authorization.value, found_x_aksk.value) {
        (None, None) if options.allow_unsigned => return Ok(PushVerification::Unsigned),
        (None, None) => {
            return Err(Error::detail(
                ErrorCode::UnsignedPush,
                None,
                "the push carries neither Authorization nor X-AKSK; reject it, or opt in to unsigned pushes \
                 (allow_unsigned) if your account receives them",
            ));
        }
        (Some(_), None) => {
            return Err(fail(
                ErrorCode::MissingAuthHeader,
                "X-AKSK",
                "the push has Authorization but no X-AKSK header",
            ));
        }
        (None, Some(_)) => {
            return Err(fail(
                ErrorCode::MissingAuthHeader,
                "Authorization",
                "the push has X-AKSK but no Authorization header",
            ));
        }
        (Some(a), Some(x)) => (a, x),
    };
    for (name, found) in [
        ("Authorization", &found_authorization),
        ("X-AKSK", &found_x_aksk),
    ] {
        if found.count > 1 {
            return Err(fail(
                ErrorCode::MalformedAuthHeader,
                name,
                format!(
                    "the {name} header appears {} times; a signed push carries it once",
                    found.count
                ),
            ));
        }
    }

    let authorization = parse_authorization(authorization, HeaderSyntax::Strict)?;
    if authorization.wrong_attribute().is_some() {
        return Err(fail(
            ErrorCode::WrongAuthorization,
            "Authorization",
            format!("the Authorization header must be exactly {AUTHORIZATION}"),
        ));
    }
    let XAkskHeader {
        username,
        nonce,
        created,
        password_digest: digest,
    } = parse_x_aksk(x_aksk, HeaderSyntax::Strict)?;
    check_nonce(nonce).map_err(|e| {
        fail(
            ErrorCode::MalformedAuthHeader,
            "X-AKSK",
            format!("X-AKSK Nonce: {e}"),
        )
    })?;
    if username != credentials.app_key() {
        return Err(fail(
            ErrorCode::AppKeyMismatch,
            "X-AKSK",
            "X-AKSK Username is not this application's app_key",
        ));
    }
    let created_local = parse_created(created).ok_or_else(|| {
        fail(
            ErrorCode::CreatedFormat,
            "X-AKSK",
            format!(
                "X-AKSK Created is {}; expected YYYY-MM-DDTHH:MM:SSZ",
                quoted(&preview(created))
            ),
        )
    })?;
    let received = decode_digest(digest)?;

    let forms: &[DigestForm] = match options.digest_form {
        Some(DigestForm::Concatenated) => &[DigestForm::Concatenated],
        Some(DigestForm::Newline) => &[DigestForm::Newline],
        None => &[DigestForm::Concatenated, DigestForm::Newline],
    };
    let matched = forms.iter().copied().find(|form| {
        // Constant-time comparison, by the MAC library.
        credentials
            .mac_of(&form.parts(url, nonce, created))
            .verify_slice(&received)
            .is_ok()
    });
    let Some(digest_form) = matched else {
        let which = match options.digest_form {
            Some(form) => format!("the {} form", form.as_str()),
            None => "either form".to_owned(),
        };
        return Err(fail(
            ErrorCode::DigestMismatch,
            "X-AKSK",
            format!(
                "X-AKSK PasswordDigest does not match {which} for this URL and app_secret (check that the URL \
                 is exactly the configured push URL)"
            ),
        ));
    };

    let clocks = Clocks::new(pinned_offset);
    let created_offset_seconds = clocks
        .check(created_local, now, window_seconds)
        .map_err(|miss| clock_error(&miss))?;
    Ok(PushVerification::Verified {
        digest_form,
        created_offset_seconds,
        replay_key: format!("{nonce}:{created}"),
        remember_for_seconds: clocks.remember_seconds(window_seconds),
    })
}

/// `stale_push` or `future_push`, with what fixes a stamp that looks like local time.
#[cold]
#[inline(never)]
fn clock_error(miss: &ClockMiss) -> Error {
    let window = miss.window_seconds;
    let reading = miss.reading();
    let hint = match (miss.looks_like(), miss.apparent_offset_seconds) {
        (Some(looks), Some(zone)) => format!(
            ". Created looks like {looks} rather than {}: set the created offset option \
             (created_offset_seconds in Rust, created_offset in Python, createdOffsetSeconds in JavaScript, \
             Kotlin and Swift, --created-offset on the command line) to {zone}",
            miss.clocks.names()
        ),
        _ => String::new(),
    };
    if miss.age_seconds > 0 {
        fail(
            ErrorCode::StalePush,
            "X-AKSK",
            format!(
                "the push was signed {} s ago ({reading}); at most {window} s are allowed{hint}",
                miss.age_seconds
            ),
        )
    } else {
        fail(
            ErrorCode::FuturePush,
            "X-AKSK",
            format!(
                "the push was signed {} s in the future ({reading}); at most {window} s of clock skew are \
                 allowed{hint}",
                miss.age_seconds.unsigned_abs()
            ),
        )
    }
}

/// Decodes a received digest: strict padded standard base64 of exactly 32 bytes.
fn decode_digest(digest: &str) -> Result<[u8; 32], Error> {
    let bad = |why: &str| {
        fail(
            ErrorCode::DigestEncoding,
            "X-AKSK",
            format!(
                "X-AKSK PasswordDigest {why}; expected 44 characters of padded standard base64 (32 bytes)"
            ),
        )
    };
    let bytes = STANDARD
        .decode(digest)
        .map_err(|_| bad("is not padded standard base64"))?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| bad(&format!("decodes to {} bytes", bytes.len())))
}

/// Signs a push as the platform does: the `Authorization` and `X-AKSK` headers for `url`.
///
/// For the local sandbox and for tests; receivers use [`verify_push`].
pub fn sign_push(
    credentials: &Credentials,
    url: &str,
    nonce: &str,
    unix_time: i64,
    form: DigestForm,
) -> Result<Vec<(String, String)>, Error> {
    check_nonce(nonce)?;
    let created = Created::from_unix(unix_time, 0)?;
    let digest = digest_parts(credentials, &form.parts(url, nonce, created.as_str()));
    Ok(vec![
        ("Authorization".to_owned(), AUTHORIZATION.to_owned()),
        (
            "X-AKSK".to_owned(),
            format!(
                "UsernameToken Username=\"{}\",PasswordDigest=\"{digest}\",Nonce=\"{nonce}\",Created=\"{}\"",
                credentials.app_key(),
                created.as_str()
            ),
        ),
    ])
}
