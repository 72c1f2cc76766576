//! The `callverify` binary, spawned: exit statuses, outputs, the secret rule, hostile input, the
//! sandbox process contract, send and demo.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::ffi::OsStringExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{CANARY, Run, TempFile, run, run_with};

const REQUEST: [&str; 4] = [
    "--display=+8675528000088",
    "--callee=+8618900000007",
    "--code=123456",
    "--pre-tone=welcome.wav",
];

fn build_args(extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "build".to_owned(),
        "--base-url=https://rtccall.cn-north-1.myhuaweicloud.cn:443".to_owned(),
        "--app-key=ZRBRz4bAXoFgEH7o4Ew308eXc1RA".to_owned(),
        "--nonce=ac1c911c4792492687f8f6b2264a491e".to_owned(),
        "--now=1527294930".to_owned(),
    ];
    args.extend(REQUEST.iter().map(|s| (*s).to_owned()));
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

#[test]
fn help_and_usage_errors() {
    let r = run_with(["--help"], None, None);
    assert_eq!(r.code, 0);
    for cmd in [
        "sign",
        "build",
        "send",
        "explain",
        "parse-response",
        "parse-push",
        "verify-push",
        "code",
        "sandbox",
        "demo",
    ] {
        assert!(r.stdout.contains(cmd), "{cmd} missing from --help");
    }
    assert!(r.stdout.contains("CALLVERIFY_APP_SECRET"));
    assert_eq!(run_with(Vec::<String>::new(), None, None).code, 2);
    assert_eq!(run_with(["frobnicate"], None, None).code, 2);
    assert_eq!(run_with(["--version"], None, None).code, 0);
}

#[test]
fn the_secret_never_comes_from_argv() {
    // No flag takes it.
    let r = run_with(["sign", "--app-key=k", "--app-secret=s"], None, None);
    assert_eq!(r.code, 2);
    // Missing: a clear message naming the variable.
    let r = run_with(["sign", "--app-key=k"], None, None);
    assert_eq!(r.code, 2, "{}", r.both());
    assert!(
        r.stderr.starts_with("CALLVERIFY_APP_SECRET: "),
        "{}",
        r.stderr
    );
    assert_eq!(r.error_codes(), ["app_secret_empty"]);
    // Not UTF-8.
    let out = Command::new(env!("CARGO_BIN_EXE_callverify"))
        .args(["sign", "--app-key=k"])
        .env(
            "CALLVERIFY_APP_SECRET",
            OsString::from_vec(vec![0xff, 0xfe]),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Every command that signs or verifies needs it.
    for args in [
        build_args(&[]),
        vec![
            "verify-push".into(),
            "--url=https://a.example.com/s".into(),
            "--app-key=k".into(),
        ],
        vec![
            "sandbox".into(),
            "--listen=127.0.0.1:0".into(),
            "--app-key=k".into(),
        ],
    ] {
        let r = run_with(&args, None, None);
        assert_eq!(
            (r.code, r.error_codes()),
            (2, vec!["app_secret_empty".to_owned()]),
            "{args:?}"
        );
    }
}

#[test]
fn sign_prints_two_header_lines() {
    let r = run(
        [
            "sign",
            "--app-key=ZRBRz4bAXoFgEH7o4Ew308eXc1RA",
            "--nonce=ac1c911c4792492687f8f6b2264a491e",
            "--now=1527294930",
        ],
        "Q4xK9mZt2LwP8vRb",
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "Authorization: AKSK realm=\"SDP\",profile=\"UsernameToken\",type=\"Appkey\"\n\
         X-AKSK: UsernameToken Username=\"ZRBRz4bAXoFgEH7o4Ew308eXc1RA\",PasswordDigest=\"E4PQIYIQyNmxMc9VyBtC87Kkd+YxBJe0UbchDpuTrNA=\",Nonce=\"ac1c911c4792492687f8f6b2264a491e\",Created=\"2018-05-26T00:35:30Z\"\n"
    );
    // Beijing time, in the three offset spellings.
    for offset in ["+08:00", "+0800", "28800"] {
        let r = run(
            [
                "sign",
                "--app-key=k",
                "--nonce=abc",
                "--now=0",
                &format!("--created-offset={offset}"),
            ],
            "s",
        );
        assert!(
            r.stdout.contains("Created=\"1970-01-01T08:00:00Z\""),
            "{offset}: {}",
            r.both()
        );
    }
    let r = run(
        [
            "sign",
            "--app-key=k",
            "--nonce=abc",
            "--now=0",
            "--created-offset=-05:00",
        ],
        "s",
    );
    assert_eq!(r.code, 2, "negative time");
    assert_eq!(r.error_codes(), ["time_out_of_range"]);
    let r = run(["sign", "--app-key=k", "--created-offset=+8h"], "s");
    assert_eq!(
        (r.code, r.error_codes()),
        (2, vec!["created_offset_invalid".to_owned()])
    );
    // Generated nonce: 32 hex characters, different each time.
    let a = run(["sign", "--app-key=k", "--format=json"], "s").json();
    let b = run(["sign", "--app-key=k", "--format=json"], "s").json();
    assert_eq!(a["nonce"].as_str().unwrap().len(), 32);
    assert_ne!(a["nonce"], b["nonce"]);
    // --created is taken verbatim, after a format check.
    let r = run(
        [
            "sign",
            "--app-key=k",
            "--nonce=abc",
            "--created=2024-02-29T23:59:59Z",
        ],
        "s",
    );
    assert!(r.stdout.contains("Created=\"2024-02-29T23:59:59Z\""));
    for bad in [
        "2023-02-29T00:00:00Z",
        "2024-02-29 23:59:59",
        "1700000000000",
        "2024-02-29T23:59:59.000Z",
    ] {
        let r = run(["sign", "--app-key=k", &format!("--created={bad}")], "s");
        assert_eq!(
            (r.code, r.error_codes()),
            (2, vec!["created_format".to_owned()]),
            "{bad}"
        );
    }
    let r = run(
        [
            "sign",
            "--app-key=k",
            "--created=2024-02-29T23:59:59Z",
            "--now=1",
        ],
        "s",
    );
    assert_eq!(r.code, 2, "--created conflicts with --now");
}

#[test]
fn build_reports_every_violation_on_its_own_line() {
    let mut args = build_args(&[]);
    args.retain(|a| !a.starts_with("--callee") && !a.starts_with("--code"));
    args.extend(
        [
            "--callee=+860755123456",
            "--code=12a",
            "--times=12",
            "--user-data={x}",
        ]
        .map(String::from),
    );
    let r = run(&args, "s");
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stderr);
    for (line, field) in lines
        .iter()
        .zip(["calleeNbr", "verifyCode", "times", "userData"])
    {
        assert!(line.starts_with(&format!("{field}: ")), "{line}");
    }
    assert_eq!(
        r.error_codes(),
        [
            "phone_trunk_prefix",
            "verify_code_digits",
            "times_range",
            "user_data_braces"
        ]
    );
    // Missing required flags are usage errors too.
    let r = run(
        ["build", "--base-url=https://a.example.com", "--app-key=k"],
        "s",
    );
    assert_eq!(r.code, 2);
    // --user-data-text base64-encodes.
    let r = run(build_args(&["--user-data-text=订单 4711"]), "s");
    assert!(
        r.json()["body"]
            .as_str()
            .unwrap()
            .contains("\"userData\":\"6K6i5Y2VIDQ3MTE=\""),
        "{}",
        r.both()
    );
}

#[test]
fn build_curl_is_runnable_shell() {
    let r = run(
        build_args(&["--format=curl", "--user-data=it's a \"test\" $HOME `x`"]),
        "Q4xK9mZt2LwP8vRb",
    );
    assert_eq!(r.code, 0, "{}", r.both());
    let json = run(
        build_args(&["--user-data=it's a \"test\" $HOME `x`"]),
        "Q4xK9mZt2LwP8vRb",
    )
    .json();
    // Replace curl by a function that prints its arguments, one per line.
    let script = format!(
        "curl() {{ for a in \"$@\"; do printf '%s\\n' \"$a\"; done; }}\n{}",
        r.stdout
    );
    let out = Command::new("sh").arg("-c").arg(&script).output().unwrap();
    assert!(out.status.success());
    let args: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let h = &json["headers"];
    let expected = vec![
        "-sS".to_owned(),
        "-X".to_owned(),
        "POST".to_owned(),
        json["url"].as_str().unwrap().to_owned(),
        "-H".to_owned(),
        format!("Content-Type: {}", h["Content-Type"].as_str().unwrap()),
        "-H".to_owned(),
        format!("Authorization: {}", h["Authorization"].as_str().unwrap()),
        "-H".to_owned(),
        format!("X-AKSK: {}", h["X-AKSK"].as_str().unwrap()),
        "--data-raw".to_owned(),
        json["body"].as_str().unwrap().to_owned(),
    ];
    assert_eq!(args, expected);
}

#[test]
fn build_http_is_a_raw_request() {
    let r = run(build_args(&["--format=http"]), "Q4xK9mZt2LwP8vRb");
    assert_eq!(r.code, 0);
    let (head, body) = r.stdout.split_once("\r\n\r\n").unwrap();
    let lines: Vec<&str> = head.split("\r\n").collect();
    assert_eq!(lines[0], "POST /rest/httpsessions/callVerify/v1.0 HTTP/1.1");
    assert_eq!(lines[1], "Host: rtccall.cn-north-1.myhuaweicloud.cn:443");
    assert_eq!(lines[2], "Content-Type: application/json;charset=UTF-8");
    assert!(lines[3].starts_with("Authorization: AKSK realm=\"SDP\""));
    assert!(lines[4].starts_with("X-AKSK: UsernameToken Username="));
    assert_eq!(lines[5], format!("Content-Length: {}", body.len()));
    assert!(body.starts_with("{\"displayNbr\""));
    assert!(!head.contains('\n') || head.split("\r\n").all(|l| !l.contains('\n')));
}

#[test]
fn explain_codes() {
    let r = run_with(["explain", "1023006"], None, None);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .starts_with("1023006 at HTTP 400: Authorization not contained in the HTTP header.")
    );
    assert!(r.stdout.contains("category:   auth"));
    assert!(r.stdout.contains("处理方法"));
    // Ambiguous: both meanings on stdout, exit 2, a hint naming --status.
    let r = run_with(["explain", "1010010"], None, None);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("1010010 at HTTP 401: Invalid digest."));
    assert!(r.stdout.contains("1010010 at HTTP 403"));
    assert!(r.stderr.starts_with("--status: "));
    assert_eq!(r.error_codes(), ["ambiguous_result_code"]);
    let r = run_with(["explain", "1010010", "--format=json"], None, None);
    assert_eq!(r.code, 2);
    assert_eq!(r.json().as_array().unwrap().len(), 2);
    let r = run_with(
        ["explain", "1010010", "--status=403", "--format=json"],
        None,
        None,
    );
    assert_eq!(
        (r.code, r.json()["category"].as_str()),
        (0, Some("rate_limit"))
    );
    let r = run_with(["explain", "4242"], None, None);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not a result code"));
}

#[test]
fn code_generates_digits() {
    let r = run_with(["code"], None, None);
    assert_eq!(r.code, 0);
    let code = r.stdout.trim();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    let r = run_with(["code", "--digits=8"], None, None);
    assert_eq!(r.stdout.trim().len(), 8);
    for bad in ["1", "9", "-1", "0"] {
        let r = run_with(["code", &format!("--digits={bad}")], None, None);
        assert_eq!(
            (r.code, r.error_codes()),
            (2, vec!["digits_out_of_range".to_owned()]),
            "{bad}"
        );
    }
}

#[test]
fn parse_push_from_file_and_stdin() {
    let body = br#"{"eventType":"disconnect","statusInfo":{"sessionId":"s-1","timestamp":"2019-01-24 02:49:23","stateCode":8102,"stateDesc":"busy"}}"#;
    let file = TempFile::new("push.json", body);
    let r = run_with(["parse-push", &file.path()], None, None);
    assert_eq!(r.code, 0);
    let json = r.json();
    assert_eq!(json["kind"], "status");
    assert_eq!(json["timestamp"]["unix"], 1_548_298_163);
    assert_eq!(json["hangup_cause"]["category"], "busy");
    let r = run_with(["parse-push"], None, Some(body));
    assert_eq!(r.json(), json);
    let r = run_with(["parse-push"], None, Some(b"{\"eventType\":\"answer\"}"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("statusInfo: "), "{}", r.stderr);
    assert_eq!(r.error_codes(), ["missing_field"]);
    let r = run_with(["parse-push", "/nonexistent/push.json"], None, None);
    assert_eq!(r.code, 1);
    // A digit-collection result is typed, not unknown.
    let collect = br#"{"eventType":"collectInfo","statusInfo":{"sessionId":"s-1","timestamp":"2018-05-22 06:44:03","digitInfo":"1"}}"#;
    let r = run_with(["parse-push"], None, Some(collect));
    assert_eq!(r.code, 0);
    let json = r.json();
    assert_eq!(
        (&json["kind"], &json["digit_info"], &json["user_data"]),
        (
            &"collect_info".into(),
            &"1".into(),
            &serde_json::Value::Null
        )
    );
}

#[test]
fn verify_push_exit_statuses() {
    let url = "https://callback.example.com/voice/status";
    let signed = run_with(["parse-push", "-"], None, Some(b"{}"));
    assert_eq!(signed.code, 2);
    // Sign a push the way the platform does, through the library.
    let credentials = callverify_core::Credentials::new("pushKey", "push-secret").unwrap();
    let headers = callverify_core::push_auth::sign_push(
        &credentials,
        url,
        "0123456789abcdef",
        1_700_000_000,
        callverify_core::DigestForm::Newline,
    )
    .unwrap();
    let mut args = vec![
        "verify-push".to_owned(),
        format!("--url={url}"),
        "--app-key=pushKey".to_owned(),
        "--now=1700000100".to_owned(),
    ];
    for (n, v) in &headers {
        args.push(format!("--header={n}: {v}"));
    }
    let r = run(&args, "push-secret");
    assert_eq!(r.code, 0, "{}", r.both());
    assert_eq!(
        r.stdout,
        "verified (newline digest form, Created in UTC)\n\
         replay key: 0123456789abcdef:2023-11-14T22:13:20Z (remember it 29400 s and reject repeats)\n"
    );
    let r = run(&args, "other-secret");
    assert_eq!(r.code, 3);
    assert!(r.stderr.starts_with("rejected: X-AKSK: "), "{}", r.stderr);
    assert_eq!(r.error_codes(), ["digest_mismatch"]);
    let mut stale = args.clone();
    stale[3] = "--now=1700000400".to_owned();
    assert_eq!(run(&stale, "push-secret").error_codes(), ["stale_push"]);
    let mut pinned = args.clone();
    pinned.push("--digest-form=concatenated".to_owned());
    assert_eq!(run(&pinned, "push-secret").code, 3);
    // Unsigned: rejected unless allowed.
    let bare = &args[..4];
    let r = run(bare, "push-secret");
    assert_eq!(
        (r.code, r.error_codes()),
        (3, vec!["unsigned_push".to_owned()])
    );
    let mut allowed = bare.to_vec();
    allowed.push("--allow-unsigned".to_owned());
    let r = run(&allowed, "push-secret");
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("unsigned"));
    // Input errors: exit 2.
    let mut bad = args.clone();
    bad.push("--header=no colon here".to_owned());
    assert_eq!(run(&bad, "push-secret").code, 2);
    let mut bad = args.clone();
    bad.push("--window=0".to_owned());
    assert_eq!(run(&bad, "push-secret").error_codes(), ["window_invalid"]);
    let mut bad = args.clone();
    bad.push("--window=99999999999".to_owned());
    assert_eq!(run(&bad, "push-secret").error_codes(), ["window_invalid"]);
}

#[test]
fn verify_push_accepts_beijing_time_by_default() {
    let url = "https://callback.example.com/voice/status";
    let credentials = callverify_core::Credentials::new("pushKey", "push-secret").unwrap();
    // The platform stamps Created in Beijing time (UTC+8), still with a trailing Z.
    let headers = callverify_core::push_auth::sign_push(
        &credentials,
        url,
        "bj",
        1_700_000_000 + 28_800,
        callverify_core::DigestForm::Newline,
    )
    .unwrap();
    let mut args = vec![
        "verify-push".to_owned(),
        format!("--url={url}"),
        "--app-key=pushKey".to_owned(),
        "--now=1700000100".to_owned(),
    ];
    for (n, v) in &headers {
        args.push(format!("--header={n}: {v}"));
    }
    let r = run(&args, "push-secret");
    assert_eq!(r.code, 0, "{}", r.both());
    assert_eq!(
        r.stdout,
        "verified (newline digest form, Created in UTC+8)\n\
         replay key: bj:2023-11-15T06:13:20Z (remember it 29400 s and reject repeats)\n"
    );
    let mut json = args.clone();
    json.push("--format=json".to_owned());
    let r = run(&json, "push-secret");
    assert_eq!(r.code, 0, "{}", r.both());
    assert_eq!(
        r.json(),
        serde_json::json!({
            "status": "verified",
            "digest_form": "newline",
            "created_offset_seconds": 28800,
            "replay_key": "bj:2023-11-15T06:13:20Z",
            "remember_for_seconds": 29400,
        })
    );
    // Pinned to Beijing time: verified, remembered for twice the window only.
    for flag in ["--created-offset=+08:00", "--created-offset=28800"] {
        let mut pinned = json.clone();
        pinned.push(flag.to_owned());
        let out = run(&pinned, "push-secret").json();
        assert_eq!(
            (
                out["created_offset_seconds"].as_i64(),
                out["remember_for_seconds"].as_i64()
            ),
            (Some(28_800), Some(600)),
            "{flag}"
        );
    }
    // Pinned to UTC: rejected, and the message names the flag and the offset that would accept it.
    let mut utc = args.clone();
    utc.push("--created-offset=Z".to_owned());
    let r = run(&utc, "push-secret");
    assert_eq!(r.code, 3, "{}", r.both());
    assert_eq!(r.error_codes(), ["future_push"]);
    for text in [
        "rejected: X-AKSK: ",
        "looks like local time at UTC+8",
        "--created-offset",
        "to 28800",
    ] {
        assert!(r.stderr.contains(text), "{text:?} not in {}", r.stderr);
    }
}

#[test]
fn hostile_input_gives_typed_errors_not_panics() {
    let invalid = OsString::from_vec(vec![
        b'-', b'-', b'a', b'p', b'p', b'-', b'k', b'e', b'y', b'=', 0xff, 0xc0,
    ]);
    let bad_utf8 = OsString::from_vec(vec![0xff, 0xfe, 0x80]);
    let cases: Vec<Vec<OsString>> = vec![
        vec!["sign".into(), invalid.clone()],
        vec!["build".into(), invalid.clone()],
        vec!["explain".into(), bad_utf8.clone()],
        vec!["parse-push".into(), bad_utf8.clone()],
        vec!["code".into(), "--digits=99999999999999999999999".into()],
        vec![
            "sign".into(),
            "--app-key=k".into(),
            "--now=99999999999999999999".into(),
        ],
        vec![
            "sign".into(),
            "--app-key=k".into(),
            "--now=9223372036854775807".into(),
        ],
        vec![
            "sign".into(),
            "--app-key=k".into(),
            "--now=-9223372036854775808".into(),
        ],
        vec!["sign".into(), "--app-key=".into()],
        vec!["sign".into(), "--app-key=k".into(), "--nonce=".into()],
        vec![
            "sign".into(),
            "--app-key=k".into(),
            format!("--nonce={}", "a".repeat(100_000)).into(),
        ],
        vec![
            "sign".into(),
            "--app-key=k".into(),
            "--created-offset=+99:99".into(),
        ],
        vec![
            "sign".into(),
            "--app-key=k".into(),
            "--created-offset=99999999999999".into(),
        ],
        vec!["explain".into(), "".into()],
        vec![
            "explain".into(),
            "1".repeat(10_000).into(),
            "--status=65535".into(),
        ],
        vec!["explain".into(), "0".into(), "--status=70000".into()],
        vec![
            "verify-push".into(),
            "--url=".into(),
            "--app-key=k".into(),
            "--header=:".into(),
        ],
        vec![
            "verify-push".into(),
            "--url=x".into(),
            "--app-key=k".into(),
            "--now=-9223372036854775808".into(),
        ],
        vec![
            "sandbox".into(),
            "--listen=not an address".into(),
            "--app-key=k".into(),
        ],
        vec![
            "sandbox".into(),
            "--listen=10.1.2.3:0".into(),
            "--app-key=k".into(),
        ],
        vec![
            "sandbox".into(),
            "--app-key=k".into(),
            "--push-delay-ms=-1".into(),
        ],
        vec!["parse-response".into(), "--status=-1".into()],
        vec!["demo".into(), "--scenario=nope".into()],
        vec![
            "send".into(),
            "--base-url=http://example.com".into(),
            "--app-key=k".into(),
            "--display=1".into(),
            "--callee=2".into(),
            "--code=3".into(),
            "--pre-tone=4".into(),
        ],
    ];
    let mut big = build_args(&[]);
    big.retain(|a| !a.starts_with("--now"));
    big.push("--now=253402300800".to_owned());
    big.push(format!("--times={}", i64::MAX));
    big.push(format!("--language={}", i64::MIN));
    big.push(format!("--user-data={}", "x".repeat(100_000)));
    big.push("--status-url=".to_owned());
    big.push("--fee-url=javascript:alert(1)".to_owned());
    let mut all: Vec<Vec<OsString>> = cases;
    all.push(big.into_iter().map(OsString::from).collect());
    for args in &all {
        let r = run_with(args, Some("s"), None);
        assert!(matches!(r.code, 1..=3), "{args:?}: {}", r.both());
        assert!(!r.stderr.is_empty(), "{args:?}");
    }
    // Binary garbage on stdin.
    for input in [
        &b"\xff\xfe\x00garbage"[..],
        b"",
        b"[1,2",
        &[b'['; 100_000][..],
    ] {
        let r = run_with(["parse-push"], None, Some(input));
        assert_eq!(r.code, 2, "{}", r.both());
        let r = run_with(["parse-response", "--status=200"], None, Some(input));
        assert_eq!(r.code, 1, "{}", r.both());
    }
}

/// A `callverify sandbox` child process.
struct SandboxProcess {
    child: Child,
    url: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl SandboxProcess {
    fn start(secret: &str, extra: &[&str]) -> SandboxProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_callverify"))
            .args([
                "sandbox",
                "--listen",
                "127.0.0.1:0",
                "--app-key",
                "sandboxKey",
                "--push-delay-ms",
                "0",
            ])
            .args(extra)
            .env("CALLVERIFY_APP_SECRET", secret)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).unwrap();
            tx.send(line).unwrap();
        });
        let first = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the sandbox's first line");
        let url = first
            .strip_prefix("callverify sandbox listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .trim_end()
            .to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let stderr = child.stderr.take().unwrap();
        let (etx, erx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if etx.send(line).is_err() {
                    break;
                }
            }
        });
        SandboxProcess {
            child,
            url,
            stderr: erx,
        }
    }

    /// SIGTERM, then the exit status and the stderr lines.
    fn stop(mut self) -> (Option<i32>, Vec<String>) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the sandbox did not stop on SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let lines = self.stderr.try_iter().collect();
        (status, lines)
    }
}

fn send_args(url: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "send".to_owned(),
        format!("--base-url={url}"),
        "--app-key=sandboxKey".to_owned(),
    ];
    args.extend(REQUEST.iter().map(|s| (*s).to_owned()));
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

#[test]
fn sandbox_process_contract_and_send() {
    let sandbox = SandboxProcess::start(CANARY, &[]);
    let mut outputs: Vec<Run> = Vec::new();

    let r = run(send_args(&sandbox.url, &["--return-idle-port"]), CANARY);
    assert_eq!(r.code, 0, "{}", r.both());
    assert!(r.stdout.starts_with("accepted: HTTP 200, resultcode 0"));
    assert!(r.stdout.contains("sessionId: ") && r.stdout.contains("idlePort: 100"));
    outputs.push(r);

    let r = run(send_args(&sandbox.url, &["--format=json"]), CANARY);
    assert_eq!(r.json()["outcome"], "success");
    outputs.push(r);

    // A wrong secret: the table entry and the sandbox's exact reason.
    let r = run(send_args(&sandbox.url, &[]), "not-the-secret");
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("rejected: HTTP 401, resultcode 1010010 (Invalid digest.)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("category: auth"));
    assert!(
        r.stdout
            .contains("sandbox says: X-AKSK PasswordDigest does not match")
    );
    outputs.push(r);

    // Stale Created.
    let r = run(
        send_args(&sandbox.url, &["--now=1700000000", "--format=json"]),
        CANARY,
    );
    assert_eq!(
        (r.code, r.json()["result_code"].as_str()),
        (1, Some("1010013"))
    );
    outputs.push(r);

    // A magic number.
    let mut args = send_args(&sandbox.url, &["--format=json"]);
    args.retain(|a| !a.starts_with("--callee"));
    args.push("--callee=+8613801013004".to_owned());
    let r = run(&args, CANARY);
    assert_eq!(r.json()["result_code"], "1013004");
    assert_eq!(r.json()["entry"]["category"], "restriction");
    outputs.push(r);

    // The raw HTTP of `build --format http`, written to the socket as it is.
    let r = run(
        [
            "build",
            "--format=http",
            &format!("--base-url={}", sandbox.url),
            "--app-key=sandboxKey",
            REQUEST[0],
            REQUEST[1],
            REQUEST[2],
            REQUEST[3],
        ],
        CANARY,
    );
    let addr = sandbox.url.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(r.stdout.as_bytes()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut answer = vec![0u8; 4096];
    let n = stream.read(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"resultcode\":\"0\""));
    outputs.push(r);

    let (status, log) = sandbox.stop();
    assert_eq!(status, Some(0), "the sandbox exits 0 on SIGTERM");
    // A banner, then one line per request.
    let requests: Vec<&String> = log.iter().filter(|l| l.contains(" POST /rest/")).collect();
    assert_eq!(requests.len(), 6, "{log:#?}");
    for line in log.iter().map(String::as_str).chain(
        outputs
            .iter()
            .flat_map(|r| [r.stdout.as_str(), r.stderr.as_str()]),
    ) {
        assert!(!line.contains(CANARY), "the secret leaked: {line}");
    }
}

#[test]
fn send_reports_connection_errors() {
    // A port nothing listens on (bound, then closed).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = run(send_args(&format!("http://127.0.0.1:{port}"), &[]), "s");
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("error: could not send the request"),
        "{}",
        r.stderr
    );
}

#[test]
fn demo_runs_the_whole_flow() {
    let r = run_with(["demo", "--push-delay-ms=0"], None, None);
    assert_eq!(r.code, 0, "{}", r.both());
    for needle in [
        "<- HTTP 200, resultcode 0",
        // The sandbox stamps its pushes in Beijing time, as the platform does.
        "  callout     verified (newline digest, Created in UTC+8)",
        "  alerting    verified",
        "  answer      verified",
        "  disconnect  verified (newline digest, Created in UTC+8)",
        "hangup 0: Normal hangup after answer (answered)",
        "  fee         verified",
        "  replay      rejected",
        "done: 5 pushes verified, 1 replay rejected",
    ] {
        assert!(
            r.stdout.contains(needle),
            "missing {needle:?} in\n{}",
            r.stdout
        );
    }
    assert!(
        r.stdout.lines().count() <= 20,
        "keep the demo short:\n{}",
        r.stdout
    );
    let r = run_with(["demo", "--push-delay-ms=0", "--scenario=busy"], None, None);
    assert_eq!(r.code, 0, "{}", r.both());
    assert!(r.stdout.contains("hangup 8102"));
    assert!(!r.stdout.contains("  answer "));
    let r = run_with(["demo", "--scenario=ports-exhausted"], None, None);
    assert_eq!(r.code, 0, "{}", r.both());
    assert!(r.stdout.contains("resultcode 1020154"));
}

#[test]
fn send_over_https_sets_up_tls() {
    // Nothing listens there: the TLS client is built (rustls, ring) and the connection fails cleanly.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = run(send_args(&format!("https://127.0.0.1:{port}"), &[]), "s");
    assert_eq!(r.code, 1, "{}", r.both());
    assert!(
        r.stderr
            .starts_with("error: could not send the request to https://"),
        "{}",
        r.stderr
    );
}

/// The clock flags and fee retries of `callverify sandbox`, as a process: requests in UTC and in
/// Beijing time accepted by default and the log says which; `--push-created-offset UTC` stamps
/// pushes in UTC; a fee push to a closed port is retried `--fee-retries` times,
/// `--fee-retry-interval` apart; `--created-offset UTC` refuses Beijing time with a local-time
/// hint; bad offsets are input errors.
#[test]
fn sandbox_clock_and_fee_retry_flags() {
    use callverify_cli::receiver::PushReceiver;
    use callverify_core::{Credentials, Push, VerifyOptions};

    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut receiver = rt
        .block_on(PushReceiver::start(
            Credentials::new("sandboxKey", CANARY).unwrap(),
            VerifyOptions::default(),
        ))
        .unwrap();
    // A port nothing listens on (bound, then closed).
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let sandbox = SandboxProcess::start(
        CANARY,
        &[
            "--push-created-offset=UTC",
            "--fee-retries=1",
            "--fee-retry-interval=1",
        ],
    );
    let r = run(send_args(&sandbox.url, &[]), CANARY);
    assert_eq!(r.code, 0, "{}", r.both());
    let busy = [
        "--created-offset=+08:00".to_owned(),
        format!("--status-url={}", receiver.status_url()),
        format!("--fee-url=http://{closed}/fee"),
    ];
    let mut args = send_args(&sandbox.url, &[]);
    args.retain(|a| !a.starts_with("--callee"));
    args.push("--callee=+8613800008102".to_owned());
    args.extend(busy);
    let r = run(&args, CANARY);
    assert_eq!(r.code, 0, "{}", r.both());
    // callout and disconnect, stamped in UTC.
    for _ in 0..2 {
        let push = rt
            .block_on(receiver.next(Duration::from_secs(10)))
            .expect("a status push");
        assert!(push.accepted(), "{push:?}");
        assert!(matches!(push.push, Some(Ok(Push::Status(_)))));
        assert_eq!(
            push.verification.as_ref().unwrap().created_offset_seconds(),
            Some(0)
        );
    }
    // The fee push: attempt 1, then one retry 1 s later.
    std::thread::sleep(Duration::from_millis(1800));
    let (status, log) = sandbox.stop();
    assert_eq!(status, Some(0));
    let find = |needle: &str| log.iter().filter(|l| l.contains(needle)).count();
    assert_eq!(
        find("requests: Created in UTC or UTC+8 (within 300 s)"),
        1,
        "{log:#?}"
    );
    assert_eq!(
        find("Created in UTC)"),
        1,
        "the banner's push clock: {log:#?}"
    );
    assert_eq!(
        find("fee pushes not answered with 200: up to 1 more attempts, 1 s apart"),
        1
    );
    assert_eq!(find("-> 200 0 Success"), 2, "{log:#?}");
    assert_eq!(find("scenario answered Created in UTC "), 1, "{log:#?}");
    assert_eq!(
        find("scenario busy (8102) Created in UTC+8 "),
        1,
        "{log:#?}"
    );
    assert_eq!(find("attempt 1 of 2; next attempt in 1 s"), 1, "{log:#?}");
    assert_eq!(find("attempt 2 of 2; no attempts left"), 1, "{log:#?}");

    // One clock pinned: Beijing time is refused, and the reason says why and what fixes it.
    let sandbox = SandboxProcess::start(CANARY, &["--created-offset=UTC"]);
    let r = run(
        send_args(&sandbox.url, &["--created-offset=+08:00"]),
        CANARY,
    );
    assert_eq!(r.code, 1, "{}", r.both());
    assert!(r.stdout.contains("resultcode 1010013"), "{}", r.stdout);
    // 28800 s ahead, less the seconds between signing and checking on a loaded machine.
    let ahead = r
        .stdout
        .split_once("sandbox says: X-AKSK Created is ")
        .and_then(|(_, rest)| rest.split_once(" s in the future (read as UTC)"))
        .and_then(|(seconds, _)| seconds.parse::<i64>().ok());
    assert!(
        ahead.is_some_and(|s| (28_790..=28_800).contains(&s)),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Created looks like local time at UTC+8 with a trailing Z rather than UTC"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("created offset option"), "{}", r.stdout);
    let r = run(send_args(&sandbox.url, &[]), CANARY);
    assert_eq!(r.code, 0, "{}", r.both());
    let (_, log) = sandbox.stop();
    assert!(
        log.iter()
            .any(|l| l.contains("requests: Created in UTC (within 300 s)")),
        "{log:#?}"
    );
    receiver.stop();

    // A clock west of UTC is a valid pin (a host in New York signing with its local time).
    let sandbox = SandboxProcess::start(CANARY, &["--created-offset=-05:00"]);
    let r = run(
        send_args(&sandbox.url, &["--created-offset=-05:00"]),
        CANARY,
    );
    assert_eq!(r.code, 0, "{}", r.both());
    let (_, log) = sandbox.stop();
    assert!(
        log.iter()
            .any(|l| l.contains("requests: Created in UTC-5 (")),
        "{log:#?}"
    );

    // Bad offsets and counts: input errors, before anything listens.
    for (flag, needle) in [
        ("--push-created-offset=+15:00", "--push-created-offset: "),
        ("--push-created-offset=abc", "--push-created-offset: "),
        ("--created-offset=+99:00", "--created-offset: "),
        ("--fee-retries=-1", "--fee-retries"),
        ("--fee-retry-interval=soon", "--fee-retry-interval"),
    ] {
        let r = run(
            ["sandbox", "--app-key=k", "--listen=127.0.0.1:0", flag],
            "s",
        );
        assert_eq!(r.code, 2, "{flag}: {}", r.both());
        assert!(r.stderr.contains(needle), "{flag}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{flag}: {}", r.stdout);
    }
}
