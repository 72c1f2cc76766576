//! A push receiver on a free loopback port, as a customer's server would run one: it verifies
//! each push with the core's `verify_push` (against the URL exactly as configured, never rebuilt
//! from the incoming request), rejects replays with a replay-key cache, parses the body with
//! `parse_push`, answers the platform, and hands every push to the caller.
//!
//! It serves two configured URLs: `{base}/status` (for `statusUrl`) and `{base}/fee` (for `feeUrl`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use callverify_core::{
    Credentials, Error, Push, PushVerification, VerifyOptions, parse_push, unix_now, verify_push,
};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

/// One push as it arrived, with what the receiver made of it.
#[derive(Debug)]
pub struct ReceivedPush {
    /// The configured URL it arrived at.
    pub url: String,
    /// The result of `verify_push` (a replay is reported as an error here too).
    pub verification: Result<PushVerification, Error>,
    /// Whether its replay key had been seen before (then it was rejected).
    pub replayed: bool,
    /// The parsed body (parsed only when the push verified).
    pub push: Option<Result<Push, Error>>,
    /// The request's headers, as received.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
    /// When it arrived.
    pub received_at: Instant,
}

impl ReceivedPush {
    /// Whether it verified, was fresh, not a replay, and parsed.
    pub fn accepted(&self) -> bool {
        self.verification.is_ok() && !self.replayed && matches!(self.push, Some(Ok(_)))
    }

    /// The session id the push is about (status event, digit-collection result, or the first fee
    /// record).
    pub fn session_id(&self) -> Option<String> {
        match &self.push {
            Some(Ok(Push::Status(e))) => Some(e.session_id.to_string()),
            Some(Ok(Push::CollectInfo(e))) => Some(e.session_id.to_string()),
            Some(Ok(Push::Fee(f))) => f.records.first().map(|r| r.session_id.to_string()),
            _ => None,
        }
    }
}

struct Inner {
    credentials: Credentials,
    options: VerifyOptions,
    urls: HashMap<String, String>,
    replay: Mutex<HashMap<String, i64>>,
    tx: mpsc::UnboundedSender<ReceivedPush>,
}

/// A running push receiver.
#[derive(Debug)]
pub struct PushReceiver {
    base_url: String,
    status_url: String,
    fee_url: String,
    rx: mpsc::UnboundedReceiver<ReceivedPush>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("urls", &self.urls)
            .finish_non_exhaustive()
    }
}

impl PushReceiver {
    /// Starts a receiver on `127.0.0.1` with a free port.
    pub async fn start(credentials: Credentials, options: VerifyOptions) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let status_url = format!("{base_url}/status");
        let fee_url = format!("{base_url}/fee");
        let urls = HashMap::from([
            ("/status".to_owned(), status_url.clone()),
            ("/fee".to_owned(), fee_url.clone()),
        ]);
        let (tx, rx) = mpsc::unbounded_channel();
        let inner = Arc::new(Inner {
            credentials,
            options,
            urls,
            replay: Mutex::new(HashMap::new()),
            tx,
        });
        let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Body| {
            let inner = inner.clone();
            async move { handle(&inner, uri, headers, body).await }
        });
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await;
        });
        Ok(PushReceiver {
            base_url,
            status_url,
            fee_url,
            rx,
            shutdown: Some(stop_tx),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The URL to configure as `statusUrl`.
    pub fn status_url(&self) -> &str {
        &self.status_url
    }

    /// The URL to configure as `feeUrl`.
    pub fn fee_url(&self) -> &str {
        &self.fee_url
    }

    /// The next push, or `None` after `timeout`.
    pub async fn next(&mut self, timeout: Duration) -> Option<ReceivedPush> {
        tokio::time::timeout(timeout, self.rx.recv())
            .await
            .ok()
            .flatten()
    }

    /// Stops the receiver.
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for PushReceiver {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn handle(inner: &Inner, uri: Uri, headers: HeaderMap, body: Body) -> Response {
    let received_at = Instant::now();
    let Some(url) = inner.urls.get(uri.path()).cloned() else {
        return (StatusCode::NOT_FOUND, "no push URL here").into_response();
    };
    let body = match axum::body::to_bytes(body, callverify_core::MAX_BODY_BYTES).await {
        Ok(b) => b.to_vec(),
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "body too large").into_response(),
    };
    // Header names and values as text; values that are not visible ASCII are passed on lossily so
    // that verify_push reports them as malformed.
    let pairs: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let now = unix_now().unwrap_or_default();
    let verification = verify_push(&pairs, &url, &inner.credentials, now, &inner.options);
    let mut replayed = false;
    if let Ok(v) = &verification
        && let (Some(key), Some(ttl)) = (v.replay_key(), v.remember_for_seconds())
    {
        let mut seen = inner
            .replay
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.retain(|_, &mut expires| expires > now);
        if seen.contains_key(key) {
            replayed = true;
        } else {
            seen.insert(key.to_owned(), now.saturating_add(ttl));
        }
    }
    let push = (verification.is_ok() && !replayed).then(|| parse_push(&body));
    let accepted = push.as_ref().is_some_and(Result::is_ok);
    let _ = inner.tx.send(ReceivedPush {
        url,
        verification,
        replayed,
        push,
        headers: pairs,
        body,
        received_at,
    });
    let (status, answer) = if accepted {
        (
            StatusCode::OK,
            r#"{"resultcode":"0","resultdesc":"Success"}"#,
        )
    } else {
        (
            StatusCode::UNAUTHORIZED,
            r#"{"resultcode":"1","resultdesc":"Rejected"}"#,
        )
    };
    (
        status,
        [("Content-Type", "application/json;charset=UTF-8")],
        answer,
    )
        .into_response()
}
