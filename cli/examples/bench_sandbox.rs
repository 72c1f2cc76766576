//! Load benchmark of the sandbox (not a test): N signed callVerify requests from C concurrent
//! clients against one in-process sandbox, every push received by an in-process receiver and
//! verified with `verify_push`. Then the same requests against a bare HTTP endpoint that only
//! answers a fixed success (the plain way, no checks and no pushes), for the ratio.
//!
//! `cargo run --release -p callverify-cli --example bench-sandbox -- [REQUESTS] [CLIENTS]`
//! (defaults 10000 and 16). Prints a Markdown report; exits 1 on any error or lost push.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::post;
use callverify_cli::receiver::PushReceiver;
use callverify_cli::send::send;
use callverify_core::{CallVerifyRequest, Client, Credentials, Push, VerifyOptions};
use callverify_sandbox::http::loopback_client;
use callverify_sandbox::{Log, Sandbox, SandboxConfig};

/// `println!` that ignores a closed pipe.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// Hard limit on the whole run: the benchmark stops by itself.
const DEADLINE: Duration = Duration::from_secs(600);

struct Run {
    elapsed: Duration,
    latencies: Vec<Duration>,
    errors: usize,
    sessions: Vec<String>,
}

impl Run {
    fn throughput(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let idx = ((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1);
        sorted.get(idx).copied().unwrap_or_default()
    }
}

async fn load(
    base_url: &str,
    credentials: &Credentials,
    request: &CallVerifyRequest,
    total: usize,
    clients: usize,
) -> Run {
    let client = Arc::new(Client::new(base_url, credentials.clone()).unwrap());
    let http = loopback_client().unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, http, next, request) =
            (client.clone(), http.clone(), next.clone(), request.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut sessions = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < total {
                // Every request signed afresh: new nonce, current time.
                let signed = client.call_verify_now(&request).unwrap();
                let t = Instant::now();
                match send(&http, &signed).await {
                    Ok(answer) => {
                        latencies.push(t.elapsed());
                        match callverify_core::parse_call_verify_response(
                            answer.status,
                            &answer.body,
                        ) {
                            Ok(r) => sessions.push(r.session_id),
                            Err(_) => errors += 1,
                        }
                    }
                    Err(_) => errors += 1,
                }
            }
            (latencies, errors, sessions)
        }));
    }
    let mut run = Run {
        elapsed: Duration::ZERO,
        latencies: Vec::with_capacity(total),
        errors: 0,
        sessions: Vec::with_capacity(total),
    };
    for task in tasks {
        let (l, e, s) = task.await.unwrap();
        run.latencies.extend(l);
        run.errors += e;
        run.sessions.extend(s);
    }
    run.elapsed = started.elapsed();
    run
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn bench(total: usize, clients: usize) -> bool {
    let credentials = Credentials::new("benchKey", "bench-secret").unwrap();
    let mut config = SandboxConfig::new(credentials.clone());
    config.push_delay = Duration::ZERO;
    config.log = Log::Quiet;
    config.ports = u32::MAX;
    let sandbox = Sandbox::start(config, "127.0.0.1:0").await.unwrap();
    let mut receiver = PushReceiver::start(credentials.clone(), VerifyOptions::default())
        .await
        .unwrap();
    let mut request =
        CallVerifyRequest::new("+8675528000088", "+8618900000007", "482913", "welcome.wav");
    request.status_url = Some(receiver.status_url().to_owned());
    request.fee_url = Some(receiver.fee_url().to_owned());

    // The plain way: an endpoint that answers a fixed success, checks nothing, pushes nothing.
    let bare = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bare_url = format!("http://{}", bare.local_addr().unwrap());
    let app = Router::new().route(
        callverify_core::client::CALL_VERIFY_PATH,
        post(|| async { r#"{"resultcode":"0","resultdesc":"Success","sessionId":"bare"}"# }),
    );
    tokio::spawn(async move { axum::serve(bare, app).await });

    // Warm up both (connection pools, allocations).
    load(&sandbox.base_url(), &credentials, &request, 200, clients).await;
    load(&bare_url, &credentials, &request, 200, clients).await;
    assert!(sandbox.wait_idle(Duration::from_secs(60)).await);
    while receiver.next(Duration::from_millis(200)).await.is_some() {}
    let warm = sandbox.stats();

    let run = load(&sandbox.base_url(), &credentials, &request, total, clients).await;
    let idle = sandbox.wait_idle(Duration::from_secs(120)).await;
    let pushes_done = Instant::now();
    let mut per_session: HashMap<String, (usize, usize)> = HashMap::new();
    let mut rejected = 0;
    let expected = run.sessions.len() * 5;
    let mut received = 0;
    while received < expected {
        let Some(push) = receiver.next(Duration::from_secs(10)).await else {
            break;
        };
        received += 1;
        if !push.accepted() {
            rejected += 1;
        }
        let entry = per_session
            .entry(push.session_id().unwrap_or_default())
            .or_default();
        match push.push {
            Some(Ok(Push::Fee(_))) => entry.1 += 1,
            _ => entry.0 += 1,
        }
    }
    let all_pushes_elapsed = run.elapsed + pushes_done.elapsed();
    let stats = sandbox.stats();
    let complete = run
        .sessions
        .iter()
        .all(|s| per_session.get(s) == Some(&(4, 1)));
    let lost = expected.saturating_sub(received);
    let bare_run = load(&bare_url, &credentials, &request, total, clients).await;
    // The sandbox's checks alone: the same requests without push URLs.
    let mut no_push = request.clone();
    no_push.status_url = None;
    no_push.fee_url = None;
    let checks_run = load(&sandbox.base_url(), &credentials, &no_push, total, clients).await;
    sandbox.shutdown().await;

    let ok = run.errors == 0
        && run.sessions.len() == total
        && idle
        && lost == 0
        && rejected == 0
        && complete
        && bare_run.errors == 0
        && checks_run.errors == 0;
    say!(
        "| | sandbox: checks + 5 signed pushes per call | sandbox: checks only (no push URLs) | bare endpoint: fixed answer | ratio sandbox / bare |"
    );
    say!("|---|---|---|---|---|");
    say!(
        "| requests / s | {:.0} | {:.0} | {:.0} | {:.2} |",
        run.throughput(),
        checks_run.throughput(),
        bare_run.throughput(),
        run.throughput() / bare_run.throughput()
    );
    for (name, p) in [("p50 latency", 0.50), ("p99 latency", 0.99)] {
        let (a, c, b) = (
            run.percentile(p),
            checks_run.percentile(p),
            bare_run.percentile(p),
        );
        say!(
            "| {name} | {} | {} | {} | {:.2} |",
            ms(a),
            ms(c),
            ms(b),
            a.as_secs_f64() / b.as_secs_f64()
        );
    }
    say!(
        "| max latency | {} | {} | {} | |",
        ms(run.percentile(1.0)),
        ms(checks_run.percentile(1.0)),
        ms(bare_run.percentile(1.0))
    );
    say!(
        "| wall time | {:.2} s | {:.2} s | {:.2} s | |",
        run.elapsed.as_secs_f64(),
        checks_run.elapsed.as_secs_f64(),
        bare_run.elapsed.as_secs_f64()
    );
    say!("");
    say!(
        "{total} requests from {clients} clients: {} answered 200 with a sessionId, {} errors. Pushes: {} expected \
         (4 status + 1 fee per call), {received} received by the receiver, {lost} lost, {rejected} failed \
         verify_push or parse_push; every call got its 4 status events and its fee batch: {complete}. \
         Sandbox counters: {} pushes answered 200, {} failed. All pushes were in {:.2} s after the first \
         request ({:.0} verified pushes / s).",
        run.sessions.len(),
        run.errors,
        expected,
        stats.pushes_sent - warm.pushes_sent,
        stats.pushes_failed - warm.pushes_failed,
        all_pushes_elapsed.as_secs_f64(),
        received as f64 / all_pushes_elapsed.as_secs_f64(),
    );
    say!("");
    say!(
        "Reading: the sandbox's checks alone (headers, constant-time digest, freshness, nonce cache, \
         table-4 validation) run at {:.2} of the bare endpoint's throughput; with pushes each call is six \
         HTTP exchanges (the request and five signed pushes, each verified and parsed by the receiver in \
         the same process), which is what the first column measures.",
        checks_run.throughput() / bare_run.throughput()
    );
    say!("");
    say!(
        "Result: {}",
        if ok {
            "PASS (no error, no lost push)"
        } else {
            "FAIL"
        }
    );
    ok
}

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let total: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let ok = rt.block_on(async {
        tokio::time::timeout(DEADLINE, bench(total, clients))
            .await
            .unwrap_or_else(|_| {
                say!(
                    "Result: FAIL (the benchmark did not finish within {} s)",
                    DEADLINE.as_secs()
                );
                false
            })
    });
    if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
