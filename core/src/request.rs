//! The callVerify request body (the seed's table 4): its fields, every rule, and the exact JSON body.
//!
//! [`CallVerifyRequest::validate`] checks every rule and reports all violations at once, each with the
//! wire field name, a stable code and a message that names the rule and the offending length or value.
//! [`CallVerifyRequest::to_body`] validates and writes the body: fields in table-4 order, absent
//! optionals omitted, `statusUrl`/`feeUrl` base64-encoded, `returnIdlePort` as the string
//! `"true"`/`"false"`.
//!
//! ```
//! use callverify_core::CallVerifyRequest;
//!
//! let mut request = CallVerifyRequest::new("+8675528000088", "+8618900000007", "12345678", "welcome.wav");
//! request.times = Some(3);
//! assert_eq!(
//!     request.to_body()?,
//!     r#"{"displayNbr":"+8675528000088","calleeNbr":"+8618900000007","languageType":2,"preTone":"welcome.wav","verifyCode":"12345678","times":3}"#
//! );
//!
//! request.callee_nbr = "+860755123456".into();
//! let err = request.validate().unwrap_err();
//! assert_eq!(err.violations[0].field, "calleeNbr");
//! assert_eq!(err.violations[0].code.as_str(), "phone_trunk_prefix");
//! # Ok::<(), callverify_core::Error>(())
//! ```

use base64::{Engine as _, engine::general_purpose::STANDARD};
use serde::Serialize;

use crate::error::{Error, ErrorCode, ValidationError, Violation};
use crate::sign::describe_char;

/// The only documented `languageType` (Chinese).
pub const LANGUAGE_CHINESE: i64 = 2;
/// Longest base64-encoded push URL the platform takes.
pub const MAX_ENCODED_URL_LEN: usize = 128;
/// Longest plain push URL, in UTF-8 bytes, that still encodes within [`MAX_ENCODED_URL_LEN`].
pub const MAX_PLAIN_URL_LEN: usize = MAX_ENCODED_URL_LEN / 4 * 3;

/// A callVerify request: every field of table 4, with plain (not yet encoded) push URLs. The four
/// required fields come first; the body is written in table order whatever the field order here.
///
/// Integer fields are `i64` so that any value a caller (or a binding) passes reaches validation and
/// gets a precise message instead of an overflow.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CallVerifyRequest {
    /// `displayNbr`: the number shown to the callee, `+{country}{area}{number}`, 4-31 characters.
    pub display_nbr: String,
    /// `calleeNbr`: the number to call, `+{country}{number}`, 4-31 characters; China fixed lines drop
    /// the area code's leading 0.
    pub callee_nbr: String,
    /// `verifyCode`: 2-8 ASCII digits.
    pub verify_code: String,
    /// `preTone`: approved `.wav` file played before the code, 1-128 characters.
    pub pre_tone: String,
    /// `languageType`: 2 (Chinese), the only documented value.
    #[cfg_attr(feature = "uniffi", uniffi(default = 2))]
    pub language_type: i64,
    /// `posTone`: approved `.wav` file played after the code, 1-128 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub pos_tone: Option<String>,
    /// `times`: how often the code is played, 0-9 (0 = until hangup); omitted means 3.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub times: Option<i64>,
    /// `statusUrl`: plain http(s) URL for status pushes; the SDK base64-encodes it.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status_url: Option<String>,
    /// `feeUrl`: plain http(s) URL for fee (call-detail) pushes; the SDK base64-encodes it.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub fee_url: Option<String>,
    /// `returnIdlePort`: ask the platform to return its idle port count.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub return_idle_port: Option<bool>,
    /// `userData`: 1-256 ASCII characters without `{` or `}`, echoed in pushes.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub user_data: Option<String>,
}

impl CallVerifyRequest {
    /// A request with the four required strings, `languageType` 2 and no optional fields.
    pub fn new(
        display_nbr: impl Into<String>,
        callee_nbr: impl Into<String>,
        verify_code: impl Into<String>,
        pre_tone: impl Into<String>,
    ) -> Self {
        CallVerifyRequest {
            display_nbr: display_nbr.into(),
            callee_nbr: callee_nbr.into(),
            language_type: LANGUAGE_CHINESE,
            pre_tone: pre_tone.into(),
            verify_code: verify_code.into(),
            pos_tone: None,
            times: None,
            status_url: None,
            fee_url: None,
            return_idle_port: None,
            user_data: None,
        }
    }

    /// Checks every table-4 rule; all violations are reported at once, in table-4 field order.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut v = Vec::new();
        check_number("displayNbr", &self.display_nbr, &mut v);
        check_number("calleeNbr", &self.callee_nbr, &mut v);
        if self.language_type != LANGUAGE_CHINESE {
            v.push(violation(
                "languageType",
                ErrorCode::LanguageTypeUnsupported,
                format!(
                    "languageType is {}; the only documented value is 2 (Chinese)",
                    self.language_type
                ),
            ));
        }
        check_tone("preTone", &self.pre_tone, &mut v);
        if check_length("verifyCode", &self.verify_code, 2, 8, &mut v)
            && let Some((pos, c)) = first_char_where(&self.verify_code, |c| !c.is_ascii_digit())
        {
            v.push(violation(
                "verifyCode",
                ErrorCode::VerifyCodeDigits,
                format!(
                    "verifyCode has {} at position {pos}; only the digits 0-9 are allowed",
                    describe_char(c)
                ),
            ));
        }
        if let Some(tone) = &self.pos_tone {
            check_tone("posTone", tone, &mut v);
        }
        if let Some(times) = self.times
            && !(0..=9).contains(&times)
        {
            v.push(violation(
                "times",
                ErrorCode::TimesRange,
                format!("times is {times}; it must be 0-9 (0 repeats until hangup; omit it for the default 3)"),
            ));
        }
        if let Some(url) = &self.status_url {
            check_push_url("statusUrl", url, &mut v);
        }
        if let Some(url) = &self.fee_url {
            check_push_url("feeUrl", url, &mut v);
        }
        if let Some(data) = &self.user_data {
            check_user_data(data, &mut v);
        }
        if v.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: v })
        }
    }

    /// Validates and writes the exact JSON body the platform expects.
    pub fn to_body(&self) -> Result<String, Error> {
        self.validate()?;
        let body = WireBody {
            display_nbr: &self.display_nbr,
            callee_nbr: &self.callee_nbr,
            language_type: self.language_type,
            pre_tone: &self.pre_tone,
            verify_code: &self.verify_code,
            pos_tone: self.pos_tone.as_deref(),
            times: self.times,
            status_url: self.status_url.as_deref().map(EncodedUrl::new),
            fee_url: self.fee_url.as_deref().map(EncodedUrl::new),
            return_idle_port: self
                .return_idle_port
                .map(|b| if b { "true" } else { "false" }),
            user_data: self.user_data.as_deref(),
        };
        // Sized for every key, quote and value up front, so the body is written without regrowing.
        let mut out = Vec::with_capacity(body.len_hint());
        serde_json::to_writer(&mut out, &body)
            .ok()
            .and_then(|()| String::from_utf8(out).ok())
            .ok_or_else(|| {
                // Writing strings and integers to memory cannot fail; keep the error typed all the same.
                Error::config(ErrorCode::InvalidRequest, "could not serialise the body")
            })
    }
}

/// The body as it goes on the wire, in table-4 order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireBody<'a> {
    display_nbr: &'a str,
    callee_nbr: &'a str,
    language_type: i64,
    pre_tone: &'a str,
    verify_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pos_tone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    times: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_url: Option<EncodedUrl>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fee_url: Option<EncodedUrl>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_idle_port: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_data: Option<&'a str>,
}

impl WireBody<'_> {
    /// The body's length when no value needs escaping (a value that does costs one regrowth).
    fn len_hint(&self) -> usize {
        // 11 quoted keys with colons, 10 commas, braces, 9 pairs of value quotes, two 20-digit
        // integers and "false": 205 bytes at most.
        const KEYS_AND_PUNCTUATION: usize = 205;
        let text = |s: Option<&str>| s.map_or(0, str::len);
        let url = |u: &Option<EncodedUrl>| u.as_ref().map_or(0, |u| u.len);
        KEYS_AND_PUNCTUATION
            + self.display_nbr.len()
            + self.callee_nbr.len()
            + self.pre_tone.len()
            + self.verify_code.len()
            + text(self.pos_tone)
            + url(&self.status_url)
            + url(&self.fee_url)
            + text(self.user_data)
    }
}

/// A validated push URL, base64-encoded into a stack buffer (it fits: validation caps it at
/// [`MAX_ENCODED_URL_LEN`] encoded characters).
struct EncodedUrl {
    buf: [u8; MAX_ENCODED_URL_LEN],
    len: usize,
}

impl EncodedUrl {
    fn new(url: &str) -> Self {
        let mut buf = [0u8; MAX_ENCODED_URL_LEN];
        let len = STANDARD.encode_slice(url, &mut buf).unwrap_or(0);
        EncodedUrl { buf, len }
    }

    fn as_str(&self) -> &str {
        // Base64 output is ASCII.
        self.buf
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

impl Serialize for EncodedUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Base64-encodes arbitrary text (for example Chinese) so it can travel in `userData`.
///
/// The result uses only `A-Z a-z 0-9 + / =`; it fits `userData` when the text is at most 192 UTF-8
/// bytes.
pub fn encode_user_data(text: &str) -> String {
    STANDARD.encode(text)
}

fn violation(field: &'static str, code: ErrorCode, message: String) -> Violation {
    Violation {
        field: field.to_owned(),
        code,
        message,
    }
}

/// Checks a character length; returns whether the value is non-empty (so further rules apply).
fn check_length(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
    v: &mut Vec<Violation>,
) -> bool {
    // ASCII text (the common case) has as many characters as bytes.
    let len = if value.is_ascii() {
        value.len()
    } else {
        value.chars().count()
    };
    if !(min..=max).contains(&len) {
        v.push(violation(
            field,
            ErrorCode::Length,
            format!("{field} is {len} characters long; it must be {min}-{max} characters"),
        ));
    }
    len > 0
}

fn check_number(field: &'static str, value: &str, v: &mut Vec<Violation>) {
    if !check_length(field, value, 4, 31, v) {
        return;
    }
    let digits = value.strip_prefix('+');
    let well_formed =
        digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        let hint = match value.chars().find(|c| *c != '+' && !c.is_ascii_digit()) {
            Some(c) if value.starts_with('+') => format!("it has {}", describe_char(c)),
            _ if !value.starts_with('+') => "it does not start with '+'".to_owned(),
            _ => "it has no digits".to_owned(),
        };
        v.push(violation(
            field,
            ErrorCode::PhoneFormat,
            format!(
                "{field} must be '+' then the country code and number in ASCII digits \
                 (e.g. +8613400002222); {hint}"
            ),
        ));
    } else if value.starts_with("+860") {
        v.push(violation(
            field,
            ErrorCode::PhoneTrunkPrefix,
            format!(
                "{field} starts with +860: for China numbers drop the area code's leading 0 \
                 (0755 28000001 is written +8675528000001)"
            ),
        ));
    }
}

fn check_tone(field: &'static str, value: &str, v: &mut Vec<Violation>) {
    if !check_length(field, value, 1, 128, v) {
        return;
    }
    let is_wav = value.len() > 4
        && value
            .get(value.len() - 4..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".wav"));
    let bad_char =
        first_char_where(value, |c| c == '/' || c == '\\' || c.is_ascii_control()).map(|(_, c)| c);
    if !is_wav || bad_char.is_some() {
        let why = match bad_char {
            Some(c) => format!("it has {}", describe_char(c)),
            None => "it does not end in .wav".to_owned(),
        };
        v.push(violation(
            field,
            ErrorCode::ToneFormat,
            format!(
                "{field} must be the file name of an approved Wave file, like \"welcome.wav\" \
                 (no path, no control characters); {why}"
            ),
        ));
    }
}

/// The first character for which `bad` holds, with its byte position; a byte loop when the value
/// is ASCII (the common case), a character loop otherwise.
fn first_char_where(value: &str, bad: impl Fn(char) -> bool) -> Option<(usize, char)> {
    if value.is_ascii() {
        let pos = value.bytes().position(|b| bad(char::from(b)))?;
        return value.as_bytes().get(pos).map(|&b| (pos, char::from(b)));
    }
    value.char_indices().find(|&(_, c)| bad(c))
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '/')
}

/// [`is_url_char`] for every byte value, so the common all-valid URL is checked by table look-up
/// (a unit test keeps the two in step; deriving one from the other here slowed request building).
// Built at compile time: an out-of-range index here would fail the build, not panic at run time.
#[allow(clippy::indexing_slicing)]
static URL_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0u8;
    loop {
        table[b as usize] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'.' | b'/');
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

fn check_push_url(field: &'static str, url: &str, v: &mut Vec<Violation>) {
    if url.is_empty() {
        v.push(violation(
            field,
            ErrorCode::Length,
            format!("{field} is empty; give a plain http(s) URL or leave the field out"),
        ));
        return;
    }
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"));
    match rest {
        None => v.push(violation(
            field,
            ErrorCode::UrlScheme,
            format!(
                "{field} must be a plain URL starting with http:// or https:// (the SDK base64-encodes it \
                 for you; do not encode it yourself)"
            ),
        )),
        Some(rest) => {
            let host_len = rest.bytes().position(|b| b == b'/' || b == b':').unwrap_or(rest.len());
            if host_len == 0 {
                v.push(violation(field, ErrorCode::UrlHost, format!("{field} has no host after the scheme")));
            }
        }
    }
    // Fast path over bytes (a URL of allowed characters only is all ASCII); the slow path finds
    // the offending character for the message.
    let bad = match url
        .bytes()
        .all(|b| URL_BYTES.get(usize::from(b)).copied().unwrap_or(false))
    {
        true => None,
        false => url.char_indices().find(|&(_, c)| !is_url_char(c)),
    };
    if let Some((pos, c)) = bad {
        v.push(violation(
            field,
            ErrorCode::UrlCharset,
            format!(
                "{field} has {} at position {pos}; the platform allows only A-Z a-z 0-9 - : . / \
                 (no query string, no underscore)",
                describe_char(c)
            ),
        ));
    }
    let encoded_len = url.len().div_ceil(3) * 4;
    if encoded_len > MAX_ENCODED_URL_LEN {
        v.push(violation(
            field,
            ErrorCode::UrlEncodedLength,
            format!(
                "{field} is {} bytes, {encoded_len} characters once base64-encoded; at most \
                 {MAX_ENCODED_URL_LEN} encoded characters are allowed (a plain URL of at most {MAX_PLAIN_URL_LEN} bytes)",
                url.len()
            ),
        ));
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

fn check_user_data(data: &str, v: &mut Vec<Violation>) {
    if !check_length("userData", data, 1, 256, v) {
        return;
    }
    if let Some(pos) = data.bytes().position(|b| b == b'{' || b == b'}') {
        v.push(violation(
            "userData",
            ErrorCode::UserDataBraces,
            format!("userData has a brace at position {pos}; '{{' and '}}' are not allowed"),
        ));
    }
    if let Some((pos, c)) = first_char_where(data, |c| !c.is_ascii()) {
        v.push(violation(
            "userData",
            ErrorCode::UserDataNonAscii,
            format!(
                "userData has the non-ASCII character {} at position {pos}; base64-encode such text \
                 first (encode_user_data)",
                describe_char(c)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_byte_table_matches_the_character_rule() {
        // The table is the fast path of `is_url_char`; both must describe the same set.
        for b in 0..=u8::MAX {
            assert_eq!(
                URL_BYTES.get(usize::from(b)).copied(),
                Some(is_url_char(char::from(b))),
                "byte {b:#04x}"
            );
        }
    }
}
