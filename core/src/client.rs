//! Building signed callVerify HTTP requests as data.
//!
//! A [`Client`] holds the base URL, the credentials and the `Created` offset. Building a request
//! validates the body once ([`Client::prepare_call_verify`]) and signs it with a nonce and a time you
//! pass in ([`PreparedCallVerify::sign`]); the nonce is spent by signing, so every attempt (every
//! retry) is naturally signed afresh. The result is an [`HttpRequest`]: method, URL, headers and body,
//! ready for any HTTP client.
//!
//! ```
//! use callverify_core::{CallVerifyRequest, Client, Credentials, Nonce};
//!
//! let client = Client::new(
//!     "https://rtccall.cn-north-1.myhuaweicloud.cn:443",
//!     Credentials::new("my-app-key", "my-app-secret")?,
//! )?;
//! let request = CallVerifyRequest::new("+8675528000088", "+8618900000007", "123456", "welcome.wav");
//! let prepared = client.prepare_call_verify(&request)?;
//! let http = prepared.sign(1_700_000_000, Nonce::new("ac1c911c4792492687f8f6b2264a491e")?)?;
//! assert_eq!(http.method, "POST");
//! assert_eq!(http.url, "https://rtccall.cn-north-1.myhuaweicloud.cn:443/rest/httpsessions/callVerify/v1.0");
//! assert_eq!(http.header("Content-Type"), Some("application/json;charset=UTF-8"));
//! // A retry signs the same prepared body again with a new nonce and time:
//! let retry = prepared.sign(1_700_000_030, Nonce::new("0123456789abcdef")?)?;
//! assert_ne!(retry.headers[2], http.headers[2]);
//! # Ok::<(), callverify_core::Error>(())
//! ```

use std::fmt;

use crate::error::{Error, ErrorCode, quoted};
use crate::request::CallVerifyRequest;
use crate::sign::{
    AUTHORIZATION, Created, Credentials, Nonce, Signature, check_offset, x_aksk_header,
};

/// Path of the callVerify API.
pub const CALL_VERIFY_PATH: &str = "/rest/httpsessions/callVerify/v1.0";
/// The `Content-Type` of every request.
pub const CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// A checked base URL: `https://host[:port]`, or `http://` to a loopback host (for the sandbox).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks a base URL. A single trailing `/` is dropped; any other path, a query or a fragment is
    /// an error, as is plain http to a host that is not 127.0.0.0/8, `localhost` or `[::1]`.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let invalid = |why: &str| {
            Error::config(
                ErrorCode::BaseUrlInvalid,
                format!(
                    "base URL {} is invalid: {why}; expected https://host[:port], e.g. https://rtccall.cn-north-1.myhuaweicloud.cn:443",
                    quoted(url)
                ),
            )
        };
        let (secure, rest) = if let Some(rest) = strip_ci(url, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_ci(url, "http://") {
            (false, rest)
        } else {
            return Err(invalid("it must start with https://"));
        };
        let (authority, tail) = rest
            .find(['/', '?', '#'])
            .and_then(|end| rest.split_at_checked(end))
            .unwrap_or((rest, ""));
        if authority.contains('@') || authority.chars().any(char::is_whitespace) {
            return Err(invalid("user info and white space are not allowed"));
        }
        let (host, port) =
            split_host_port(authority).ok_or_else(|| invalid("the host or port is malformed"))?;
        if !valid_host(host) {
            return Err(invalid("the host is malformed"));
        }
        if let Some(port) = port {
            let ok = !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
            if !ok {
                return Err(invalid("the port must be 1-65535"));
            }
        }
        if !tail.is_empty() && tail != "/" {
            return Err(Error::config(
                ErrorCode::BaseUrlPath,
                format!(
                    "base URL {} has a path, query or fragment ({}); give only scheme, host and port \
                     (the SDK adds {CALL_VERIFY_PATH})",
                    quoted(url),
                    quoted(tail)
                ),
            ));
        }
        if !secure && !is_loopback(host) {
            return Err(Error::config(
                ErrorCode::BaseUrlInsecure,
                format!(
                    "base URL {} is plain http to a host that is not loopback; use https \
                     (http is allowed only for 127.0.0.0/8, localhost and [::1], e.g. the local sandbox)",
                    quoted(url)
                ),
            ));
        }
        let trimmed = url.strip_suffix('/').unwrap_or(url);
        Ok(BaseUrl(trimmed.to_owned()))
    }

    /// The URL without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn strip_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Splits `host[:port]` or `[v6][:port]`.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, after) = authority.split_at_checked(close + 1)?;
        match after {
            "" => Some((host, None)),
            _ => Some((host, Some(after.strip_prefix(':')?))),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => Some((host, Some(port))),
            None => Some((authority, None)),
        }
    }
}

fn valid_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.first() == Some(&"127")
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

/// One HTTP header. `Debug` and `Display` (Kotlin and Swift: `toString()`/`description`) hide the
/// value of an `X-AKSK` header: it is a credential for the length of the time window.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "uniffi", uniffi::export(Display))]
pub struct HttpHeader {
    /// The header name.
    pub name: String,
    /// The header value.
    pub value: String,
}

impl HttpHeader {
    fn new(name: &str, value: impl Into<String>) -> Self {
        HttpHeader {
            name: name.to_owned(),
            value: value.into(),
        }
    }
}

impl fmt::Display for HttpHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.trim().eq_ignore_ascii_case("x-aksk") {
            write!(f, "{}: [redacted]", self.name)
        } else {
            write!(f, "{}: {}", self.name, self.value)
        }
    }
}

impl fmt::Debug for HttpHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// An HTTP request as data, for the host application's own HTTP client. `Debug` and `Display`
/// (Kotlin and Swift: `toString()`/`description`) hide the `X-AKSK` header's value.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "uniffi", uniffi::export(Display))]
pub struct HttpRequest {
    /// Always `"POST"`.
    pub method: String,
    /// Base URL plus the API path.
    pub url: String,
    /// `Content-Type`, `Authorization` and `X-AKSK`, in this order.
    pub headers: Vec<HttpHeader>,
    /// The JSON body (UTF-8).
    pub body: String,
}

impl HttpRequest {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
}

impl fmt::Display for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HttpRequest(method={}, url={}, headers=[",
            self.method, self.url
        )?;
        for (i, h) in self.headers.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            fmt::Display::fmt(h, f)?;
        }
        write!(f, "], body={})", self.body)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .finish()
    }
}

/// Credentials, base URL and `Created` offset: everything needed to sign requests.
#[derive(Clone, Debug)]
pub struct Client {
    base_url: BaseUrl,
    credentials: Credentials,
    created_offset_seconds: i32,
    call_verify_url: String,
}

impl Client {
    /// A client with `Created` in true UTC.
    pub fn new(base_url: &str, credentials: Credentials) -> Result<Self, Error> {
        let base_url = BaseUrl::parse(base_url)?;
        let call_verify_url = format!("{}{CALL_VERIFY_PATH}", base_url.as_str());
        Ok(Client {
            base_url,
            credentials,
            created_offset_seconds: 0,
            call_verify_url,
        })
    }

    /// Sets the offset added to UTC in `Created` (e.g. 28800 for accounts that expect Beijing time).
    pub fn with_created_offset(mut self, offset_seconds: i64) -> Result<Self, Error> {
        self.created_offset_seconds = check_offset(offset_seconds)?;
        Ok(self)
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        self.base_url.as_str()
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The `Created` offset in seconds.
    pub fn created_offset_seconds(&self) -> i32 {
        self.created_offset_seconds
    }

    /// Signs `nonce` and `unix_time` into an X-AKSK signature.
    pub fn sign(&self, unix_time: i64, nonce: Nonce) -> Result<Signature, Error> {
        let created = Created::from_unix(unix_time, self.created_offset_seconds.into())?;
        Ok(Signature::new(&self.credentials, nonce, created))
    }

    /// Validates `request` and writes its body, ready to be signed for each attempt.
    #[inline]
    pub fn prepare_call_verify(
        &self,
        request: &CallVerifyRequest,
    ) -> Result<PreparedCallVerify<'_>, Error> {
        Ok(PreparedCallVerify {
            client: self,
            body: request.to_body()?,
        })
    }

    /// Validates, builds and signs a callVerify request in one step.
    #[inline]
    pub fn call_verify(
        &self,
        request: &CallVerifyRequest,
        unix_time: i64,
        nonce: Nonce,
    ) -> Result<HttpRequest, Error> {
        self.prepare_call_verify(request)?
            .into_signed(unix_time, nonce)
    }

    /// Like [`Client::call_verify`], with the system clock's time and a fresh random nonce (drawn
    /// only once the request is valid).
    #[cfg(all(feature = "clock", feature = "getrandom"))]
    pub fn call_verify_now(&self, request: &CallVerifyRequest) -> Result<HttpRequest, Error> {
        self.prepare_call_verify(request)?
            .into_signed(crate::unix_now()?, Nonce::generate()?)
    }
}

/// A validated callVerify body, signed afresh for each attempt.
#[derive(Clone, Debug)]
pub struct PreparedCallVerify<'c> {
    client: &'c Client,
    body: String,
}

impl PreparedCallVerify<'_> {
    /// The JSON body.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Signs one attempt with `unix_time` and `nonce` (spent here: each attempt needs its own).
    pub fn sign(&self, unix_time: i64, nonce: Nonce) -> Result<HttpRequest, Error> {
        self.signed(unix_time, nonce, self.body.clone())
    }

    /// Signs the only attempt, moving the body instead of copying it.
    #[inline]
    pub fn into_signed(self, unix_time: i64, nonce: Nonce) -> Result<HttpRequest, Error> {
        let body = self.body;
        PreparedCallVerify {
            client: self.client,
            body: String::new(),
        }
        .signed(unix_time, nonce, body)
    }

    #[inline]
    fn signed(&self, unix_time: i64, nonce: Nonce, body: String) -> Result<HttpRequest, Error> {
        let created = Created::from_unix(unix_time, self.client.created_offset_seconds.into())?;
        let x_aksk = x_aksk_header(&self.client.credentials, &nonce, &created);
        Ok(HttpRequest {
            method: "POST".to_owned(),
            url: self.client.call_verify_url.clone(),
            headers: vec![
                HttpHeader::new("Content-Type", CONTENT_TYPE),
                HttpHeader::new("Authorization", AUTHORIZATION),
                HttpHeader::new("X-AKSK", x_aksk),
            ],
            body,
        })
    }

    /// Signs one attempt with the system clock and a fresh random nonce.
    #[cfg(all(feature = "clock", feature = "getrandom"))]
    pub fn sign_now(&self) -> Result<HttpRequest, Error> {
        self.sign(crate::unix_now()?, Nonce::generate()?)
    }
}
