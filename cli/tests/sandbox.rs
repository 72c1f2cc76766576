//! The sandbox, in-process: the answers pinned by `tests/vectors/sandbox.json`, pushes received
//! and verified, scenarios, the IP block, and what it logs. The client side is the CLI's library:
//! its request sender and its push receiver.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use callverify_cli::receiver::{PushReceiver, ReceivedPush};
use callverify_cli::send::{Outcome, send};
use callverify_core::client::CALL_VERIFY_PATH;
use callverify_core::push::StatusEventType;
use callverify_core::sign::Created;
use callverify_core::{
    CallVerifyRequest, Client, Credentials, DigestForm, Error, Nonce, Push, VerifyOptions,
    password_digest, unix_now,
};
use callverify_sandbox::http::loopback_client;
use callverify_sandbox::{Log, Sandbox, SandboxConfig};
use common::{CANARY, load_vectors};
use serde_json::Value;

type Lines = Arc<Mutex<Vec<String>>>;

fn config(credentials: Credentials, lines: &Lines) -> SandboxConfig {
    let mut config = SandboxConfig::new(credentials);
    config.push_delay = Duration::ZERO;
    let sink = lines.clone();
    config.log = Log::Callback(Arc::new(move |line: &str| {
        sink.lock().unwrap().push(line.to_owned())
    }));
    config
}

fn stamp(unix: i64) -> String {
    Created::from_unix(unix, 0).unwrap().as_str().to_owned()
}

/// The X-AKSK value a sandbox.json case describes, signed now.
fn render_x_aksk(case: &Value, spec: &Value) -> String {
    let app_key = case["app_key"].as_str().unwrap();
    let now = unix_now().unwrap();
    let nonce = match spec.get("nonce").and_then(Value::as_str) {
        Some(n) => n.to_owned(),
        None => Nonce::generate().unwrap().as_str().to_owned(),
    };
    let created = match spec.get("created").and_then(Value::as_str) {
        Some(literal) => {
            let now_stamp = stamp(now);
            let without_z = now_stamp.trim_end_matches('Z').to_owned();
            literal
                .replace("{now_stamp_without_z}", &without_z)
                .replace("{now_stamp_with_millis}", &format!("{without_z}.123Z"))
        }
        None => stamp(
            now + spec
                .get("created_offset_seconds")
                .and_then(Value::as_i64)
                .unwrap_or(0),
        ),
    };
    let digest_created = match spec
        .get("digest_created_offset_seconds")
        .and_then(Value::as_i64)
    {
        Some(offset) => stamp(now + offset),
        None => created.clone(),
    };
    let secret = spec
        .get("sign_secret")
        .and_then(Value::as_str)
        .unwrap_or_else(|| case["app_secret"].as_str().unwrap());
    let credentials = Credentials::new(app_key, secret).unwrap();
    let digest = password_digest(&credentials, &nonce, &digest_created);
    let digest = match spec.get("digest_encoding").and_then(Value::as_str) {
        None | Some("base64") => digest,
        Some("hex") => STANDARD
            .decode(&digest)
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        Some("base64_unpadded") => digest.trim_end_matches('=').to_owned(),
        Some(other) => panic!("unknown digest_encoding {other}"),
    };
    let default_attrs = serde_json::json!([
        ["Username", "{app_key}"],
        ["PasswordDigest", "{digest}"],
        ["Nonce", "{nonce}"],
        ["Created", "{created}"]
    ]);
    let attrs = spec.get("attributes").unwrap_or(&default_attrs);
    let quote = spec.get("quote").and_then(Value::as_bool).unwrap_or(true);
    let separator = spec.get("separator").and_then(Value::as_str).unwrap_or(",");
    let rendered: Vec<String> = attrs
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let name = pair[0].as_str().unwrap();
            let value = pair[1]
                .as_str()
                .unwrap()
                .replace("{app_key}", app_key)
                .replace("{digest}", &digest)
                .replace("{nonce}", &nonce)
                .replace("{created}", &created);
            if quote {
                format!("{name}=\"{value}\"")
            } else {
                format!("{name}={value}")
            }
        })
        .collect();
    let joined = rendered.join(separator);
    let scheme = spec
        .get("scheme")
        .and_then(Value::as_str)
        .unwrap_or("UsernameToken");
    if scheme.is_empty() {
        joined
    } else {
        format!("{scheme} {joined}")
    }
}

/// A header of a case: absent key → the default, null → left out, string → that value.
fn header_value(case: &Value, key: &str, default: &str) -> Option<String> {
    match case.get(key) {
        None => Some(default.to_owned()),
        Some(Value::Null) => None,
        Some(v) => Some(v.as_str().unwrap().to_owned()),
    }
}

async fn send_case(
    client: &reqwest::Client,
    base_url: &str,
    case: &Value,
) -> (u16, Value, Option<String>) {
    let method = case.get("method").and_then(Value::as_str).unwrap_or("POST");
    let path = case
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or(CALL_VERIFY_PATH);
    let body = match case.get("raw_body").and_then(Value::as_str) {
        Some(raw) => raw.to_owned(),
        None => case["body"].to_string(),
    };
    let x_aksk = match case.get("x_aksk") {
        None => Some(render_x_aksk(case, &Value::Object(serde_json::Map::new()))),
        Some(Value::Null) => None,
        Some(spec) => Some(render_x_aksk(case, spec)),
    };
    let mut request = client
        .request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{base_url}{path}"),
        )
        .body(body);
    if let Some(v) = header_value(case, "content_type", "application/json;charset=UTF-8") {
        request = request.header("Content-Type", v);
    }
    if let Some(v) = header_value(case, "authorization", callverify_core::sign::AUTHORIZATION) {
        request = request.header("Authorization", v);
    }
    if let Some(v) = x_aksk {
        request = request.header("X-AKSK", v);
    }
    let repeats = if case.get("send_twice").and_then(Value::as_bool) == Some(true) {
        2
    } else {
        1
    };
    let mut last = None;
    for _ in 0..repeats {
        let r = request.try_clone().unwrap().send().await.unwrap();
        let status = r.status().as_u16();
        let reason = r
            .headers()
            .get("X-Sandbox-Reason")
            .map(|v| v.to_str().unwrap().to_owned());
        let content_type = r
            .headers()
            .get("Content-Type")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(
            content_type.as_deref(),
            Some("application/json;charset=UTF-8")
        );
        let body: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        last = Some((status, body, reason));
    }
    last.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_vectors() {
    let cases = load_vectors("sandbox.json");
    let lines: Lines = Arc::default();
    let mut sandboxes: BTreeMap<(String, String), Sandbox> = BTreeMap::new();
    let client = loopback_client().unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let key = (
            case["app_key"].as_str().unwrap().to_owned(),
            case["app_secret"].as_str().unwrap().to_owned(),
        );
        if !sandboxes.contains_key(&key) {
            let mut cfg = config(
                Credentials::new(key.0.clone(), key.1.clone()).unwrap(),
                &lines,
            );
            // Every case is judged on its own: no IP blocks here (tested below).
            cfg.auth_failure_limit = 0;
            sandboxes.insert(
                key.clone(),
                Sandbox::start(cfg, "127.0.0.1:0").await.unwrap(),
            );
        }
        let sandbox = &sandboxes[&key];
        let (status, body, reason) = send_case(&client, &sandbox.base_url(), case).await;
        let expect = &case["expect"];
        let want_status = expect["status"].as_u64().unwrap();
        let want_code = expect["resultcode"].as_str().unwrap();
        let mut ok = u64::from(status) == want_status && body["resultcode"] == want_code;
        if let Some(needle) = expect.get("reason_contains").and_then(Value::as_str) {
            ok &= reason.as_deref().is_some_and(|r| r.contains(needle));
        }
        if want_code == "0" {
            ok &= body["sessionId"].as_str().is_some_and(|s| !s.is_empty()) && reason.is_none();
        } else {
            ok &= body["sessionId"] == ""
                && reason.is_some()
                && body["resultdesc"].as_str().is_some_and(|d| !d.is_empty());
        }
        if !ok {
            failures.push(format!(
                "{}: expected {want_status} {want_code}, got {status} {body} (reason {reason:?})",
                case["name"]
            ));
        }
    }
    for (_, s) in sandboxes {
        s.shutdown().await;
    }
    assert!(
        failures.is_empty(),
        "{} of {} sandbox cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // One log line per request.
    let logged = lines.lock().unwrap().len();
    let requests = cases.len()
        + cases
            .iter()
            .filter(|c| c.get("send_twice").is_some())
            .count();
    assert!(
        logged >= requests,
        "{logged} log lines for {requests} requests"
    );
}

struct Flow {
    sandbox: Sandbox,
    receiver: PushReceiver,
    client: Client,
    http: reqwest::Client,
    lines: Lines,
}

async fn flow(secret: &str, tweak: impl FnOnce(&mut SandboxConfig)) -> Flow {
    let credentials = Credentials::new("flowKey", secret).unwrap();
    let lines: Lines = Arc::default();
    let mut cfg = config(credentials.clone(), &lines);
    tweak(&mut cfg);
    let sandbox = Sandbox::start(cfg, "127.0.0.1:0").await.unwrap();
    let receiver = PushReceiver::start(credentials.clone(), VerifyOptions::default())
        .await
        .unwrap();
    let client = Client::new(&sandbox.base_url(), credentials).unwrap();
    Flow {
        sandbox,
        receiver,
        client,
        http: loopback_client().unwrap(),
        lines,
    }
}

impl Flow {
    fn request(&self, callee: &str) -> CallVerifyRequest {
        let mut r = CallVerifyRequest::new("+8675528000088", callee, "482913", "welcome.wav");
        r.status_url = Some(self.receiver.status_url().to_owned());
        r.fee_url = Some(self.receiver.fee_url().to_owned());
        r.user_data = Some("order-4711".to_owned());
        r
    }

    async fn call(&self, request: &CallVerifyRequest) -> Outcome {
        let http = self.client.call_verify_now(request).unwrap();
        let answer = send(&self.http, &http).await.unwrap();
        Outcome::from_answer(answer.status, &answer.body)
    }

    /// Pushes until the fee batch (inclusive).
    async fn pushes(&mut self) -> Vec<ReceivedPush> {
        let mut out = Vec::new();
        loop {
            let push = self
                .receiver
                .next(Duration::from_secs(10))
                .await
                .expect("a push within 10 s");
            let fee = matches!(push.push, Some(Ok(Push::Fee(_))));
            out.push(push);
            if fee {
                return out;
            }
        }
    }
}

fn session_of(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Success { response, .. } => response.session_id.clone(),
        Outcome::Failure(e) => panic!("expected success, got {e}"),
    }
}

fn status_events(pushes: &[ReceivedPush]) -> Vec<(StatusEventType, Option<i64>)> {
    pushes
        .iter()
        .filter_map(|p| match &p.push {
            Some(Ok(Push::Status(e))) => Some((e.event_type, e.state_code)),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answered_call_pushes_are_signed_and_verify() {
    let mut f = flow("flow-secret", |_| {}).await;
    let outcome = f.call(&f.request("+8618900000007")).await;
    let session = session_of(&outcome);
    let pushes = f.pushes().await;
    use StatusEventType::*;
    assert_eq!(
        status_events(&pushes),
        vec![
            (Callout, None),
            (Alerting, None),
            (Answer, None),
            (Disconnect, Some(0))
        ]
    );
    for p in &pushes {
        assert!(p.accepted(), "{p:?}");
        assert_eq!(
            p.verification.as_ref().unwrap().digest_form(),
            Some(DigestForm::Newline)
        );
        assert_eq!(p.session_id().as_deref(), Some(session.as_str()));
    }
    let Some(Ok(Push::Status(disconnect))) = &pushes[3].push else {
        panic!()
    };
    assert_eq!(disconnect.user_data.as_deref(), Some("order-4711"));
    assert_eq!(disconnect.caller.as_deref(), Some("+8675528000088"));
    assert_eq!(disconnect.called.as_deref(), Some("+8618900000007"));
    assert_eq!(
        disconnect.state_desc.as_deref(),
        Some("The user releases the call.")
    );
    assert_eq!(
        disconnect.hangup_cause().unwrap().category.as_str(),
        "answered"
    );
    let Some(Ok(Push::Fee(fee))) = &pushes[4].push else {
        panic!()
    };
    let record = &fee.records[0];
    assert_eq!(record.session_id, session);
    assert_eq!(record.app_key.as_deref(), Some("flowKey"));
    assert_eq!(record.callee_num.as_deref(), Some("+8618900000007"));
    assert!(record.call_out_answer_time.is_some());
    assert_eq!(record.tts_play_times, Some(3));
    assert_eq!(pushes[4].url, f.receiver.fee_url());
    assert!(f.sandbox.wait_idle(Duration::from_secs(5)).await);
    let stats = f.sandbox.stats();
    assert_eq!(
        (stats.accepted, stats.pushes_sent, stats.pushes_failed),
        (1, 5, 0)
    );
    // One line per request and per push.
    assert_eq!(
        f.lines.lock().unwrap().len(),
        6,
        "{:?}",
        f.lines.lock().unwrap()
    );
    f.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concatenated_push_form_when_configured() {
    let mut f = flow("flow-secret", |c| {
        c.push_digest_form = DigestForm::Concatenated
    })
    .await;
    let outcome = f.call(&f.request("+8618900000007")).await;
    session_of(&outcome);
    for p in f.pushes().await {
        assert_eq!(
            p.verification.unwrap().digest_form(),
            Some(DigestForm::Concatenated)
        );
    }
    f.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hangup_scenarios() {
    use StatusEventType::*;
    let mut f = flow("flow-secret", |_| {}).await;
    for (callee, events, category) in [
        (
            "+8613800008101",
            vec![(Callout, None), (Alerting, None), (Disconnect, Some(8101))],
            "no_answer",
        ),
        (
            "+8613800008102",
            vec![(Callout, None), (Disconnect, Some(8102))],
            "busy",
        ),
        (
            "+8613800008104",
            vec![(Callout, None), (Disconnect, Some(8104))],
            "unreachable",
        ),
        (
            "+8613800008000",
            vec![(Callout, None), (Disconnect, Some(8000))],
            "platform_error",
        ),
    ] {
        let outcome = f.call(&f.request(callee)).await;
        let session = session_of(&outcome);
        let pushes = f.pushes().await;
        assert_eq!(status_events(&pushes), events, "{callee}");
        assert!(pushes.iter().all(ReceivedPush::accepted));
        assert!(
            pushes
                .iter()
                .all(|p| p.session_id().as_deref() == Some(session.as_str()))
        );
        let disconnect = pushes
            .iter()
            .find_map(|p| match &p.push {
                Some(Ok(Push::Status(e))) if e.state_code.is_some() => Some(e.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            disconnect.hangup_cause().unwrap().category.as_str(),
            category,
            "{callee}"
        );
        let Some(Ok(Push::Fee(fee))) = &pushes.last().unwrap().push else {
            panic!()
        };
        assert!(fee.records[0].call_out_answer_time.is_none());
        assert_eq!(fee.records[0].ul_fail_reason, disconnect.state_code);
        assert_eq!(fee.records[0].tts_play_times, Some(0));
    }
    f.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_scenarios_make_no_call() {
    let mut f = flow("flow-secret", |_| {}).await;
    for (callee, status, code) in [
        ("+8613801013004", 403, "1013004"),
        ("+8613801013117", 403, "1013117"),
        ("+8613801020154", 500, "1020154"),
    ] {
        match f.call(&f.request(callee)).await {
            Outcome::Failure(Error::Api(api)) => {
                assert_eq!((api.http_status, api.result_code.as_str()), (status, code));
                assert!(api.entry.is_some());
            }
            other => panic!("{callee}: {other:?}"),
        }
    }
    assert!(f.receiver.next(Duration::from_millis(300)).await.is_none());
    assert_eq!(f.sandbox.stats().accepted, 0);
    f.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_auth_failures_block_the_ip() {
    let f = flow("flow-secret", |c| {
        c.auth_failure_limit = 3;
        c.block_duration = Duration::from_millis(1500);
    })
    .await;
    let request = CallVerifyRequest::new("+8675528000088", "+8618900000007", "1234", "welcome.wav");
    let wrong = Client::new(
        &f.sandbox.base_url(),
        Credentials::new("flowKey", "wrong-secret").unwrap(),
    )
    .unwrap();
    // A body error is not an authentication failure.
    let mut bad_body = request.clone();
    bad_body.verify_code = "12".into();
    bad_body.times = Some(3);
    for _ in 0..3 {
        let answer = send(&f.http, &wrong.call_verify_now(&request).unwrap())
            .await
            .unwrap();
        assert_eq!(answer.status, 401);
    }
    let answer = send(&f.http, &f.client.call_verify_now(&request).unwrap())
        .await
        .unwrap();
    let outcome = Outcome::from_answer(answer.status, &answer.body);
    let Outcome::Failure(Error::Api(api)) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        (api.http_status, api.result_code.as_str()),
        (403, "1020176")
    );
    assert!(answer.sandbox_reason.unwrap().contains("blocked"));
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let answer = send(&f.http, &f.client.call_verify_now(&request).unwrap())
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(f.sandbox.stats().auth_failures, 3);
    assert!(
        f.lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("blocked for"))
    );
    f.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_port_counts_calls_in_progress() {
    let f = flow("flow-secret", |c| {
        c.ports = 10;
        c.push_delay = Duration::from_millis(400);
    })
    .await;
    let mut request = f.request("+8618900000007");
    request.return_idle_port = Some(true);
    let first = f.call(&request).await;
    let Outcome::Success { response, .. } = first else {
        panic!()
    };
    assert_eq!(response.idle_port, Some(10));
    let second = f.call(&request).await;
    let Outcome::Success { response, .. } = second else {
        panic!()
    };
    assert_eq!(response.idle_port, Some(9));
    request.return_idle_port = Some(false);
    let Outcome::Success { response, .. } = f.call(&request).await else {
        panic!()
    };
    assert_eq!(response.idle_port, None);
    f.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_only_to_loopback() {
    let f = flow("flow-secret", |_| {}).await;
    let mut request = f.request("+8618900000007");
    request.status_url = Some("https://callback.example.com/voice/status".into());
    request.fee_url = Some("http://10.0.0.1:8080/fee".into());
    session_of(&f.call(&request).await);
    assert!(f.sandbox.wait_idle(Duration::from_secs(5)).await);
    let stats = f.sandbox.stats();
    assert_eq!(
        (stats.pushes_skipped, stats.pushes_sent, stats.pushes_failed),
        (5, 0, 0)
    );
    assert!(
        f.lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("skipped"))
    );
    f.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_logs_the_secret_or_a_digest() {
    let mut f = flow(CANARY, |_| {}).await;
    let request = f.request("+8618900000007");
    let http = f.client.call_verify_now(&request).unwrap();
    let x_aksk = http.header("X-AKSK").unwrap().to_owned();
    let request_digest = x_aksk
        .split("PasswordDigest=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let answer = send(&f.http, &http).await.unwrap();
    assert_eq!(answer.status, 200);
    let pushes = f.pushes().await;
    // And a failure or two.
    let wrong = Client::new(
        &f.sandbox.base_url(),
        Credentials::new("flowKey", "wrong").unwrap(),
    )
    .unwrap();
    send(&f.http, &wrong.call_verify_now(&request).unwrap())
        .await
        .unwrap();
    let mut digests = vec![request_digest];
    for p in &pushes {
        let x = &p
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-aksk"))
            .unwrap()
            .1;
        digests.push(
            x.split("PasswordDigest=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    assert!(f.sandbox.wait_idle(Duration::from_secs(5)).await);
    let lines = f.lines.lock().unwrap().clone();
    assert!(lines.len() >= 7);
    for line in &lines {
        assert!(!line.contains(CANARY), "secret in log: {line}");
        for d in &digests {
            assert!(!line.contains(d.as_str()), "digest in log: {line}");
        }
    }
    let debug = format!(
        "{:?} {:?}",
        f.sandbox,
        SandboxConfig::new(Credentials::new("k", CANARY).unwrap())
    );
    assert!(!debug.contains(CANARY), "{debug}");
    f.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_non_loopback_listen_address() {
    let cfg = SandboxConfig::new(Credentials::new("k", "s").unwrap());
    let err = Sandbox::start(cfg, "0.0.0.0:0").await.unwrap_err();
    assert!(err.to_string().contains("loopback"));
}

/// A vector request (plain URLs, boolean returnIdlePort) as the wire body a client would send.
fn wire_body(request: &Value) -> Value {
    let mut body = request.as_object().unwrap().clone();
    for key in ["statusUrl", "feeUrl"] {
        if let Some(Value::String(url)) = body.get(key) {
            let encoded = STANDARD.encode(url);
            body.insert(key.to_owned(), Value::String(encoded));
        }
    }
    if let Some(Value::Bool(b)) = body.get("returnIdlePort") {
        let text = if *b { "true" } else { "false" };
        body.insert("returnIdlePort".to_owned(), Value::String(text.to_owned()));
    }
    Value::Object(body)
}

/// Every request of validation.json, sent to the sandbox: valid ones are accepted, a broken
/// displayNbr alone is 1010023, anything else 1020001.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_vectors_through_the_sandbox() {
    let cases = load_vectors("validation.json");
    let lines: Lines = Arc::default();
    let credentials = Credentials::new("validationKey", "validation-secret").unwrap();
    let mut cfg = config(credentials, &lines);
    cfg.auth_failure_limit = 0;
    let sandbox = Sandbox::start(cfg, "127.0.0.1:0").await.unwrap();
    let client = loopback_client().unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let violations = case["expect"].as_array().unwrap();
        let (want_status, want_code) = if violations.is_empty() {
            (200, "0")
        } else if violations.iter().all(|v| v["field"] == "displayNbr") {
            (403, "1010023")
        } else {
            (500, "1020001")
        };
        let sandbox_case = serde_json::json!({
            "app_key": "validationKey",
            "app_secret": "validation-secret",
            "body": wire_body(&case["request"]),
        });
        let (status, body, _) = send_case(&client, &sandbox.base_url(), &sandbox_case).await;
        if status != want_status || body["resultcode"] != want_code {
            failures.push(format!(
                "{}: expected {want_status} {want_code}, got {status} {body}",
                case["name"]
            ));
        }
    }
    sandbox.shutdown().await;
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// What a scripted push receiver saw: the path, the X-AKSK header, when.
#[derive(Clone, Debug)]
struct Hit {
    path: String,
    x_aksk: String,
    headers: Vec<(String, String)>,
    at: std::time::Instant,
}

/// A push receiver that answers `/fee` with the given statuses in turn (then 200) and `/status`
/// with `status_answer`, recording every hit.
struct ScriptedReceiver {
    base: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl ScriptedReceiver {
    async fn start(fee_answers: Vec<u16>, status_answer: u16) -> ScriptedReceiver {
        use axum::http::{HeaderMap, Uri};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let script = Arc::new(Mutex::new(std::collections::VecDeque::from(fee_answers)));
        let seen = hits.clone();
        let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
            let seen = seen.clone();
            let script = script.clone();
            async move {
                let path = uri.path().to_owned();
                let pairs: Vec<(String, String)> = headers
                    .iter()
                    .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
                    .collect();
                let x_aksk = headers
                    .get("x-aksk")
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default();
                let status = if path == "/fee" {
                    script.lock().unwrap().pop_front().unwrap_or(200)
                } else {
                    status_answer
                };
                seen.lock().unwrap().push(Hit {
                    path,
                    x_aksk,
                    headers: pairs,
                    at: std::time::Instant::now(),
                });
                axum::http::StatusCode::from_u16(status).unwrap()
            }
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        ScriptedReceiver {
            base,
            hits,
            stop: Some(tx),
        }
    }

    fn hits(&self, path: &str) -> Vec<Hit> {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.path == path)
            .cloned()
            .collect()
    }

    /// Waits until `path` has `n` hits (or 10 s pass).
    async fn wait_for(&self, path: &str, n: usize) -> Vec<Hit> {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let hits = self.hits(path);
            if hits.len() >= n || std::time::Instant::now() > deadline {
                return hits;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for ScriptedReceiver {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

fn nonce_of(x_aksk: &str) -> String {
    x_aksk
        .split("Nonce=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

/// A fee push answered 503 twice, then 200: exactly three deliveries, 1 s apart, each re-signed
/// (fresh nonce) and each verifying; status pushes answered 503 are never retried; the waiting
/// retry holds up neither other requests nor another call's pushes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fee_push_retried_until_answered_with_200() {
    let scripted = ScriptedReceiver::start(vec![503, 503], 503).await;
    let mut f = flow("flow-secret", |c| {
        c.fee_retry_interval = Duration::from_secs(1);
    })
    .await;
    let mut request = f.request("+8618900000007");
    request.status_url = Some(format!("{}/status", scripted.base));
    request.fee_url = Some(format!("{}/fee", scripted.base));
    session_of(&f.call(&request).await);
    let first = scripted.wait_for("/fee", 1).await;
    assert_eq!(first.len(), 1);

    // While the fee push waits for its next attempt, another call goes through at once.
    assert_eq!(f.sandbox.stats().fee_retries_pending, 1);
    let started = std::time::Instant::now();
    let other = f.call(&f.request("+8618900000007")).await;
    session_of(&other);
    let pushes = f.pushes().await;
    assert_eq!(pushes.len(), 5);
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert!(pushes.iter().all(ReceivedPush::accepted));

    let fee = scripted.wait_for("/fee", 3).await;
    assert_eq!(fee.len(), 3);
    assert!(f.sandbox.wait_idle(Duration::from_secs(5)).await);
    // No fourth attempt after the 200.
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let fee = scripted.hits("/fee");
    assert_eq!(fee.len(), 3, "{fee:?}");
    for pair in fee.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(900) && gap < Duration::from_millis(2500),
            "{gap:?}"
        );
    }
    let nonces: std::collections::BTreeSet<String> =
        fee.iter().map(|h| nonce_of(&h.x_aksk)).collect();
    assert_eq!(
        nonces.len(),
        3,
        "each attempt is re-signed with a fresh nonce"
    );
    let credentials = Credentials::new("flowKey", "flow-secret").unwrap();
    let url = format!("{}/fee", scripted.base);
    for hit in &fee {
        let v = callverify_core::verify_push(
            &hit.headers,
            &url,
            &credentials,
            unix_now().unwrap(),
            &VerifyOptions::default(),
        )
        .unwrap();
        assert_eq!(v.created_offset_seconds(), Some(28_800));
    }
    // Status pushes answered 503: sent once each.
    assert_eq!(scripted.hits("/status").len(), 4);
    let stats = f.sandbox.stats();
    assert_eq!(stats.fee_retries, 2);
    assert_eq!(stats.fee_retries_pending, 0);
    let lines = f.lines.lock().unwrap().clone();
    let fee_lines: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("push fee -> ") && l.contains("/fee "))
        .filter(|l| !l.contains(f.receiver.fee_url()))
        .collect();
    assert_eq!(fee_lines.len(), 3, "{lines:#?}");
    assert!(
        fee_lines[0].contains(" 503 ")
            && fee_lines[0].contains("attempt 1 of 7; next attempt in 1 s")
    );
    assert!(
        fee_lines[1].contains(" 503 ")
            && fee_lines[1].contains("attempt 2 of 7; next attempt in 1 s")
    );
    assert!(fee_lines[2].contains(" 200 ") && fee_lines[2].contains("attempt 3 of 7)"));
    assert!(
        lines.iter().any(
            |l| l.starts_with("push disconnect") && l.contains("status pushes are not retried")
        ),
        "{lines:#?}"
    );
    f.sandbox.shutdown().await;
}

/// `fee_retries = 0`: one attempt only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fee_push_without_retries_is_sent_once() {
    let scripted = ScriptedReceiver::start(vec![503, 503, 503], 200).await;
    let f = flow("flow-secret", |c| {
        c.fee_retries = 0;
        c.fee_retry_interval = Duration::from_secs(1);
    })
    .await;
    let mut request = f.request("+8618900000007");
    request.status_url = None;
    request.fee_url = Some(format!("{}/fee", scripted.base));
    session_of(&f.call(&request).await);
    assert!(f.sandbox.wait_idle(Duration::from_secs(5)).await);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(scripted.hits("/fee").len(), 1);
    let stats = f.sandbox.stats();
    assert_eq!((stats.fee_retries, stats.pushes_failed), (0, 1));
    assert!(
        f.lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("attempt 1 of 1; no retries configured"))
    );
    f.sandbox.shutdown().await;
}

/// A refused connection and a connection closed without an answer are failed attempts too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fee_push_retried_after_connection_errors() {
    // A port nothing listens on (bound, then closed).
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    drop(std::net::TcpListener::bind(closed));
    // A server that accepts and hangs up without answering.
    let rude = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let rude_addr = rude.local_addr().unwrap();
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = rude.accept().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(socket);
        }
    });
    let f = flow("flow-secret", |c| {
        c.fee_retries = 2;
        c.fee_retry_interval = Duration::from_millis(200);
    })
    .await;
    for url in [
        format!("http://{closed}/fee"),
        format!("http://{rude_addr}/fee"),
    ] {
        let mut request = f.request("+8618900000007");
        request.status_url = None;
        request.fee_url = Some(url);
        session_of(&f.call(&request).await);
    }
    assert!(f.sandbox.wait_idle(Duration::from_secs(10)).await);
    let stats = f.sandbox.stats();
    assert_eq!(
        (stats.pushes_failed, stats.fee_retries, stats.pushes_sent),
        (6, 4, 0)
    );
    assert!(accepted.load(std::sync::atomic::Ordering::SeqCst) >= 3);
    let lines = f.lines.lock().unwrap().clone();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("attempt 3 of 3; no attempts left"))
            .count(),
        2,
        "{lines:#?}"
    );
    f.sandbox.shutdown().await;
}

/// Shutting down stops a fee push waiting for its next attempt, and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_stops_pending_fee_retries() {
    let scripted = ScriptedReceiver::start(vec![503], 200).await;
    let f = flow("flow-secret", |_| {}).await; // defaults: 6 retries, one hour apart
    let mut request = f.request("+8618900000007");
    request.status_url = None;
    request.fee_url = Some(format!("{}/fee", scripted.base));
    session_of(&f.call(&request).await);
    assert_eq!(scripted.wait_for("/fee", 1).await.len(), 1);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while f.sandbox.stats().fee_retries_pending == 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(f.sandbox.stats().fee_retries_pending, 1);
    assert!(!f.sandbox.wait_idle(Duration::from_millis(100)).await);
    let lines = f.lines.clone();
    let started = std::time::Instant::now();
    f.sandbox.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let lines = lines.lock().unwrap().clone();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("attempt 1 of 7; next attempt in 3600 s")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("retries stopped before the next attempt: the sandbox is shutting down (6 of 7 attempts not made")),
        "{lines:#?}"
    );
}

/// Pushes carry `Created` in Beijing time by default, in UTC when configured; the receiver's
/// default options accept both and say which matched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_created_clock() {
    for (offset, expected) in [(None, 28_800), (Some(0), 0)] {
        let mut f = flow("flow-secret", |c| {
            if let Some(o) = offset {
                c.push_created_offset_seconds = o;
            }
        })
        .await;
        session_of(&f.call(&f.request("+8613800008102")).await);
        let pushes = f.pushes().await;
        assert_eq!(pushes.len(), 3);
        for p in &pushes {
            assert!(p.accepted(), "{p:?}");
            assert_eq!(
                p.verification.as_ref().unwrap().created_offset_seconds(),
                Some(expected)
            );
        }
        // Pinned to the other clock, the receiver refuses them and names the clock.
        let pinned = VerifyOptions {
            created_offset_seconds: Some(i64::from(28_800 - expected)),
            ..VerifyOptions::default()
        };
        let err = callverify_core::verify_push(
            &pushes[0].headers,
            &pushes[0].url,
            &Credentials::new("flowKey", "flow-secret").unwrap(),
            unix_now().unwrap(),
            &pinned,
        )
        .unwrap_err();
        assert!(err.to_string().contains("looks like"), "{err}");
        f.sandbox.shutdown().await;
    }
}

/// Requests stamped in UTC and in Beijing time are both accepted by default, and the log line
/// says which clock matched; a pinned clock refuses the other with a local-time hint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_created_in_either_clock() {
    let f = flow("flow-secret", |_| {}).await;
    let request = f.request("+8618900000007");
    let beijing = Client::new(
        &f.sandbox.base_url(),
        Credentials::new("flowKey", "flow-secret").unwrap(),
    )
    .unwrap()
    .with_created_offset(28_800)
    .unwrap();
    session_of(&f.call(&request).await);
    let answer = send(&f.http, &beijing.call_verify_now(&request).unwrap())
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{:?}", answer.sandbox_reason);
    let lines = f.lines.lock().unwrap().clone();
    let accepted: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("-> 200 0 Success"))
        .collect();
    assert_eq!(accepted.len(), 2);
    assert!(accepted[0].contains(" Created in UTC "), "{}", accepted[0]);
    assert!(
        accepted[1].contains(" Created in UTC+8 "),
        "{}",
        accepted[1]
    );
    f.sandbox.shutdown().await;

    let f = flow("flow-secret", |c| c.created_offset_seconds = Some(0)).await;
    let beijing = Client::new(
        &f.sandbox.base_url(),
        Credentials::new("flowKey", "flow-secret").unwrap(),
    )
    .unwrap()
    .with_created_offset(28_800)
    .unwrap();
    let answer = send(&f.http, &beijing.call_verify_now(&request).unwrap())
        .await
        .unwrap();
    assert_eq!(answer.status, 401);
    let reason = answer.sandbox_reason.unwrap();
    assert!(reason.contains("(read as UTC)"), "{reason}");
    assert!(
        reason.contains("Created looks like local time at UTC+8 with a trailing Z rather than UTC"),
        "{reason}"
    );
    assert!(
        reason.contains("the client's created offset option"),
        "{reason}"
    );
    assert!(reason.contains("without --created-offset"), "{reason}");
    f.sandbox.shutdown().await;
}
