//! Helpers shared by the CLI's integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

/// The canary secret: its text must never appear in any output.
pub const CANARY: &str = "CANARY-s3cr3t-7f1e";

/// The repository's `tests/vectors` folder.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// The cases of a vector file; panics when it is missing, not an array or empty (a test that
/// reads no case must fail, not pass).
pub fn load_vectors(file: &str) -> Vec<Value> {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let cases = value
        .as_array()
        .unwrap_or_else(|| panic!("{file} is not an array"))
        .clone();
    assert!(!cases.is_empty(), "{file} has no cases");
    cases
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stable error codes named at the end of stderr lines: `… (code)`.
    pub fn error_codes(&self) -> Vec<String> {
        self.stderr.lines().filter_map(line_code).collect()
    }

    /// stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }

    /// Both streams, for error messages.
    pub fn both(&self) -> String {
        format!(
            "exit {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The code in parentheses at the end of a stderr line.
pub fn line_code(line: &str) -> Option<String> {
    let inner = line.trim_end().strip_suffix(')')?;
    let start = inner.rfind('(')?;
    let code = inner.get(start + 1..)?;
    code.bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
        .then(|| code.to_owned())
}

/// Runs `callverify` with `args`, the secret `secret` (None: unset) and optional stdin.
pub fn run_with<I, S>(args: I, secret: Option<&str>, stdin: Option<&[u8]>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_callverify"));
    cmd.args(args)
        .env_remove("CALLVERIFY_APP_SECRET")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(s) = secret {
        cmd.env("CALLVERIFY_APP_SECRET", s);
    }
    let mut child = cmd.spawn().expect("spawn callverify");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "the CLI panicked:\n{}",
        run.both()
    );
    run
}

/// Runs `callverify` with the given secret.
pub fn run<I, S>(args: I, secret: &str) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_with(args, Some(secret), None)
}

/// `--flag=value` (so values that start with '-' stay values).
pub fn flag(name: &str, value: &str) -> String {
    format!("--{name}={value}")
}

/// The request flags of `build`/`send` for a vector's `request` object; `None` when a value cannot
/// travel in argv (a NUL character).
pub fn request_flags(request: &Value) -> Option<Vec<String>> {
    let obj = request.as_object().unwrap();
    let mut out = Vec::new();
    for (key, flag_name) in [
        ("displayNbr", "display"),
        ("calleeNbr", "callee"),
        ("verifyCode", "code"),
        ("preTone", "pre-tone"),
        ("posTone", "pos-tone"),
        ("statusUrl", "status-url"),
        ("feeUrl", "fee-url"),
        ("userData", "user-data"),
    ] {
        match obj.get(key) {
            Some(Value::String(s)) => {
                if s.contains('\0') {
                    return None;
                }
                out.push(flag(flag_name, s));
            }
            None | Some(Value::Null) => {
                // Required fields absent from the vector: an empty value (the core reports it).
                if matches!(key, "displayNbr" | "calleeNbr" | "verifyCode" | "preTone") {
                    out.push(flag(flag_name, ""));
                }
            }
            Some(other) => panic!("{key} is {other}"),
        }
    }
    for (key, flag_name) in [("languageType", "language"), ("times", "times")] {
        if let Some(v) = obj.get(key).and_then(Value::as_i64) {
            out.push(flag(flag_name, &v.to_string()));
        }
    }
    if let Some(b) = obj.get("returnIdlePort").and_then(Value::as_bool) {
        out.push(flag("return-idle-port", &b.to_string()));
    }
    Some(out)
}

/// A temporary file with `contents`, removed on drop.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn new(name: &str, contents: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!("callverify-cli-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    pub fn path(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The body bytes of a vector case (`body`, `body_base64` or `body_repeat`).
pub fn case_body(case: &Value) -> Vec<u8> {
    use base64::Engine as _;
    if let Some(b) = case.get("body").and_then(Value::as_str) {
        return b.as_bytes().to_vec();
    }
    if let Some(b) = case.get("body_base64").and_then(Value::as_str) {
        return base64::engine::general_purpose::STANDARD.decode(b).unwrap();
    }
    if let Some(r) = case.get("body_repeat") {
        let mut out = r["prefix"].as_str().unwrap().as_bytes().to_vec();
        let unit = r["repeat"].as_str().unwrap().as_bytes();
        for _ in 0..r["count"].as_u64().unwrap() {
            out.extend_from_slice(unit);
        }
        out.extend_from_slice(r["suffix"].as_str().unwrap().as_bytes());
        return out;
    }
    panic!("case {} has no body", case["name"]);
}
