//! # callverify-wasm
//!
//! The WebAssembly exports behind the npm package `callverify` (Node ≥ 20 and browsers).
//!
//! This crate is the Rust half of a thin binding: it converts JavaScript primitives into the core's
//! types, calls [`callverify_core`], and hands results back as strings: JSON with camelCase keys,
//! or, on the hot paths, a framed record (`callVerify`: newline-separated fields; `parsePush`: see
//! `src/frame.rs`), which JavaScript turns into objects faster than `JSON.parse`. Bodies and headers come
//! in as UTF-8 bytes the wrapper encodes with `TextEncoder.encodeInto` (cheaper than the glue's
//! string copy). All validation, signing and parsing is the core's.
//! The public, camelCase, typed API is the TypeScript wrapper in `bindings-wasm/js/`, which type-checks
//! every argument before it crosses into wasm; nothing here is meant to be called directly.
//!
//! Errors: every export returns `Result<_, error::Failure>`; see [`error`]. Nothing here can panic
//! (the `release-wasm` profile aborts on panic): no `unwrap`, `expect` or indexing, and every
//! JavaScript number is checked before it is narrowed.
//!
//! Secrets: an app secret arrives as an owned `String` (the glue's copy in linear memory), is wrapped
//! in [`Zeroizing`] at once, and only the core's keyed HMAC state (zeroed on drop) is kept. Dropping a
//! [`WasmClient`] (`free()` in JavaScript, or garbage collection) zeroes it.
//!
//! Usage, from JavaScript (see `docs/javascript.md`):
//!
//! ```js
//! import { Client, parseCallVerifyResponse } from 'callverify';
//!
//! const client = new Client({ baseUrl: 'https://rtccall.cn-north-1.myhuaweicloud.cn:443',
//!                             appKey: process.env.APP_KEY, appSecret: process.env.APP_SECRET });
//! const r = client.callVerify({ displayNbr: '+8675528000088', calleeNbr: '+8618900000007',
//!                               verifyCode: '123456', preTone: 'welcome.wav' });
//! const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
//! const { sessionId } = parseCallVerifyResponse(res.status, new Uint8Array(await res.arrayBuffer()));
//! ```

pub mod error;
mod table;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use base64::{Engine as _, engine::general_purpose::STANDARD};
use callverify_core::push_auth::{DEFAULT_WINDOW_SECONDS, DigestForm, VerifyOptions};
use callverify_core::verify_code::DEFAULT_DIGITS;
use callverify_core::{
    CallVerifyRequest, Client, Credentials, ErrorCode, HttpRequest, MAX_BODY_BYTES, Nonce,
    encode_user_data as core_encode_user_data, generate_verify_code as core_generate_verify_code,
    hangup, parse_call_verify_response, parse_push, result_codes, verify_push as core_verify_push,
};
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use zeroize::Zeroizing;

use crate::error::{Failure, fail, range, type_error};

type Out<T> = Result<T, Failure>;

/// A JavaScript number that must be an integer. Integers beyond `i64` saturate (the core then
/// rejects them with its own range message); NaN, ±Infinity and fractions are `RangeError`s.
fn integer(name: &str, value: f64) -> Out<i64> {
    if value.is_finite() && value.fract() == 0.0 {
        // `as` saturates at i64::MIN / i64::MAX.
        Ok(value as i64)
    } else {
        Err(range(&format!(
            "{name} must be an integer, got {}",
            describe(value)
        )))
    }
}

/// Describes a JavaScript number without float formatting (which would add ~15 KB to the module).
fn describe(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if value.fract() == 0.0 {
        // Saturates beyond ±2^63; only the magnitude matters here.
        (value as i64).to_string()
    } else {
        "a fractional number".to_owned()
    }
}

/// Unix seconds (`now`), as an integer (out-of-range integers are the core's `time_out_of_range`).
fn unix_seconds(now: f64) -> Out<i64> {
    integer(
        "now (an integer number of Unix seconds, e.g. Math.floor(Date.now() / 1000))",
        now,
    )
}

fn http_status(status: f64) -> Out<u16> {
    if status.is_finite() && status.fract() == 0.0 && (0.0..=65535.0).contains(&status) {
        Ok(status as u16)
    } else {
        Err(range(&format!(
            "the HTTP status must be an integer 0-65535, got {}",
            describe(status)
        )))
    }
}

fn nonce_or_fresh(nonce: Option<String>) -> Out<Nonce> {
    match nonce {
        Some(n) => Nonce::new(n),
        None => Nonce::generate(),
    }
    .map_err(fail)
}

/// Serialises a core value for JavaScript: compact JSON with camelCase keys (see [`CamelKeys`]).
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Out<String> {
    let mut out = Vec::with_capacity(128);
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut out,
            CamelKeys::default(),
        ))
        .map_err(|_| range("a result could not be serialised"))?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out).map_err(|_| range("a result could not be serialised"))
}

/// serde_json's compact formatter, except that object keys are written in JavaScript's camelCase
/// instead of the core's snake_case (`state_code` → `stateCode`: each `_` is dropped and the
/// character after it upper-cased). Values, string values included, are written unchanged.
#[derive(Default)]
struct CamelKeys {
    in_key: bool,
    upper_next: bool,
}

impl serde_json::ser::Formatter for CamelKeys {
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.in_key = true;
        self.upper_next = false;
        if first {
            Ok(())
        } else {
            writer.write_all(b",")
        }
    }

    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.in_key = false;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if !self.in_key || !(self.upper_next || fragment.contains('_')) {
            return writer.write_all(fragment.as_bytes());
        }
        for part in fragment.split('_') {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                let mut buf = [0; 4];
                let first = if self.upper_next {
                    first.to_ascii_uppercase()
                } else {
                    first
                };
                writer.write_all(first.encode_utf8(&mut buf).as_bytes())?;
                writer.write_all(chars.as_str().as_bytes())?;
            }
            // Every part but the last was followed by `_`; the last resets this below.
            self.upper_next = true;
        }
        self.upper_next = fragment.ends_with('_');
        Ok(())
    }
}

/// Newline-framed record: the fields, in order, joined by `\n`. Only the last field may contain a
/// newline (the JS wrapper splits at the first `n - 1` newlines), which is checked here.
fn framed(fields: &[&str]) -> Out<String> {
    let mut out = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
    let last = fields.len().saturating_sub(1);
    for (i, field) in fields.iter().enumerate() {
        if i < last && field.contains('\n') {
            return Err(range("a header field contains a line break"));
        }
        if i > 0 {
            out.push('\n');
        }
        out.push_str(field);
    }
    Ok(out)
}

fn frame_request(http: &HttpRequest) -> Out<String> {
    // Method, URL, each header's name and value (the core always signs three), body.
    let mut parts: Vec<&str> = Vec::with_capacity(3 + 2 * http.headers.len());
    parts.extend([http.method.as_str(), http.url.as_str()]);
    for h in &http.headers {
        parts.extend([h.name.as_str(), h.value.as_str()]);
    }
    parts.push(&http.body);
    framed(&parts)
}

fn digest_form(name: Option<String>) -> Out<Option<DigestForm>> {
    match name.as_deref() {
        None => Ok(None),
        Some(text) => DigestForm::from_name(text).map(Some).ok_or_else(|| {
            type_error("digestForm must be \"concatenated\", \"newline\" or undefined")
        }),
    }
}

fn verify_options(
    window_seconds: Option<f64>,
    allow_unsigned: bool,
    form: Option<String>,
    created_offset_seconds: Option<f64>,
) -> Out<VerifyOptions> {
    Ok(VerifyOptions {
        window_seconds: match window_seconds {
            Some(w) => integer("windowSeconds", w)?,
            None => DEFAULT_WINDOW_SECONDS,
        },
        allow_unsigned,
        digest_form: digest_form(form)?,
        // Absent: UTC and Beijing time are both accepted.
        created_offset_seconds: created_offset_seconds
            .map(|o| integer("createdOffsetSeconds", o))
            .transpose()?,
    })
}

/// The headers `[name, value, name, value, …]`, passed as their UTF-8 bytes one after the other
/// and each one's length in bytes, as pairs (an odd trailing name is ignored).
fn header_pairs<'a>(mut text: &'a [u8], lengths: &[u32]) -> Out<Vec<(&'a str, &'a str)>> {
    let unreadable = || range("the headers could not be read");
    let mut parts = Vec::with_capacity(lengths.len());
    for &len in lengths {
        let len = usize::try_from(len).map_err(|_| unreadable())?;
        let (part, rest) = text.split_at_checked(len).ok_or_else(unreadable)?;
        parts.push(std::str::from_utf8(part).map_err(|_| unreadable())?);
        text = rest;
    }
    Ok(parts
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [name, value] => Some((*name, *value)),
            _ => None,
        })
        .collect())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignatureOut<'a> {
    created: &'a str,
    nonce: &'a str,
    authorization: &'a str,
    x_aksk: String,
    password_digest: &'a str,
}

/// A core request from the JavaScript fields (integers checked before narrowing).
#[allow(clippy::too_many_arguments)]
fn request(
    display_nbr: String,
    callee_nbr: String,
    verify_code: String,
    pre_tone: String,
    language_type: Option<f64>,
    pos_tone: Option<String>,
    times: Option<f64>,
    status_url: Option<String>,
    fee_url: Option<String>,
    return_idle_port: Option<bool>,
    user_data: Option<String>,
) -> Out<CallVerifyRequest> {
    let mut request = CallVerifyRequest::new(display_nbr, callee_nbr, verify_code, pre_tone);
    if let Some(language_type) = language_type {
        request.language_type = integer("languageType", language_type)?;
    }
    request.pos_tone = pos_tone;
    request.times = times.map(|t| integer("times", t)).transpose()?;
    request.status_url = status_url;
    request.fee_url = fee_url;
    request.return_idle_port = return_idle_port;
    request.user_data = user_data;
    Ok(request)
}

/// Checks every table-4 rule of a request without building it. Returns the violations as JSON
/// (`[]` when the request is valid).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // one argument per table-4 field
pub fn validate_call_verify(
    display_nbr: String,
    callee_nbr: String,
    verify_code: String,
    pre_tone: String,
    language_type: Option<f64>,
    pos_tone: Option<String>,
    times: Option<f64>,
    status_url: Option<String>,
    fee_url: Option<String>,
    return_idle_port: Option<bool>,
    user_data: Option<String>,
) -> Out<String> {
    let request = request(
        display_nbr,
        callee_nbr,
        verify_code,
        pre_tone,
        language_type,
        pos_tone,
        times,
        status_url,
        fee_url,
        return_idle_port,
        user_data,
    )?;
    match request.validate() {
        Ok(()) => Ok("[]".to_owned()),
        Err(e) => to_json(&e.violations),
    }
}

/// Holds the base URL, the credentials (the keyed HMAC state, zeroed on drop) and the `Created` offset.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmClient {
    inner: Client,
}

#[wasm_bindgen]
impl WasmClient {
    /// Checks the credentials, then the base URL, then the offset.
    #[wasm_bindgen(constructor)]
    pub fn new(
        base_url: &str,
        app_key: &str,
        app_secret: String,
        created_offset_seconds: Option<f64>,
    ) -> Out<WasmClient> {
        // The glue's copy of the secret is zeroed when this goes out of scope.
        let app_secret = Zeroizing::new(app_secret);
        let credentials = Credentials::new(app_key, app_secret.as_str()).map_err(fail)?;
        let mut client = Client::new(base_url, credentials).map_err(fail)?;
        if let Some(offset) = created_offset_seconds {
            let offset = integer("createdOffsetSeconds", offset)?;
            client = client.with_created_offset(offset).map_err(fail)?;
        }
        Ok(WasmClient { inner: client })
    }

    /// The base URL (without a trailing slash).
    #[wasm_bindgen(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// The app key (not secret).
    #[wasm_bindgen(getter)]
    pub fn app_key(&self) -> String {
        self.inner.credentials().app_key().to_owned()
    }

    /// The `Created` offset in seconds.
    #[wasm_bindgen(getter)]
    pub fn created_offset_seconds(&self) -> i32 {
        self.inner.created_offset_seconds()
    }

    /// Validates, builds and signs a callVerify request. Returns the newline-framed record
    /// `method, url, name0, value0, name1, value1, name2, value2, body`.
    #[allow(clippy::too_many_arguments)] // one argument per table-4 field: no JS object crosses over
    pub fn call_verify(
        &self,
        display_nbr: String,
        callee_nbr: String,
        verify_code: String,
        pre_tone: String,
        language_type: Option<f64>,
        pos_tone: Option<String>,
        times: Option<f64>,
        status_url: Option<String>,
        fee_url: Option<String>,
        return_idle_port: Option<bool>,
        user_data: Option<String>,
        now: f64,
        nonce: Option<String>,
    ) -> Out<String> {
        let request = request(
            display_nbr,
            callee_nbr,
            verify_code,
            pre_tone,
            language_type,
            pos_tone,
            times,
            status_url,
            fee_url,
            return_idle_port,
            user_data,
        )?;
        // Validation errors first, then the time and nonce of this attempt.
        let prepared = self.inner.prepare_call_verify(&request).map_err(fail)?;
        let now = unix_seconds(now)?;
        let http = prepared.sign(now, nonce_or_fresh(nonce)?).map_err(fail)?;
        frame_request(&http)
    }

    /// An X-AKSK signature (JSON `{created, nonce, authorization, xAksk, passwordDigest}`).
    pub fn sign(&self, now: f64, nonce: Option<String>) -> Out<String> {
        let now = unix_seconds(now)?;
        let signature = self.inner.sign(now, nonce_or_fresh(nonce)?).map_err(fail)?;
        to_json(&SignatureOut {
            created: signature.created(),
            nonce: signature.nonce(),
            authorization: signature.authorization(),
            x_aksk: signature.x_aksk(),
            password_digest: signature.password_digest(),
        })
    }

    /// Verifies a push with this client's credentials; see [`verify_push`].
    #[allow(clippy::too_many_arguments)] // each option as a primitive
    pub fn verify_push(
        &self,
        header_text: &[u8],
        header_lengths: &[u32],
        url: &str,
        now: f64,
        window_seconds: Option<f64>,
        allow_unsigned: bool,
        digest_form: Option<String>,
        created_offset_seconds: Option<f64>,
    ) -> Out<u32> {
        let options = verify_options(
            window_seconds,
            allow_unsigned,
            digest_form,
            created_offset_seconds,
        )?;
        let now = unix_seconds(now)?;
        let verification = core_verify_push(
            &header_pairs(header_text, header_lengths)?,
            url,
            self.inner.credentials(),
            now,
            &options,
        )
        .map_err(fail)?;
        table::write_verification(&verification)
    }
}

/// Verifies a push's `Authorization` / `X-AKSK` headers (as [`header_pairs`] reads them) for
/// `url`. Writes the core's `PushVerification` into the output table (`src/table.rs`) and returns
/// its kind.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // credentials and each option as primitives
pub fn verify_push(
    header_text: &[u8],
    header_lengths: &[u32],
    url: &str,
    app_key: &str,
    app_secret: String,
    now: f64,
    window_seconds: Option<f64>,
    allow_unsigned: bool,
    digest_form: Option<String>,
    created_offset_seconds: Option<f64>,
) -> Out<u32> {
    let app_secret = Zeroizing::new(app_secret);
    let credentials = Credentials::new(app_key, app_secret.as_str()).map_err(fail)?;
    let options = verify_options(
        window_seconds,
        allow_unsigned,
        digest_form,
        created_offset_seconds,
    )?;
    let now = unix_seconds(now)?;
    let verification = core_verify_push(
        &header_pairs(header_text, header_lengths)?,
        url,
        &credentials,
        now,
        &options,
    )
    .map_err(fail)?;
    table::write_verification(&verification)
}

/// Parses the answer to callVerify. Returns the core's `CallVerifyResponse` as JSON.
#[wasm_bindgen]
pub fn parse_call_verify_response_bytes(status: f64, body: &[u8]) -> Out<String> {
    let status = http_status(status)?;
    let response = parse_call_verify_response(status, body).map_err(fail)?;
    to_json(&response)
}

/// The address of `len` bytes for the wrapper to write a push body into (see `src/table.rs`).
#[wasm_bindgen]
pub fn input_buffer(len: u32) -> u32 {
    table::input_buffer(
        usize::try_from(len)
            .unwrap_or(usize::MAX)
            .min(MAX_BODY_BYTES),
    )
}

/// The address of the output table (`src/table.rs`), an array of `f64` that never moves.
#[wasm_bindgen]
pub fn table_address() -> u32 {
    table::table_address()
}

/// The number of slots of the output table.
#[wasm_bindgen]
pub fn table_slots() -> u32 {
    u32::try_from(table::TABLE_SLOTS).unwrap_or(0)
}

/// This module's memory (a `WebAssembly.Memory`), for the wrapper's views of the input buffer
/// and the output table.
#[wasm_bindgen]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Parses the push body of `len` bytes in the input buffer. Writes the status event, fee batch or
/// unknown event into the output table (`src/table.rs`) and returns its kind. (The wrapper adds a
/// status event's `hangupCause` from [`hangup_cause`], memoised per code, which keeps the table
/// rows out of every push.)
#[wasm_bindgen]
pub fn parse_push_input(len: u32) -> Out<u32> {
    table::with_input(usize::try_from(len).unwrap_or(usize::MAX), |body| {
        let push = parse_push(body).map_err(fail)?;
        table::write_push(&push)
    })
}

/// The `body_too_large` error for a body of `len` bytes that was kept out of wasm memory.
/// `status` is the HTTP status for responses, `None` for pushes.
#[wasm_bindgen]
pub fn body_too_large(len: f64, status: Option<f64>) -> Out<()> {
    // A byte count: finite, whole and non-negative; `as` saturates anything else harmlessly.
    let len = len as u64;
    Err(match status {
        Some(s) => error::body_too_large("response", len, Some(http_status(s)?)),
        None => error::body_too_large("push", len, None),
    })
}

/// The largest body the core accepts, in bytes.
#[wasm_bindgen]
pub fn max_body_bytes() -> u32 {
    u32::try_from(MAX_BODY_BYTES).unwrap_or(u32::MAX)
}

/// The result-code table's row for `code` (at `status`, when given) as JSON, or `null`.
#[wasm_bindgen]
pub fn explain(code: &str, status: Option<f64>) -> Out<String> {
    let status = status.map(http_status).transpose()?;
    let entry = result_codes::lookup(code, status).map_err(fail)?;
    to_json(&entry)
}

/// The whole result-code table as JSON.
#[wasm_bindgen]
pub fn result_codes() -> Out<String> {
    to_json(&result_codes::all())
}

/// The hangup-cause table's row for a `stateCode` as JSON, or `null`.
#[wasm_bindgen]
pub fn hangup_cause(code: f64) -> Out<String> {
    to_json(&hangup::hangup_cause(integer("code", code)?))
}

/// The whole hangup-cause table as JSON.
#[wasm_bindgen]
pub fn hangup_causes() -> Out<String> {
    to_json(&hangup::all())
}

/// A verification code of `digits` (2-8, default 6) random digits, from `crypto.getRandomValues`.
#[wasm_bindgen]
pub fn generate_verify_code(digits: Option<f64>) -> Out<String> {
    let digits = match digits {
        Some(d) => integer("digits", d)?,
        None => i64::from(DEFAULT_DIGITS),
    };
    core_generate_verify_code(digits).map_err(fail)
}

/// Base64 of `text`'s UTF-8 bytes, for `userData`.
#[wasm_bindgen]
pub fn encode_user_data(text: &str) -> String {
    core_encode_user_data(text)
}

/// Every core error code and its kind, as JSON `[[code, kind], …]` in declaration order.
#[wasm_bindgen]
pub fn error_codes() -> Out<String> {
    let all: Vec<(&str, &str)> = ErrorCode::ALL
        .iter()
        .map(|c| (c.as_str(), c.kind().as_str()))
        .collect();
    to_json(&all)
}

/// Base64 HMAC-SHA256, the core's signing primitive; exported only so the RFC 4231 known-answer
/// vectors can check the wasm build's primitive.
#[wasm_bindgen]
pub fn hmac_sha256_base64(key: &[u8], data: &[u8]) -> Out<String> {
    Ok(STANDARD.encode(callverify_core::sign::hmac_sha256(key, data)))
}

/// Size of this module's linear memory in bytes (for the benchmark's leak check).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) as f64) * 65536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_checked_before_narrowing() {
        assert_eq!(integer("x", 3.0).unwrap(), 3);
        assert_eq!(integer("x", 1e300).unwrap(), i64::MAX);
        assert!(integer("x", 1.5).is_err());
        assert!(integer("x", f64::NAN).is_err());
        assert!(integer("x", f64::INFINITY).is_err());
        assert_eq!(unix_seconds(1e300).unwrap(), i64::MAX);
        assert!(unix_seconds(1.5).is_err());
        assert!(http_status(65536.0).is_err());
    }

    #[test]
    fn keys_are_written_in_camel_case_and_values_unchanged() {
        let value = serde_json::json!({
            "state_code": 1,
            "raw_json": "{\"a_b\":\"c_d\"}",
            "x": ["e_f:"],
            "y_z": {"dyn_ivr_path": null, "a__b_": "\u{e9}_\"", "_q\u{e9}_\u{e9}": 2},
        });
        assert_eq!(
            to_json(&value).unwrap(),
            r#"{"rawJson":"{\"a_b\":\"c_d\"}","stateCode":1,"x":["e_f:"],"yZ":{"Qéé":2,"aB":"é_\"","dynIvrPath":null}}"#
        );
    }

    #[test]
    fn headers_arrive_as_bytes_and_lengths() {
        let text = "ab\u{e9}x\u{1f600}";
        assert_eq!(
            header_pairs(text.as_bytes(), &[1, 1, 2, 5]).unwrap(),
            vec![("a", "b"), ("\u{e9}", "x\u{1f600}")]
        );
        assert_eq!(header_pairs(b"abc", &[1, 1, 1]).unwrap(), vec![("a", "b")]);
        assert!(header_pairs(text.as_bytes(), &[3]).is_err()); // splits a character
        assert!(header_pairs(b"ab", &[3]).is_err());
        assert!(header_pairs(b"", &[]).unwrap().is_empty());
    }

    #[test]
    fn framing_keeps_newlines_out_of_all_but_the_last_field() {
        assert_eq!(framed(&["a", "b", "c\nd"]).unwrap(), "a\nb\nc\nd");
        assert!(framed(&["a\n", "b"]).is_err());
    }

    #[test]
    fn call_verify_frames_the_core_request() {
        let client = WasmClient::new(
            "https://rtccall.cn-north-1.myhuaweicloud.cn:443",
            "key",
            "secret".into(),
            None,
        )
        .unwrap();
        let out = client
            .call_verify(
                "+8675528000088".into(),
                "+8618900000007".into(),
                "123456".into(),
                "welcome.wav".into(),
                None,
                None,
                Some(3.0),
                None,
                None,
                None,
                None,
                1_700_000_000.0,
                Some("abc".into()),
            )
            .unwrap();
        let fields: Vec<&str> = out.splitn(9, '\n').collect();
        assert_eq!(fields.len(), 9);
        assert_eq!(fields[0], "POST");
        assert_eq!(fields[3], "application/json;charset=UTF-8");
        assert!(fields[8].starts_with("{\"displayNbr\""));
    }
}
