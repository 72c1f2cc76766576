//! A local sandbox of the platform's voice verification code API.
//!
//! It serves `POST /rest/httpsessions/callVerify/v1.0` on a loopback address, checks each request
//! as the platform documents (Content-Type, Authorization, X-AKSK, Username, digest, Created
//! freshness, then the body against every table-4 rule, judged by the core), answers with the
//! seed's table-6 result codes, and for an accepted call pushes signed status events (callout,
//! alerting, answer, disconnect) to the decoded `statusUrl` and a fee batch to `feeUrl`.
//! Like the platform, it accepts `Created` in UTC and in Beijing time (UTC+8) unless one clock is
//! pinned, stamps its own pushes in Beijing time by default, and sends a fee push that was not
//! answered with HTTP 200 again, re-signed (6 more attempts, one hour apart, by default).
//! Scenarios are chosen by magic callee numbers ([`scenario`]); repeated authentication failures
//! from one client IP get it blocked (result code 1020176), as on the platform.
//!
//! Each request and each push is logged in one line; the secret and digests never are. A failed
//! request also carries an `X-Sandbox-Reason` header that says exactly what was wrong (the
//! platform's own `resultdesc` is terse).
//!
//! `docs/sandbox.md` documents the checks, the result-code mapping and the magic numbers. The
//! `callverify sandbox` and `callverify demo` commands (crate `callverify-cli`) run it; [`http`]
//! holds the loopback HTTP client the sandbox pushes with, shared with the command.
//!
//! Sign a request with the core, send it with any HTTP client, read the answer with the core:
//!
//! ```
//! use callverify_core::{CallVerifyRequest, Client, Credentials, parse_call_verify_response};
//! use callverify_sandbox::{Log, Sandbox, SandboxConfig};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let credentials = Credentials::new("example-key", "example-secret")?;
//! let mut config = SandboxConfig::new(credentials.clone());
//! config.log = Log::Quiet;
//! let sandbox = Sandbox::start(config, "127.0.0.1:0").await.unwrap();
//!
//! let client = Client::new(&sandbox.base_url(), credentials)?;
//! let request = CallVerifyRequest::new("+8675528000088", "+8618900000007", "123456", "welcome.wav");
//! let http = client.call_verify_now(&request)?;
//! let mut post = callverify_sandbox::http::loopback_client().unwrap().post(&http.url);
//! for h in &http.headers {
//!     post = post.header(&h.name, &h.value);
//! }
//! let answer = post.body(http.body.clone()).send().await.unwrap();
//! let status = answer.status().as_u16();
//! let session = parse_call_verify_response(status, &answer.bytes().await.unwrap())?;
//! assert!(session.session_id.ends_with("@callenabler.sandbox.invalid"));
//! assert_eq!(sandbox.stats().accepted, 1);
//! sandbox.shutdown().await;
//! # Ok::<(), callverify_core::Error>(())
//! # }).unwrap();
//! ```
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod auth;
mod body;
mod clock;
pub mod http;
mod push;
pub mod scenario;

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use callverify_core::client::CALL_VERIFY_PATH;
use callverify_core::clocks::Clocks;
use callverify_core::clocks::utc_name;
use callverify_core::push_auth::DigestForm;
use callverify_core::result_codes;
use callverify_core::{Credentials, Nonce, unix_now};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot, watch};
use tokio::task::JoinHandle;

use self::push::Call;
pub use self::scenario::Scenario;

/// Largest request body the sandbox reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Where the sandbox writes its one-line log records.
#[derive(Clone, Default)]
pub enum Log {
    /// Standard error (the CLI's default).
    #[default]
    Stderr,
    /// Nowhere (benchmarks).
    Quiet,
    /// A callback (tests, embedding).
    Callback(Arc<dyn Fn(&str) + Send + Sync>),
}

impl fmt::Debug for Log {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Log::Stderr => "Stderr",
            Log::Quiet => "Quiet",
            Log::Callback(_) => "Callback",
        })
    }
}

/// How the sandbox behaves.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// The one application the sandbox knows: its app_key and app_secret.
    pub credentials: Credentials,
    /// Delay before each push of a call (default 200 ms).
    pub push_delay: Duration,
    /// How pushes are signed (default [`DigestForm::Newline`], as current Huawei pages write it).
    pub push_digest_form: DigestForm,
    /// Largest accepted |now − Created|, in seconds (default 300), in each accepted clock.
    pub created_window_seconds: u32,
    /// Pins the clock of a request's `Created`: its offset from UTC in seconds (0 for UTC, 28800
    /// for Beijing time). `None` (default) accepts UTC and UTC+8, each within the window, as the
    /// platform does (Huawei's Python sample stamps local time, its Node sample UTC).
    pub created_offset_seconds: Option<i32>,
    /// The clock of `Created` in the sandbox's pushes: its offset from UTC in seconds (default
    /// 28800: Huawei's push pages say the platform stamps its pushes in Beijing time; 0 for UTC).
    pub push_created_offset_seconds: i32,
    /// Further attempts of a fee push that is not answered with HTTP 200, each re-signed (default
    /// 6, as the platform). Status pushes are never retried.
    pub fee_retries: u32,
    /// Time between fee push attempts (default one hour, as the platform).
    pub fee_retry_interval: Duration,
    /// Authentication failures from one IP that get it blocked (default 5; 0 never blocks).
    pub auth_failure_limit: u32,
    /// The window in which those failures are counted (default 10 minutes).
    pub auth_failure_window: Duration,
    /// How long a blocked IP stays blocked (default 30 minutes, as on the platform).
    pub block_duration: Duration,
    /// Voice ports of the simulated application; `idlePort` is this minus calls in progress
    /// (default 100).
    pub ports: u32,
    /// Where log lines go.
    pub log: Log,
}

impl SandboxConfig {
    /// The defaults, for these credentials.
    pub fn new(credentials: Credentials) -> Self {
        SandboxConfig {
            credentials,
            push_delay: Duration::from_millis(200),
            push_digest_form: DigestForm::Newline,
            created_window_seconds: 300,
            created_offset_seconds: None,
            push_created_offset_seconds: callverify_core::clocks::BEIJING_OFFSET_SECONDS,
            fee_retries: 6,
            fee_retry_interval: Duration::from_secs(3600),
            auth_failure_limit: 5,
            auth_failure_window: Duration::from_secs(600),
            block_duration: Duration::from_secs(1800),
            ports: 100,
            log: Log::Stderr,
        }
    }
}

/// Counters of what the sandbox did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Requests answered (any path).
    pub requests: u64,
    /// Requests answered with result code 0.
    pub accepted: u64,
    /// Requests answered with another result code.
    pub rejected: u64,
    /// Authentication failures counted towards IP blocks.
    pub auth_failures: u64,
    /// Push attempts answered with HTTP 200.
    pub pushes_sent: u64,
    /// Push attempts that failed (connection error, timeout, or an answer other than HTTP 200).
    pub pushes_failed: u64,
    /// Pushes not sent because the URL is not plain http to loopback.
    pub pushes_skipped: u64,
    /// Fee push attempts after the first (each also counts as sent or failed).
    pub fee_retries: u64,
    /// Calls whose pushes are still to come (their first fee attempt included).
    pub calls_in_progress: u64,
    /// Fee pushes waiting for another attempt.
    pub fee_retries_pending: u64,
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    accepted: AtomicU64,
    rejected: AtomicU64,
    auth_failures: AtomicU64,
    pushes_sent: AtomicU64,
    pushes_failed: AtomicU64,
    pushes_skipped: AtomicU64,
    fee_retries: AtomicU64,
    calls_in_progress: AtomicU64,
    fee_retries_pending: AtomicU64,
}

struct Shared {
    config: SandboxConfig,
    client: reqwest::Client,
    stats: Counters,
    limiter: Mutex<Limiter>,
    nonces: Mutex<NonceCache>,
    sequence: AtomicU64,
    instance: u32,
    idle: Notify,
    /// Becomes true when the sandbox shuts down (pending fee retries stop).
    stopping: watch::Sender<bool>,
}

impl Shared {
    fn log(&self, line: &str) {
        match &self.config.log {
            Log::Stderr => {
                let stamp =
                    callverify_core::sign::Created::from_unix(unix_now().unwrap_or_default(), 0)
                        .map(|c| c.as_str().to_owned())
                        .unwrap_or_default();
                // Never panics: a closed stderr only loses the line.
                use std::io::Write as _;
                let _ = writeln!(std::io::stderr(), "callverify sandbox {stamp} {line}");
            }
            Log::Quiet => {}
            Log::Callback(f) => f(line),
        }
    }

    /// Resolves once the sandbox is shutting down.
    async fn stopped(&self) {
        let mut rx = self.stopping.subscribe();
        let _ = rx.wait_for(|&stop| stop).await;
    }

    /// Nothing left to push: no call in progress and no fee retry pending.
    fn is_idle(&self) -> bool {
        self.stats.calls_in_progress.load(Ordering::Acquire) == 0
            && self.stats.fee_retries_pending.load(Ordering::Acquire) == 0
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub(crate) fn elapsed_ms(started: Instant) -> String {
    format!("{:.1} ms", started.elapsed().as_secs_f64() * 1000.0)
}

/// A request the sandbox refuses: the platform's HTTP status and result code, plus the exact reason.
#[derive(Debug)]
pub(crate) struct Rejection {
    pub http_status: u16,
    pub result_code: String,
    pub reason: String,
    /// Counts towards the IP block.
    pub auth_failure: bool,
}

impl Rejection {
    /// An authentication failure; the status is the table's for the code.
    fn auth(result_code: &'static str, reason: impl Into<String>) -> Self {
        let http_status = match result_code {
            "1010010" | "1010013" => 401,
            "1010003" => 403,
            _ => 400,
        };
        Rejection {
            http_status,
            result_code: result_code.to_owned(),
            reason: reason.into(),
            auth_failure: true,
        }
    }

    /// A problem with the request itself; the status is the table's for the code.
    fn request(result_code: &'static str, reason: impl Into<String>) -> Self {
        let http_status = result_codes::all()
            .iter()
            .find(|e| e.code == result_code)
            .and_then(|e| u16::try_from(e.http_status).ok())
            .unwrap_or(500);
        Rejection {
            http_status,
            result_code: result_code.to_owned(),
            reason: reason.into(),
            auth_failure: false,
        }
    }
}

/// Authentication failures and blocks per client IP.
#[derive(Default)]
struct Limiter {
    failures: HashMap<IpAddr, VecDeque<Instant>>,
    blocked_until: HashMap<IpAddr, Instant>,
}

impl Limiter {
    fn blocked_for(&mut self, ip: IpAddr, now: Instant) -> Option<Duration> {
        match self.blocked_until.get(&ip) {
            Some(&until) if until > now => Some(until - now),
            Some(_) => {
                self.blocked_until.remove(&ip);
                None
            }
            None => None,
        }
    }

    /// Records a failure; true when it trips the block.
    fn record(&mut self, ip: IpAddr, now: Instant, config: &SandboxConfig) -> bool {
        if config.auth_failure_limit == 0 {
            return false;
        }
        let list = self.failures.entry(ip).or_default();
        list.push_back(now);
        while list
            .front()
            .is_some_and(|&t| now.duration_since(t) > config.auth_failure_window)
        {
            list.pop_front();
        }
        if list.len() >= usize::try_from(config.auth_failure_limit).unwrap_or(usize::MAX) {
            list.clear();
            self.blocked_until.insert(ip, now + config.block_duration);
            return true;
        }
        false
    }
}

/// Nonces seen within the freshness window (a nonce is good for one request).
#[derive(Default)]
struct NonceCache {
    seen: HashMap<String, i64>,
    prune_at: usize,
}

impl NonceCache {
    /// Remembers `nonce` until `expires`; false when it was already there.
    fn insert(&mut self, nonce: &str, now: i64, expires: i64) -> bool {
        if self.seen.len() >= self.prune_at {
            self.seen.retain(|_, &mut e| e > now);
            self.prune_at = (self.seen.len() * 2).max(4096);
        }
        match self.seen.get(nonce) {
            Some(&e) if e > now => false,
            _ => {
                self.seen.insert(nonce.to_owned(), expires);
                true
            }
        }
    }
}

/// A running sandbox.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Binds `listen` (a loopback address; port 0 picks a free port) and starts serving.
    pub async fn start(config: SandboxConfig, listen: &str) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("the sandbox listens on loopback addresses only, not {addr}"),
            ));
        }
        let client = http::loopback_client()
            .map_err(|e| std::io::Error::other(format!("could not set up the push client: {e}")))?;
        let instance = Nonce::generate()
            .ok()
            .and_then(|n| u32::from_str_radix(n.as_str().get(..4)?, 16).ok())
            .map_or(1200, |r| 1000 + r % 9000);
        let shared = Arc::new(Shared {
            config,
            client,
            stats: Counters::default(),
            limiter: Mutex::new(Limiter::default()),
            nonces: Mutex::new(NonceCache::default()),
            sequence: AtomicU64::new(0),
            instance,
            idle: Notify::new(),
            stopping: watch::Sender::new(false),
        });
        let app = Router::new()
            .route(CALL_VERIFY_PATH, post(call_verify).fallback(invalid_api))
            .fallback(invalid_api)
            .with_state(shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
        });
        Ok(Sandbox {
            addr,
            shared,
            shutdown: Some(tx),
            task,
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to configure in a client, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What it has done so far.
    pub fn stats(&self) -> Stats {
        let c = &self.shared.stats;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        Stats {
            requests: get(&c.requests),
            accepted: get(&c.accepted),
            rejected: get(&c.rejected),
            auth_failures: get(&c.auth_failures),
            pushes_sent: get(&c.pushes_sent),
            pushes_failed: get(&c.pushes_failed),
            pushes_skipped: get(&c.pushes_skipped),
            fee_retries: get(&c.fee_retries),
            calls_in_progress: get(&c.calls_in_progress),
            fee_retries_pending: get(&c.fee_retries_pending),
        }
    }

    /// Waits until every accepted call has made all its pushes, fee retries included (or
    /// `timeout` passes); true when idle.
    pub async fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.idle.notified();
            if self.shared.is_idle() {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.shared.is_idle();
            }
        }
    }

    /// Stops accepting requests, stops pending fee retries (each logs that it stopped), and waits
    /// (up to 5 s) for open connections to finish.
    pub async fn shutdown(mut self) {
        self.shared.stopping.send_replace(true);
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut self.task).await;
        self.task.abort();
        // Retries waiting for their next attempt end at once; give them a moment to log it.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
        while self
            .shared
            .stats
            .fee_retries_pending
            .load(Ordering::Acquire)
            > 0
        {
            let notified = self.shared.idle.notified();
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                break;
            }
        }
    }
}

#[derive(Serialize)]
struct Answer<'a> {
    resultcode: &'a str,
    resultdesc: &'a str,
    #[serde(rename = "sessionId")]
    session_id: &'a str,
    #[serde(rename = "idlePort", skip_serializing_if = "Option::is_none")]
    idle_port: Option<u32>,
}

fn json_response(status: u16, answer: &Answer<'_>, reason: Option<&str>) -> Response {
    let body = serde_json::to_string(answer).unwrap_or_default();
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        body,
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    if let Some(reason) = reason {
        let ascii: String = reason
            .chars()
            .take(1000)
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '?'
                }
            })
            .collect();
        if let Ok(v) = HeaderValue::from_str(&ascii) {
            headers.insert("X-Sandbox-Reason", v);
        }
    }
    response
}

fn description(code: &str, status: u16) -> String {
    result_codes::lookup(code, Some(status))
        .ok()
        .flatten()
        .map_or_else(String::new, |e| e.description_en)
}

fn reject(
    shared: &Shared,
    peer: SocketAddr,
    what: &str,
    started: Instant,
    r: &Rejection,
) -> Response {
    shared.stats.rejected.fetch_add(1, Ordering::Relaxed);
    let desc = description(&r.result_code, r.http_status);
    shared.log(&format!(
        "{} {what} -> {} {} {desc} [{}] {}",
        peer.ip(),
        r.http_status,
        r.result_code,
        r.reason,
        elapsed_ms(started)
    ));
    json_response(
        r.http_status,
        &Answer {
            resultcode: &r.result_code,
            resultdesc: &desc,
            session_id: "",
            idle_port: None,
        },
        Some(&r.reason),
    )
}

async fn invalid_api(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
) -> Response {
    let started = Instant::now();
    shared.stats.requests.fetch_add(1, Ordering::Relaxed);
    let rejection = Rejection::request(
        "1010006",
        format!("the sandbox serves only POST {CALL_VERIFY_PATH}"),
    );
    reject(
        &shared,
        peer,
        &format!("{method} {}", uri.path()),
        started,
        &rejection,
    )
}

fn single_header<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, String> {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(format!("the {name} header appears more than once"));
    }
    first
        .to_str()
        .map(Some)
        .map_err(|_| format!("the {name} header has non-ASCII bytes"))
}

fn content_type_ok(value: &str) -> bool {
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or_default().trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return false;
    }
    parts.all(|p| match p.split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("charset") => {
            let v = v.trim().trim_matches('"');
            v.eq_ignore_ascii_case("utf-8") || v.eq_ignore_ascii_case("utf8")
        }
        Some(_) => true,
        None => p.trim().is_empty(),
    })
}

/// Every check, in the platform's order; on success the request and the clock its `Created` was
/// read in (offset from UTC in seconds).
fn check(
    shared: &Shared,
    ip: IpAddr,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(callverify_core::CallVerifyRequest, i32), Rejection> {
    let config = &shared.config;
    if let Some(left) = lock(&shared.limiter).blocked_for(ip, Instant::now()) {
        return Err(Rejection::request(
            "1020176",
            format!(
                "{ip} is blocked for {} more seconds after {} authentication failures",
                left.as_secs(),
                config.auth_failure_limit
            ),
        ));
    }
    match single_header(headers, "Content-Type") {
        Ok(Some(ct)) if content_type_ok(ct) => {}
        Ok(Some(_)) | Err(_) => {
            return Err(Rejection::request(
                "1010002",
                "Content-Type must be application/json;charset=UTF-8",
            ));
        }
        Ok(None) => {
            return Err(Rejection::request(
                "1010002",
                "the Content-Type header is missing; send application/json;charset=UTF-8",
            ));
        }
    }
    let authorization =
        single_header(headers, "Authorization").map_err(|why| Rejection::auth("1023006", why))?;
    auth::check_authorization(authorization)?;
    let x_aksk = single_header(headers, "X-AKSK").map_err(|why| Rejection::auth("1023006", why))?;
    let x = auth::parse_x_aksk(x_aksk)?;
    if x.username != config.credentials.app_key() {
        return Err(Rejection::auth(
            "1010003",
            "X-AKSK Username is not the sandbox's app_key",
        ));
    }
    if !auth::nonce_ok(x.nonce) {
        return Err(Rejection::auth(
            "1023006",
            "X-AKSK Nonce must be 1-128 characters of [0-9A-Za-z]",
        ));
    }
    let Some(created_local) = callverify_core::stamps::parse_created(x.created) else {
        return Err(Rejection::auth(
            "1023006",
            "X-AKSK Created must be YYYY-MM-DDTHH:MM:SSZ (e.g. 2018-02-12T15:30:20Z)",
        ));
    };
    if !auth::digest_matches(&config.credentials, x.nonce, x.created, x.password_digest) {
        return Err(Rejection::auth(
            "1010010",
            "X-AKSK PasswordDigest does not match Base64(HMAC-SHA256(app_secret, Nonce + Created))",
        ));
    }
    let now = unix_now().unwrap_or_default();
    let clocks = Clocks::new(config.created_offset_seconds);
    let created_offset =
        clock::check_created(created_local, now, config.created_window_seconds, clocks)
            .map_err(|why| Rejection::auth("1010013", why))?;
    let remember = clocks.remember_seconds(config.created_window_seconds);
    let expires = now.saturating_add(remember);
    if !lock(&shared.nonces).insert(x.nonce, now, expires) {
        return Err(Rejection::auth(
            "1023006",
            "X-AKSK Nonce was already used; sign every request (and every retry) with a fresh nonce and Created",
        ));
    }
    Ok((body::parse_body(body)?, created_offset))
}

async fn call_verify(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = Instant::now();
    shared.stats.requests.fetch_add(1, Ordering::Relaxed);
    let what = format!("POST {CALL_VERIFY_PATH}");
    let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            let r = Rejection::request(
                "1010002",
                format!("the body is larger than {MAX_BODY_BYTES} bytes or could not be read"),
            );
            return reject(&shared, peer, &what, started, &r);
        }
    };
    let (request, created_offset) = match check(&shared, peer.ip(), &headers, &body) {
        Ok(r) => r,
        Err(r) => {
            if r.auth_failure {
                shared.stats.auth_failures.fetch_add(1, Ordering::Relaxed);
                if lock(&shared.limiter).record(peer.ip(), Instant::now(), &shared.config) {
                    shared.log(&format!(
                        "{} blocked for {} s after {} authentication failures (result code 1020176 from now on)",
                        peer.ip(),
                        shared.config.block_duration.as_secs(),
                        shared.config.auth_failure_limit
                    ));
                }
            }
            return reject(&shared, peer, &what, started, &r);
        }
    };
    let scenario = Scenario::for_callee(&request.callee_nbr);
    if let Scenario::Refuse {
        http_status,
        result_code,
    } = scenario
    {
        let r = Rejection {
            http_status,
            result_code,
            reason: format!("sandbox scenario for callee {}", request.callee_nbr),
            auth_failure: false,
        };
        return reject(&shared, peer, &what, started, &r);
    }
    let sequence = shared.sequence.fetch_add(1, Ordering::Relaxed) + 1;
    let now = unix_now().unwrap_or_default();
    let compact: String = push::push_timestamp(now)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let session_id = format!(
        "{}_{sequence}_0_{compact}@callenabler.sandbox.invalid",
        shared.instance
    );
    let in_progress = shared.stats.calls_in_progress.load(Ordering::Relaxed);
    let idle_port = (request.return_idle_port == Some(true)).then(|| {
        u32::try_from(u64::from(shared.config.ports).saturating_sub(in_progress)).unwrap_or(0)
    });
    shared.stats.accepted.fetch_add(1, Ordering::Relaxed);
    shared.log(&format!(
        "{} {what} -> 200 0 Success session {session_id} callee {} scenario {} Created in {} {}",
        peer.ip(),
        request.callee_nbr,
        scenario.name(),
        utc_name(created_offset),
        elapsed_ms(started)
    ));
    let response = json_response(
        200,
        &Answer {
            resultcode: "0",
            resultdesc: "Success",
            session_id: &session_id,
            idle_port,
        },
        None,
    );
    if request.status_url.is_some() || request.fee_url.is_some() {
        let call = Call {
            session_id,
            scenario,
            display_nbr: request.display_nbr,
            callee_nbr: request.callee_nbr,
            status_url: request.status_url,
            fee_url: request.fee_url,
            user_data: request.user_data,
            times: request.times,
        };
        shared
            .stats
            .calls_in_progress
            .fetch_add(1, Ordering::AcqRel);
        let task_shared = shared.clone();
        tokio::spawn(async move {
            let retry = push::run_call(&task_shared, call).await;
            let stats = &task_shared.stats;
            // The call is over (its port is idle again) even when its fee push is retried.
            if retry.is_some() {
                stats.fee_retries_pending.fetch_add(1, Ordering::AcqRel);
            }
            stats.calls_in_progress.fetch_sub(1, Ordering::AcqRel);
            task_shared.idle.notify_waiters();
            if let Some(retry) = retry {
                push::retry_fee(&task_shared, retry).await;
                stats.fee_retries_pending.fetch_sub(1, Ordering::AcqRel);
                task_shared.idle.notify_waiters();
            }
        });
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request stamped in Beijing time is fresh now (read as UTC+8) and again eight hours later
    /// (read as UTC): the nonce memory must still hold it then.
    #[test]
    fn nonce_memory_covers_a_replay_read_in_the_other_clock() {
        let window = 300;
        let both = Clocks::new(None);
        let now = 1_700_000_000;
        let beijing_stamp = now + 28_800;
        let mut cache = NonceCache::default();
        assert_eq!(both.check(beijing_stamp, now, window), Ok(28_800));
        let expires = now + 600 + 28_800;
        assert_eq!(both.remember_seconds(window), 600 + 28_800);
        assert!(cache.insert("n1", now, expires));
        // Eight hours (and a little) later the same stamp is fresh again, read as UTC...
        for later in [now + 28_800 - 290, now + 28_800, now + 28_800 + 290] {
            assert_eq!(both.check(beijing_stamp, later, window), Ok(0));
            // ...but the nonce is still remembered.
            assert!(!cache.insert("n1", later, later + 1), "{later}");
        }
        // Once the stamp is stale in every clock, the nonce may be forgotten.
        assert!(both.check(beijing_stamp, expires, window).is_err());
        assert!(cache.insert("n1", expires, expires + 1));
    }
}
