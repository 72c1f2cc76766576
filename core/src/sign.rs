//! X-AKSK signing: credentials, nonces, `Created` stamps and the `PasswordDigest`.
//!
//! `PasswordDigest = Base64(HMAC-SHA256(key = app_secret, message = Nonce + Created))`, standard
//! padded base64. Time is an input (Unix seconds): nothing here reads a clock, so every result is
//! reproducible. `Created` is UTC by default; accounts that expect Beijing time set an offset of
//! +8 h (the stamp keeps its trailing `Z`, as the platform expects).
//!
//! ```
//! use callverify_core::{sign::{Created, Nonce, Signature}, Credentials};
//!
//! let credentials = Credentials::new("my-app-key", "my-app-secret")?;
//! let created = Created::from_unix(1_527_294_930, 0)?; // 2018-05-26T00:35:30Z
//! let nonce = Nonce::new("ac1c911c4792492687f8f6b2264a491e")?;
//! let signature = Signature::new(&credentials, nonce, created);
//! assert!(signature.x_aksk().starts_with("UsernameToken Username=\"my-app-key\",PasswordDigest=\""));
//! assert!(signature.x_aksk().ends_with("Created=\"2018-05-26T00:35:30Z\""));
//! # Ok::<(), callverify_core::Error>(())
//! ```

use std::fmt;

use base64::{Engine as _, engine::general_purpose::STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode};

type HmacSha256 = Hmac<Sha256>;

/// The fixed `Authorization` header value of every signed request.
pub const AUTHORIZATION: &str = r#"AKSK realm="SDP",profile="UsernameToken",type="Appkey""#;

/// Largest Unix time whose `Created` stamp still has a 4-digit year (9999-12-31T23:59:59Z).
pub const MAX_UNIX_TIME: i64 = 253_402_300_799;

/// Largest allowed `Created` offset from UTC, in seconds (14 hours).
pub const MAX_CREATED_OFFSET_SECONDS: i32 = 14 * 3600;

/// An application's app_key and app_secret.
///
/// Only the HMAC state keyed with the secret is kept (so each signature skips the key set-up); it
/// is zeroed when dropped, and never printed: `Debug` shows `app_secret: "[redacted]"`.
#[derive(Clone)]
pub struct Credentials {
    app_key: String,
    keyed_mac: HmacSha256,
}

impl Credentials {
    /// Checks and wraps credentials.
    ///
    /// The app_key must be non-empty printable ASCII without spaces, `"` or `,` (it is written into
    /// the quoted `Username` attribute); the app_secret must be non-empty.
    pub fn new(app_key: impl Into<String>, app_secret: impl Into<String>) -> Result<Self, Error> {
        let app_key = app_key.into();
        // Take ownership at once so the secret is zeroed even if the key is rejected.
        let app_secret = Zeroizing::new(app_secret.into());
        check_app_key(&app_key)?;
        if app_secret.is_empty() {
            return Err(Error::config(
                ErrorCode::AppSecretEmpty,
                "app_secret is empty; pass the App Secret shown in the console's application management page",
            ));
        }
        let keyed_mac = keyed_mac(app_secret.as_bytes());
        Ok(Credentials { app_key, keyed_mac })
    }

    /// The app_key (not secret).
    pub fn app_key(&self) -> &str {
        &self.app_key
    }

    /// The HMAC-SHA256 state keyed with the app_secret after the message `parts` (concatenated).
    /// Not inlined: one copy of the hashing code serves every digest made or checked.
    #[inline(never)]
    pub(crate) fn mac_of(&self, parts: &[&[u8]]) -> HmacSha256 {
        let mut mac = self.keyed_mac.clone();
        for part in parts {
            mac.update(part);
        }
        mac
    }

    /// HMAC-SHA256 under the app_secret of the message `parts` (concatenated).
    #[inline(never)]
    pub(crate) fn digest_of(&self, parts: &[&[u8]]) -> [u8; 32] {
        self.mac_of(parts).finalize().into_bytes().into()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("app_key", &self.app_key)
            .field("app_secret", &"[redacted]")
            .finish()
    }
}

fn check_app_key(app_key: &str) -> Result<(), Error> {
    if app_key.is_empty() {
        return Err(Error::config(
            ErrorCode::AppKeyEmpty,
            "app_key is empty; pass the App Key shown in the console's application management page",
        ));
    }
    if let Some((pos, c)) = app_key
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_graphic() || c == '"' || c == ',')
    {
        return Err(Error::config(
            ErrorCode::AppKeyCharset,
            format!(
                "app_key has {} at position {pos}; an app_key is printable ASCII without spaces, '\"' or ','",
                describe_char(c)
            ),
        ));
    }
    Ok(())
}

/// Describes a character for an error message without echoing control characters raw.
pub(crate) fn describe_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("'{c}' (U+{:04X})", u32::from(c))
    }
}

/// A request nonce: 1-128 characters of `[0-9A-Za-z]`.
///
/// Deliberately not `Clone`: a nonce is spent by signing one request, so a retry must draw a new
/// one ([`Nonce::generate`]).
#[derive(Debug, PartialEq, Eq)]
pub struct Nonce(String);

impl Nonce {
    /// Length of a generated nonce.
    pub const GENERATED_LEN: usize = 32;

    /// Checks a caller-supplied nonce.
    pub fn new(nonce: impl Into<String>) -> Result<Self, Error> {
        let nonce = nonce.into();
        check_nonce(&nonce)?;
        Ok(Nonce(nonce))
    }

    /// Draws a fresh 32-character nonce (16 random bytes as lowercase hex) from the OS CSPRNG.
    #[cfg(feature = "getrandom")]
    pub fn generate() -> Result<Self, Error> {
        let mut bytes = [0u8; Self::GENERATED_LEN / 2];
        getrandom::fill(&mut bytes).map_err(|e| {
            Error::config(
                ErrorCode::RandomUnavailable,
                format!("the OS random number generator failed: {e}"),
            )
        })?;
        Ok(Nonce(to_hex(&bytes)))
    }

    /// The nonce text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub(crate) fn check_nonce(nonce: &str) -> Result<(), Error> {
    // Fast path: all-ASCII alphanumerics of a valid length (bytes are then characters).
    if (1..=128).contains(&nonce.len()) && nonce.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(());
    }
    let len = nonce.chars().count();
    if !(1..=128).contains(&len) {
        return Err(Error::config(
            ErrorCode::NonceInvalid,
            format!("nonce is {len} characters; it must be 1-128 characters of [0-9A-Za-z]"),
        ));
    }
    if let Some((pos, c)) = nonce
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_alphanumeric())
    {
        return Err(Error::config(
            ErrorCode::NonceInvalid,
            format!(
                "nonce has {} at position {pos}; only [0-9A-Za-z] is allowed",
                describe_char(c)
            ),
        ));
    }
    Ok(())
}

#[cfg(feature = "getrandom")]
fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            // A nibble is always a valid hex digit.
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// A `Created` stamp: `YYYY-MM-DDTHH:MM:SSZ`.
#[derive(Clone, PartialEq, Eq)]
pub struct Created([u8; 20]);

impl Created {
    /// The stamp for `unix_time` (seconds) shifted by `offset_seconds` (0 for true UTC, 28800 for
    /// accounts that expect Beijing time). The stamp always ends in `Z`.
    pub fn from_unix(unix_time: i64, offset_seconds: i64) -> Result<Self, Error> {
        let offset = check_offset(offset_seconds)?;
        let local = unix_time.checked_add(i64::from(offset)).unwrap_or(i64::MAX);
        if !(0..=MAX_UNIX_TIME).contains(&unix_time) || !(0..=MAX_UNIX_TIME).contains(&local) {
            return Err(Error::config(
                ErrorCode::TimeOutOfRange,
                format!(
                    "unix time {unix_time} (offset {offset_seconds} s) is outside 0..={MAX_UNIX_TIME} \
                     (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z)"
                ),
            ));
        }
        Ok(Created(crate::timefmt::created_bytes(local)?))
    }

    /// The stamp for the system clock's current time.
    #[cfg(feature = "clock")]
    pub fn now(offset_seconds: i64) -> Result<Self, Error> {
        Self::from_unix(crate::unix_now()?, offset_seconds)
    }

    /// The stamp text.
    pub fn as_str(&self) -> &str {
        // Always the ASCII text written by `timefmt::created_bytes`.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for Created {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Created").field(&self.as_str()).finish()
    }
}

/// Checks a `Created` offset from UTC (whole minutes within ±14 h, `created_offset_invalid`) and
/// returns it.
pub fn check_offset(offset_seconds: i64) -> Result<i32, Error> {
    match i32::try_from(offset_seconds) {
        Ok(offset)
            if offset.unsigned_abs() <= MAX_CREATED_OFFSET_SECONDS.unsigned_abs()
                && offset % 60 == 0 =>
        {
            Ok(offset)
        }
        _ => Err(Error::config(
            ErrorCode::CreatedOffsetInvalid,
            format!(
                "Created offset {offset_seconds} s is not whole minutes within ±{MAX_CREATED_OFFSET_SECONDS} s \
                 (use 0 for UTC, 28800 for Beijing time)"
            ),
        )),
    }
}

/// `Base64(HMAC-SHA256(secret, message))` for a message given in parts (concatenated, no separator).
pub(crate) fn digest_parts(credentials: &Credentials, parts: &[&[u8]]) -> String {
    STANDARD.encode(credentials.digest_of(parts))
}

/// `UsernameToken Username="…",PasswordDigest="…",Nonce="…",Created="…"`, allocated once.
fn write_x_aksk(username: &str, digest: &str, nonce: &str, created: &str) -> String {
    let parts = [
        "UsernameToken Username=\"",
        username,
        "\",PasswordDigest=\"",
        digest,
        "\",Nonce=\"",
        nonce,
        "\",Created=\"",
        created,
        "\"",
    ];
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| out.push_str(p));
    out
}

/// The `X-AKSK` header value for one request, without keeping a [`Signature`] (the hot path of
/// building requests: the digest is encoded on the stack and the header assembled as bytes).
pub(crate) fn x_aksk_header(credentials: &Credentials, nonce: &Nonce, created: &Created) -> String {
    // The hot path keeps its own inlined copy of the hashing (see `Credentials::mac_of`).
    let mut mac = credentials.keyed_mac.clone();
    mac.update(nonce.as_str().as_bytes());
    mac.update(&created.0);
    let mut digest = [0u8; 44];
    let digest_len = STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut digest)
        .unwrap_or(0);
    let parts: [&[u8]; 9] = [
        b"UsernameToken Username=\"",
        credentials.app_key.as_bytes(),
        b"\",PasswordDigest=\"",
        digest.get(..digest_len).unwrap_or_default(),
        b"\",Nonce=\"",
        nonce.as_str().as_bytes(),
        b"\",Created=\"",
        &created.0,
        b"\"",
    ];
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| out.extend_from_slice(p));
    // Every part is ASCII (a checked app_key, base64, a checked nonce, a written stamp).
    String::from_utf8(out).unwrap_or_default()
}

/// Raw HMAC-SHA256 of `data` under `key` (the primitive behind every digest; exposed so each
/// language can check it against RFC 4231, whose keys and data are not text).
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed_mac(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The HMAC-SHA256 state keyed with `key`. Not inlined: one copy of the key set-up serves
/// [`Credentials::new`] and [`hmac_sha256`].
#[inline(never)]
fn keyed_mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so keying cannot fail; the fallback is never taken.
    <HmacSha256 as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| HmacSha256::new(&Default::default()))
}

/// `PasswordDigest` for a nonce and Created stamp: `Base64(HMAC-SHA256(app_secret, nonce + created))`.
pub fn password_digest(credentials: &Credentials, nonce: &str, created: &str) -> String {
    digest_parts(credentials, &[nonce.as_bytes(), created.as_bytes()])
}

/// Checks a received request `PasswordDigest` for `nonce + created` (the platform's side, e.g. the
/// local sandbox): decodes it and compares in constant time with the MAC library's verify.
pub fn verify_password_digest(
    credentials: &Credentials,
    nonce: &str,
    created: &str,
    digest: &str,
) -> bool {
    let Ok(received) = STANDARD.decode(digest) else {
        return false;
    };
    credentials
        .mac_of(&[nonce.as_bytes(), created.as_bytes()])
        .verify_slice(&received)
        .is_ok()
}

/// A computed X-AKSK signature: username, digest, nonce and Created.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct Signature {
    username: String,
    password_digest: String,
    nonce: String,
    created: Created,
}

impl Signature {
    /// Signs with `credentials`, spending `nonce`.
    pub fn new(credentials: &Credentials, nonce: Nonce, created: Created) -> Self {
        let password_digest = password_digest(credentials, nonce.as_str(), created.as_str());
        Signature {
            username: credentials.app_key.clone(),
            password_digest,
            nonce: nonce.0,
            created,
        }
    }

    /// The `PasswordDigest` value.
    pub fn password_digest(&self) -> &str {
        &self.password_digest
    }

    /// The nonce.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// The Created stamp.
    pub fn created(&self) -> &str {
        self.created.as_str()
    }

    /// The `Authorization` header value (always [`AUTHORIZATION`]).
    pub fn authorization(&self) -> &'static str {
        AUTHORIZATION
    }

    /// The `X-AKSK` header value, exactly as the platform's example writes it (no spaces after commas).
    pub fn x_aksk(&self) -> String {
        write_x_aksk(
            &self.username,
            &self.password_digest,
            &self.nonce,
            self.created.as_str(),
        )
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The digest is not the secret, but it is a credential for the length of the time window.
        f.debug_struct("Signature")
            .field("username", &self.username)
            .field("password_digest", &"[redacted]")
            .field("nonce", &self.nonce)
            .field("created", &self.created.as_str())
            .finish()
    }
}
