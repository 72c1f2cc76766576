//! Performing a signed callVerify request and describing what came back.
//!
//! The request is built and signed by the core ([`HttpRequest`]); this module only sends it
//! (plain http to a loopback sandbox, or HTTPS with rustls and the system's root certificates) and
//! turns the answer into an [`Outcome`] with the core's response parser. The loopback client and
//! [`describe_error`](callverify_sandbox::http::describe_error) live in `callverify_sandbox::http`.

use std::time::Duration;

use callverify_core::{CallVerifyResponse, Error, HttpRequest, parse_call_verify_response};
use callverify_sandbox::http::install_crypto_provider;
use serde_json::{Value, json};

/// A client for the real platform (HTTPS, honours the usual proxy variables) and for a loopback
/// sandbox. Redirects are not followed.
pub fn http_client() -> reqwest::Client {
    install_crypto_provider();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap_or_default()
}

/// The platform's (or the sandbox's) answer, raw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body bytes.
    pub body: Vec<u8>,
    /// The sandbox's `X-Sandbox-Reason` header (the sandbox's exact reason for a refusal).
    pub sandbox_reason: Option<String>,
}

/// Sends a built request and reads the answer.
pub async fn send(
    client: &reqwest::Client,
    request: &HttpRequest,
) -> Result<Answer, reqwest::Error> {
    let mut builder = client.post(request.url.as_str());
    for h in &request.headers {
        builder = builder.header(h.name.as_str(), h.value.as_str());
    }
    let response = builder.body(request.body.clone()).send().await?;
    let status = response.status().as_u16();
    let sandbox_reason = response
        .headers()
        .get("X-Sandbox-Reason")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.bytes().await?;
    Ok(Answer {
        status,
        body: body.to_vec(),
        sandbox_reason,
    })
}

/// What the platform's answer means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `resultcode` "0".
    Success {
        /// HTTP status.
        http_status: u16,
        /// The session.
        response: CallVerifyResponse,
    },
    /// Any error the core's parser reports: an API error (with its table entry) or a body it could
    /// not understand.
    Failure(Error),
}

impl Outcome {
    /// Parses an answer with the core.
    pub fn from_answer(http_status: u16, body: &[u8]) -> Outcome {
        match parse_call_verify_response(http_status, body) {
            Ok(response) => Outcome::Success {
                http_status,
                response,
            },
            Err(e) => Outcome::Failure(e),
        }
    }

    /// Whether the call was placed.
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Success { .. })
    }

    /// The outcome as JSON: `{"outcome":"success",…}`, `{"outcome":"api_error",…,"entry":{…}}` or
    /// `{"outcome":"parse_error","code",…}`.
    pub fn to_json(&self) -> Value {
        match self {
            Outcome::Success {
                http_status,
                response,
            } => json!({
                "outcome": "success",
                "http_status": http_status,
                "session_id": response.session_id,
                "idle_port": response.idle_port,
                "result_desc": response.result_desc,
            }),
            Outcome::Failure(Error::Api(api)) => json!({
                "outcome": "api_error",
                "http_status": api.http_status,
                "result_code": api.result_code,
                "result_desc": api.result_desc,
                "category": api.entry.as_ref().map(|e| e.category.as_str()),
                "retry": api.entry.as_ref().map(|e| e.retry),
                "entry": api.entry,
            }),
            Outcome::Failure(e) => json!({
                "outcome": "parse_error",
                "http_status": e.http_status(),
                "code": e.code().as_str(),
                "field": e.field(),
                "message": e.to_string(),
            }),
        }
    }

    /// The outcome for people, a few lines.
    pub fn to_text(&self) -> String {
        match self {
            Outcome::Success {
                http_status,
                response,
            } => {
                let mut out = format!(
                    "accepted: HTTP {http_status}, resultcode 0 ({})\nsessionId: {}\n",
                    response.result_desc, response.session_id
                );
                if let Some(p) = response.idle_port {
                    out.push_str(&format!("idlePort: {p}\n"));
                }
                out
            }
            Outcome::Failure(Error::Api(api)) => {
                let mut out = format!(
                    "rejected: HTTP {}, resultcode {} ({})\n",
                    api.http_status, api.result_code, api.result_desc
                );
                match &api.entry {
                    Some(e) => {
                        out.push_str(&format!(
                            "  meaning:  {} / {}\n  category: {}\n  retry:    {}\n  what to do: {}\n",
                            e.description_en,
                            e.description_zh,
                            e.category.as_str(),
                            crate::cli::retry_text(e.retry),
                            e.action_en
                        ));
                    }
                    None => out.push_str("  (this result code is not in the platform's table)\n"),
                }
                out
            }
            Outcome::Failure(e) => format!("unreadable answer: {e} ({})\n", e.code().as_str()),
        }
    }
}
