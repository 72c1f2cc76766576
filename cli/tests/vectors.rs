//! Every shared vector file, driven through the `callverify` binary.
//!
//! Each test reads its file at run time, so new cases are picked up automatically; a vector file
//! this suite does not know makes `every_vector_file_is_exercised` fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use callverify_core::{ErrorCode, ErrorKind};
use common::{Run, TempFile, case_body, flag, load_vectors, request_flags, run, run_with};
use serde_json::Value;

/// Files and the test that drives each.
const FILES: &[(&str, &str)] = &[
    ("signing.json", "signing_vectors"),
    ("build.json", "build_vectors"),
    ("validation.json", "validation_vectors"),
    ("config.json", "config_vectors"),
    (
        "responses.json",
        "response_vectors (parse-response) and response_vectors_over_http (send)",
    ),
    ("result_code_lookups.json", "result_code_lookup_vectors"),
    ("push_auth.json", "push_auth_vectors"),
    ("pushes.json", "push_vectors"),
    ("sandbox.json", "tests/sandbox.rs: sandbox_vectors"),
    // HMAC-SHA256 of raw key and data bytes: no command takes those (the digest inputs are a nonce
    // and a Created stamp), so the core's own suite runs these; signing.json covers the CLI's HMAC.
    ("rfc4231.json", "core only"),
    // The core's auth-header parser on its own (no command takes a header value alone): the core's
    // suite runs these; push_auth.json and sandbox.json cover the CLI's and the sandbox's use of it.
    ("auth_headers.json", "core only"),
];

#[test]
fn every_vector_file_is_exercised() {
    let known: BTreeSet<&str> = FILES.iter().map(|(f, _)| *f).collect();
    let mut unknown = Vec::new();
    for entry in std::fs::read_dir(common::vectors_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !known.contains(name.as_str()) {
            unknown.push(name);
        }
    }
    assert!(
        unknown.is_empty(),
        "vector files no CLI test reads: {unknown:?}"
    );
}

/// Collects failures so one run reports every failing case.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn check(&mut self, ok: bool, case: &Value, what: &str, run: &Run) {
        if !ok {
            self.0
                .push(format!("{}: {what}\n{}", case["name"], run.both()));
        }
    }

    fn finish(self, file: &str, total: usize) {
        assert!(total > 0, "{file} has no cases");
        assert!(
            self.0.is_empty(),
            "{} of {total} cases of {file} failed:\n{}",
            self.0.len(),
            self.0.join("\n---\n")
        );
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn expected_exit(code: &str) -> i32 {
    match ErrorCode::from_str_code(code).map(ErrorCode::kind) {
        Some(ErrorKind::PushAuth) => 3,
        Some(ErrorKind::Api) => 1,
        _ => 2,
    }
}

#[test]
fn signing_vectors() {
    let cases = load_vectors("signing.json");
    let mut failures = Failures::default();
    for case in &cases {
        let offset = case["created_offset_seconds"]
            .as_i64()
            .unwrap_or(0)
            .to_string();
        let args = vec![
            "sign".to_owned(),
            flag("app-key", str_of(case, "app_key")),
            flag("nonce", str_of(case, "nonce")),
            flag("now", &case["unix_time"].to_string()),
            flag("created-offset", &offset),
        ];
        let mut json_args = args.clone();
        json_args.push("--format=json".to_owned());
        let r = run(&json_args, str_of(case, "app_secret"));
        let expect = &case["expect"];
        let ok = r.code == 0 && {
            let out = r.json();
            ["created", "password_digest", "authorization", "x_aksk"]
                .iter()
                .all(|k| out[*k] == expect[*k])
        };
        failures.check(ok, case, "sign --format json", &r);
        let r = run(&args, str_of(case, "app_secret"));
        let text = format!(
            "Authorization: {}\nX-AKSK: {}\n",
            str_of(expect, "authorization"),
            str_of(expect, "x_aksk")
        );
        failures.check(r.code == 0 && r.stdout == text, case, "sign (text)", &r);
        // --created with the expected stamp gives the same headers.
        let r = run(
            [
                "sign".to_owned(),
                flag("app-key", str_of(case, "app_key")),
                flag("nonce", str_of(case, "nonce")),
                flag("created", str_of(expect, "created")),
            ],
            str_of(case, "app_secret"),
        );
        failures.check(r.code == 0 && r.stdout == text, case, "sign --created", &r);
    }
    failures.finish("signing.json", cases.len());
}

/// The byte offsets of the header names in `build --format json` output, in the expected order.
fn headers_in_order(stdout: &str, expected: &[Value]) -> bool {
    let Some(start) = stdout.find("\"headers\"") else {
        return false;
    };
    let mut last = start;
    for pair in expected {
        let name = format!("\"{}\"", pair[0].as_str().unwrap());
        match stdout.get(last..).and_then(|s| s.find(&name)) {
            Some(pos) => last += pos + name.len(),
            None => return false,
        }
    }
    true
}

#[test]
fn build_vectors() {
    let cases = load_vectors("build.json");
    let mut failures = Failures::default();
    for case in &cases {
        let offset = case["created_offset_seconds"]
            .as_i64()
            .unwrap_or(0)
            .to_string();
        let base = vec![
            "build".to_owned(),
            "--format=json".to_owned(),
            flag("base-url", str_of(case, "base_url")),
            flag("app-key", str_of(case, "app_key")),
            flag("nonce", str_of(case, "nonce")),
            flag("now", &case["unix_time"].to_string()),
            flag("created-offset", &offset),
        ];
        let expect = &case["expect"];
        let matches = |r: &Run| {
            if r.code != 0 {
                return false;
            }
            let out = r.json();
            let headers = expect["headers"].as_array().unwrap();
            out["method"] == expect["method"]
                && out["url"] == expect["url"]
                && out["body"] == expect["body"]
                && out["headers"].as_object().unwrap().len() == headers.len()
                && headers
                    .iter()
                    .all(|p| out["headers"][p[0].as_str().unwrap()] == p[1])
                && headers_in_order(&r.stdout, headers)
        };
        let mut args = base.clone();
        args.extend(request_flags(&case["request"]).unwrap());
        let r = run(&args, str_of(case, "app_secret"));
        failures.check(matches(&r), case, "build with flags", &r);

        let file = TempFile::new(
            &format!("build-{}.json", str_of(case, "name")),
            case["request"].to_string().as_bytes(),
        );
        let mut args = base.clone();
        args.push(flag("request", &file.path()));
        let r = run(&args, str_of(case, "app_secret"));
        failures.check(matches(&r), case, "build --request FILE", &r);
    }
    failures.finish("build.json", cases.len());
}

#[test]
fn validation_vectors() {
    let cases = load_vectors("validation.json");
    let mut failures = Failures::default();
    let base = vec![
        "build".to_owned(),
        "--base-url=https://rtccall.cn-north-1.myhuaweicloud.cn:443".to_owned(),
        "--app-key=validationKey".to_owned(),
        "--nonce=abc".to_owned(),
        "--now=1700000000".to_owned(),
    ];
    for case in &cases {
        let expected: BTreeSet<(String, String)> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| (str_of(v, "field").to_owned(), str_of(v, "code").to_owned()))
            .collect();
        let judge = |r: &Run| -> bool {
            if expected.is_empty() {
                return r.code == 0 && r.stderr.is_empty();
            }
            let got: BTreeSet<(String, String)> = r
                .stderr
                .lines()
                .filter_map(|l| Some((l.split_once(": ")?.0.to_owned(), common::line_code(l)?)))
                .collect();
            // Every line is one violation: field first, code last.
            r.code == 2 && got == expected && r.stderr.lines().count() == expected_count(case)
        };
        if let Some(flags) = request_flags(&case["request"]) {
            let mut args = base.clone();
            args.extend(flags);
            let r = run(&args, "validation-secret");
            failures.check(judge(&r), case, "build with flags", &r);
        }
        let file = TempFile::new(
            &format!("validation-{}.json", str_of(case, "name")),
            case["request"].to_string().as_bytes(),
        );
        let mut args = base.clone();
        args.push(flag("request", &file.path()));
        let r = run(&args, "validation-secret");
        failures.check(judge(&r), case, "build --request FILE", &r);
    }
    failures.finish("validation.json", cases.len());
}

fn expected_count(case: &Value) -> usize {
    case["expect"].as_array().unwrap().len()
}

#[test]
fn config_vectors() {
    let cases = load_vectors("config.json");
    let mut failures = Failures::default();
    let request = [
        "--display=+8675528000088",
        "--callee=+8618900000007",
        "--code=123456",
        "--pre-tone=welcome.wav",
    ];
    for case in &cases {
        let input = case["input"].as_object().unwrap();
        let mut secret = "config-secret".to_owned();
        let args: Vec<String> = if let Some(key) = input.get("app_key") {
            secret = input["app_secret"].as_str().unwrap().to_owned();
            vec![
                "sign".into(),
                flag("app-key", key.as_str().unwrap()),
                "--nonce=abc".into(),
                "--now=0".into(),
            ]
        } else if let Some(n) = input.get("nonce") {
            vec![
                "sign".into(),
                "--app-key=k".into(),
                flag("nonce", n.as_str().unwrap()),
                "--now=0".into(),
            ]
        } else if let Some(u) = input.get("base_url") {
            let mut a = vec![
                "build".into(),
                flag("base-url", u.as_str().unwrap()),
                "--app-key=k".into(),
            ];
            a.extend(request.iter().map(|s| (*s).to_owned()));
            a
        } else if let Some(o) = input.get("created_offset_seconds") {
            vec![
                "sign".into(),
                "--app-key=k".into(),
                "--now=1700000000".into(),
                flag("created-offset", &o.to_string()),
            ]
        } else if let Some(t) = input.get("unix_time") {
            vec![
                "sign".into(),
                "--app-key=k".into(),
                flag("now", &t.to_string()),
            ]
        } else if let Some(d) = input.get("verify_code_digits") {
            vec!["code".into(), flag("digits", &d.to_string())]
        } else if let Some(w) = input.get("window_seconds") {
            // Checked before any header: with no headers and unsigned pushes allowed, a valid
            // window gives "unsigned".
            vec![
                "verify-push".into(),
                "--url=https://example.com/status".into(),
                "--app-key=k".into(),
                "--now=1700000000".into(),
                "--allow-unsigned".into(),
                flag("window", &w.to_string()),
            ]
        } else {
            panic!(
                "config case {} has an input this test does not know",
                case["name"]
            );
        };
        let r = run(&args, &secret);
        let ok = match case["expect"].get("error") {
            None => r.code == 0,
            Some(code) => {
                let code = code.as_str().unwrap();
                r.code == expected_exit(code) && r.error_codes() == vec![code.to_owned()]
            }
        };
        failures.check(ok, case, &format!("{args:?}"), &r);
    }
    failures.finish("config.json", cases.len());
}

fn judge_outcome(expect: &Value, r: &Run) -> bool {
    let out = r.json();
    let outcome = str_of(expect, "outcome");
    if out["outcome"] != outcome {
        return false;
    }
    let keys: &[&str] = match outcome {
        "success" => &["session_id", "idle_port"],
        "api_error" => &["result_code", "result_desc", "category", "retry"],
        _ => &["code", "field"],
    };
    let exit = if outcome == "success" { 0 } else { 1 };
    r.code == exit
        && keys.iter().all(|k| {
            expect
                .get(*k)
                .is_none_or(|v| out.get(*k).unwrap_or(&Value::Null) == v)
        })
}

#[test]
fn response_vectors() {
    let cases = load_vectors("responses.json");
    let mut failures = Failures::default();
    for case in &cases {
        let body = case_body(case);
        let args = [
            "parse-response".to_owned(),
            flag("status", &case["status"].to_string()),
            "--format=json".to_owned(),
        ];
        let r = run_with(&args, None, Some(&body));
        failures.check(
            judge_outcome(&case["expect"], &r),
            case,
            "parse-response",
            &r,
        );
    }
    failures.finish("responses.json", cases.len());
}

/// A server that answers every request with the status and body set before the request.
struct CannedServer {
    port: u16,
    next: Arc<Mutex<(u16, Vec<u8>)>>,
}

impl CannedServer {
    fn start() -> CannedServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let next = Arc::new(Mutex::new((200u16, Vec::new())));
        let shared = next.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head, then Content-Length bytes of body.
                let body_start = loop {
                    let n = stream.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        break None;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break Some(p + 4);
                    }
                };
                let Some(body_start) = body_start else {
                    continue;
                };
                let head = String::from_utf8_lossy(&buf[..body_start]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                while buf.len() < body_start + length {
                    let n = stream.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let (status, body) = shared.lock().unwrap().clone();
                let mut answer = format!(
                    "HTTP/1.1 {status} Canned\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                answer.extend_from_slice(&body);
                let _ = stream.write_all(&answer);
            }
        });
        CannedServer { port, next }
    }
}

#[test]
fn response_vectors_over_http() {
    let cases = load_vectors("responses.json");
    let server = CannedServer::start();
    let mut failures = Failures::default();
    let mut sent = 0;
    for case in &cases {
        let status = u16::try_from(case["status"].as_u64().unwrap()).unwrap();
        // A 1xx status is never a final answer in HTTP (the client waits for the real one), so
        // those cases run through parse-response only.
        if status < 200 {
            continue;
        }
        *server.next.lock().unwrap() = (status, case_body(case));
        let args = [
            "send".to_owned(),
            "--format=json".to_owned(),
            format!("--base-url=http://127.0.0.1:{}", server.port),
            "--app-key=k".to_owned(),
            "--display=+8675528000088".to_owned(),
            "--callee=+8618900000007".to_owned(),
            "--code=123456".to_owned(),
            "--pre-tone=welcome.wav".to_owned(),
        ];
        let r = run(&args, "response-secret");
        failures.check(judge_outcome(&case["expect"], &r), case, "send", &r);
        sent += 1;
    }
    assert!(sent > 0);
    failures.finish("responses.json (over HTTP)", cases.len());
}

#[test]
fn result_code_lookup_vectors() {
    let cases = load_vectors("result_code_lookups.json");
    let mut failures = Failures::default();
    for case in &cases {
        let mut args = vec!["explain".to_owned(), "--format=json".to_owned()];
        if let Some(s) = case.get("http_status").and_then(Value::as_u64) {
            args.push(flag("status", &s.to_string()));
        }
        args.push("--".to_owned());
        args.push(str_of(case, "code").to_owned());
        let r = run_with(&args, None, None);
        let expect = &case["expect"];
        let ok = if let Some(code) = expect.get("error") {
            r.code == 2 && r.error_codes() == vec![code.as_str().unwrap().to_owned()]
        } else if expect["found"] == Value::Bool(false) {
            r.code == 1 && r.stdout.is_empty()
        } else {
            let out = r.json();
            r.code == 0
                && out["code"] == case["code"]
                && out["http_status"] == expect["http_status"]
                && out["category"] == expect["category"]
                && out["retry"] == expect["retry"]
        };
        failures.check(ok, case, "explain", &r);
    }
    failures.finish("result_code_lookups.json", cases.len());
}

#[test]
fn push_auth_vectors() {
    let cases = load_vectors("push_auth.json");
    let mut failures = Failures::default();
    for case in &cases {
        let mut common = vec![
            "verify-push".to_owned(),
            "--format=json".to_owned(),
            flag("url", str_of(case, "url")),
            flag("app-key", str_of(case, "app_key")),
            flag("now", &case["now"].to_string()),
        ];
        let options = &case["options"];
        if let Some(w) = options.get("window_seconds").and_then(Value::as_i64) {
            common.push(flag("window", &w.to_string()));
        }
        if options.get("allow_unsigned").and_then(Value::as_bool) == Some(true) {
            common.push("--allow-unsigned".to_owned());
        }
        if let Some(f) = options.get("digest_form").and_then(Value::as_str) {
            common.push(flag("digest-form", f));
        }
        if let Some(o) = options
            .get("created_offset_seconds")
            .and_then(Value::as_i64)
        {
            common.push(flag("created-offset", &o.to_string()));
        }
        // Through --headers-json, which carries any value, and through --header flags when argv can.
        let headers = case["headers"].as_array().unwrap();
        let file = TempFile::new(
            &format!("push-auth-{}.json", str_of(case, "name")),
            case["headers"].to_string().as_bytes(),
        );
        let mut with_file = common.clone();
        with_file.push(flag("headers-json", &file.path()));
        let mut runs = vec![(with_file, "--headers-json")];
        let argv_safe = headers.iter().all(|p| {
            !p[0].as_str().unwrap().contains('\0') && !p[1].as_str().unwrap().contains('\0')
        });
        if argv_safe {
            let mut args = common.clone();
            for pair in headers {
                args.push(format!(
                    "--header={}: {}",
                    pair[0].as_str().unwrap(),
                    pair[1].as_str().unwrap()
                ));
            }
            runs.push((args, "--header"));
        }
        for (args, how) in runs {
            let r = run(&args, str_of(case, "app_secret"));
            let expect = &case["expect"];
            let texts = |key: &str| -> Vec<&str> {
                expect
                    .get(key)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default()
            };
            let ok = if let Some(code) = expect.get("error") {
                let code = code.as_str().unwrap();
                r.code == expected_exit(code)
                    && r.error_codes() == vec![code.to_owned()]
                    && r.stdout.is_empty()
                    && texts("message_contains")
                        .iter()
                        .all(|t| r.stderr.contains(t))
                    && !texts("message_excludes")
                        .iter()
                        .any(|t| r.stderr.contains(t))
            } else if expect["verified"] == Value::Bool(true) {
                let out = r.json();
                r.code == 0
                    && out["status"] == "verified"
                    && out["digest_form"] == expect["digest_form"]
                    && out["created_offset_seconds"] == expect["created_offset_seconds"]
                    && out["replay_key"] == expect["replay_key"]
                    && out["remember_for_seconds"] == expect["remember_for_seconds"]
            } else {
                r.code == 0 && r.json()["status"] == "unsigned"
            };
            failures.check(ok, case, &format!("verify-push {how}"), &r);
        }
    }
    failures.finish("push_auth.json", cases.len());
}

#[test]
fn push_vectors() {
    let cases = load_vectors("pushes.json");
    let mut failures = Failures::default();
    for case in &cases {
        let body = case_body(case);
        let r = run_with(["parse-push", "-"], None, Some(&body));
        let expect = &case["expect"];
        let ok = if let Some(code) = expect.get("error") {
            let code = code.as_str().unwrap();
            let field = expect
                .get("field")
                .and_then(Value::as_str)
                .unwrap_or("body");
            r.code == 2
                && r.stdout.is_empty()
                && r.error_codes() == vec![code.to_owned()]
                && r.stderr.starts_with(&format!("{field}: "))
        } else {
            let out = r.json();
            r.code == 0
                && expect
                    .as_object()
                    .unwrap()
                    .iter()
                    .all(|(k, v)| out.get(k).unwrap_or(&Value::Null) == v)
        };
        failures.check(ok, case, "parse-push", &r);
    }
    failures.finish("pushes.json", cases.len());
}
