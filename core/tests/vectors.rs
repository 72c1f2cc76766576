//! Runs every case of the shared vectors in `tests/vectors/` against the Rust core.
//!
//! Each file is one test; a failing test lists every failing case by name.
// Test code: its helpers stand outside #[test] functions, which clippy.toml's allow-*-in-tests
// do not reach.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::PathBuf;

use base64::{Engine as _, engine::general_purpose::STANDARD};
use callverify_core::auth_header::{
    Attribute, HeaderProblem, HeaderSyntax, parse_authorization, parse_x_aksk,
};
use callverify_core::result_codes::lookup;
use callverify_core::verify_code::check_digits;
use callverify_core::{
    BaseUrl, CallVerifyRequest, Client, Created, Credentials, DigestForm, Error, Nonce, Push,
    PushVerification, VerifyOptions, generate_verify_code, parse_call_verify_response, parse_push,
    verify_push,
};
use serde_json::{Value, json};

fn load(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text).unwrap() {
        Value::Array(cases) => cases,
        _ => panic!("{name} is not an array"),
    }
}

fn name(case: &Value) -> String {
    case["name"].as_str().unwrap_or("?").to_owned()
}

/// Runs `check` on every case; panics with the list of failures.
fn run(file: &str, check: impl Fn(&Value) -> Result<(), String>) {
    let cases = load(file);
    assert!(!cases.is_empty(), "{file} has no cases");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).err().map(|e| format!("  {}: {e}", name(c))))
        .collect();
    assert!(
        failures.is_empty(),
        "{file}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn eq<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} missing"))
}

fn body_of(case: &Value) -> Vec<u8> {
    if let Some(r) = case.get("body_repeat") {
        let mut s = str_of(r, "prefix").to_owned();
        s.push_str(&str_of(r, "repeat").repeat(r["count"].as_u64().unwrap() as usize));
        s.push_str(str_of(r, "suffix"));
        return s.into_bytes();
    }
    match (case.get("body"), case.get("body_base64")) {
        (Some(Value::String(s)), _) => s.as_bytes().to_vec(),
        (_, Some(Value::String(b))) => STANDARD.decode(b).unwrap(),
        _ => panic!("case has no body"),
    }
}

/// Builds a request from a wire-named JSON object.
pub fn request_from(v: &Value) -> CallVerifyRequest {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    CallVerifyRequest {
        display_nbr: s("displayNbr").unwrap_or_default(),
        callee_nbr: s("calleeNbr").unwrap_or_default(),
        language_type: v.get("languageType").and_then(Value::as_i64).unwrap_or(2),
        pre_tone: s("preTone").unwrap_or_default(),
        verify_code: s("verifyCode").unwrap_or_default(),
        pos_tone: s("posTone"),
        times: v.get("times").and_then(Value::as_i64),
        status_url: s("statusUrl"),
        fee_url: s("feeUrl"),
        return_idle_port: v.get("returnIdlePort").and_then(Value::as_bool),
        user_data: s("userData"),
    }
}

fn offset(case: &Value) -> i64 {
    case.get("created_offset_seconds")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

#[test]
fn rfc4231() {
    run("rfc4231.json", |c| {
        let out = callverify_core::sign::hmac_sha256(
            &hex(str_of(c, "key_hex")),
            &hex(str_of(c, "data_hex")),
        );
        eq(
            "base64",
            STANDARD.encode(out),
            str_of(c, "hmac_sha256_base64").to_owned(),
        )
    });
}

#[test]
fn signing() {
    run("signing.json", |c| {
        let credentials = Credentials::new(str_of(c, "app_key"), str_of(c, "app_secret"))
            .map_err(|e| e.to_string())?;
        let client = Client::new(
            "https://rtccall.cn-north-1.myhuaweicloud.cn:443",
            credentials,
        )
        .and_then(|cl| cl.with_created_offset(offset(c)))
        .map_err(|e| e.to_string())?;
        let nonce = Nonce::new(str_of(c, "nonce")).map_err(|e| e.to_string())?;
        let sig = client
            .sign(c["unix_time"].as_i64().unwrap(), nonce)
            .map_err(|e| e.to_string())?;
        let want = &c["expect"];
        eq("created", sig.created(), str_of(want, "created"))?;
        eq(
            "digest",
            sig.password_digest(),
            str_of(want, "password_digest"),
        )?;
        eq(
            "authorization",
            sig.authorization(),
            str_of(want, "authorization"),
        )?;
        eq("x_aksk", sig.x_aksk().as_str(), str_of(want, "x_aksk"))
    });
}

#[test]
fn build() {
    run("build.json", |c| {
        let credentials = Credentials::new(str_of(c, "app_key"), str_of(c, "app_secret"))
            .map_err(|e| e.to_string())?;
        let client = Client::new(str_of(c, "base_url"), credentials)
            .and_then(|cl| cl.with_created_offset(offset(c)))
            .map_err(|e| e.to_string())?;
        let nonce = Nonce::new(str_of(c, "nonce")).map_err(|e| e.to_string())?;
        let http = client
            .call_verify(
                &request_from(&c["request"]),
                c["unix_time"].as_i64().unwrap(),
                nonce,
            )
            .map_err(|e| e.to_string())?;
        let want = &c["expect"];
        eq("method", http.method.as_str(), str_of(want, "method"))?;
        eq("url", &*http.url, str_of(want, "url"))?;
        let headers: Vec<Value> = http
            .headers
            .iter()
            .map(|h| json!([h.name, h.value]))
            .collect();
        eq("headers", &Value::Array(headers), &want["headers"])?;
        eq("body", http.body.as_str(), str_of(want, "body"))
    });
}

#[test]
fn validation() {
    run("validation.json", |c| {
        let mut got: Vec<(String, String)> = match request_from(&c["request"]).validate() {
            Ok(()) => vec![],
            Err(e) => e
                .violations
                .iter()
                .map(|v| (v.field.to_owned(), v.code.as_str().to_owned()))
                .collect(),
        };
        let mut want: Vec<(String, String)> = c["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| (str_of(v, "field").to_owned(), str_of(v, "code").to_owned()))
            .collect();
        got.sort();
        want.sort();
        eq("violations", got, want)
    });
}

fn config_outcome(input: &Value) -> Result<(), Error> {
    if let Some(key) = input.get("app_key") {
        Credentials::new(key.as_str().unwrap(), str_of(input, "app_secret"))?;
    } else if let Some(n) = input.get("nonce") {
        Nonce::new(n.as_str().unwrap())?;
    } else if let Some(u) = input.get("base_url") {
        BaseUrl::parse(u.as_str().unwrap())?;
    } else if let Some(t) = input.get("unix_time") {
        Created::from_unix(t.as_i64().unwrap(), 0)?;
    } else if let Some(d) = input.get("verify_code_digits") {
        check_digits(d.as_i64().unwrap())?;
        generate_verify_code(d.as_i64().unwrap())?;
    } else if let Some(w) = input.get("window_seconds") {
        // Checked before any header: with none and unsigned pushes allowed, a valid window
        // gives Unsigned.
        let options = VerifyOptions {
            window_seconds: w.as_i64().unwrap(),
            allow_unsigned: true,
            ..VerifyOptions::default()
        };
        let none: [(&str, &str); 0] = [];
        let credentials = Credentials::new("k", "s").unwrap();
        let result = verify_push(
            &none,
            "https://example.com/status",
            &credentials,
            1_700_000_000,
            &options,
        )?;
        assert_eq!(result, PushVerification::Unsigned);
    } else {
        panic!("unknown config input {input}");
    }
    Ok(())
}

#[test]
fn config() {
    run("config.json", |c| {
        let input = &c["input"];
        // An offset is checked by the client, independent of any time.
        let outcome = if let Some(o) = input.get("created_offset_seconds") {
            let o = o.as_i64().unwrap();
            Client::new("https://a.example", Credentials::new("k", "s").unwrap())
                .unwrap()
                .with_created_offset(o)
                .map(|_| ())
        } else {
            config_outcome(input)
        };
        match (outcome, c["expect"].get("error").and_then(Value::as_str)) {
            (Ok(()), None) => Ok(()),
            (Ok(()), Some(want)) => Err(format!("accepted; want {want}")),
            (Err(e), None) => Err(format!("rejected with {}: {e}", e.code())),
            (Err(e), Some(want)) => eq("code", e.code().as_str(), want),
        }
    });
}

#[test]
fn responses() {
    run("responses.json", |c| {
        let status = c["status"].as_u64().unwrap() as u16;
        let want = &c["expect"];
        match (
            parse_call_verify_response(status, &body_of(c)),
            str_of(want, "outcome"),
        ) {
            (Ok(r), "success") => {
                eq(
                    "session_id",
                    r.session_id.as_str(),
                    str_of(want, "session_id"),
                )?;
                eq(
                    "idle_port",
                    r.idle_port.map(i64::from),
                    want["idle_port"].as_i64(),
                )
            }
            (Err(Error::Api(a)), "api_error") => {
                eq(
                    "result_code",
                    a.result_code.as_str(),
                    str_of(want, "result_code"),
                )?;
                eq(
                    "result_desc",
                    a.result_desc.as_str(),
                    str_of(want, "result_desc"),
                )?;
                eq("http_status", a.http_status, status)?;
                let category = a
                    .entry
                    .as_ref()
                    .map(|e| json!(e.category.as_str()))
                    .unwrap_or(Value::Null);
                eq("category", &category, &want["category"])?;
                let retry = a
                    .entry
                    .as_ref()
                    .map(|e| serde_json::to_value(e.retry).unwrap())
                    .unwrap_or(Value::Null);
                eq("retry", &retry, &want["retry"])
            }
            (Err(e @ Error::Parse(_)), "parse_error") => {
                eq("code", e.code().as_str(), str_of(want, "code"))?;
                eq("field", e.field(), want["field"].as_str())?;
                eq("http_status", e.http_status(), Some(status))
            }
            (got, outcome) => Err(format!("got {got:?}, want {outcome}")),
        }
    });
}

#[test]
fn result_code_lookups() {
    run("result_code_lookups.json", |c| {
        let status = c
            .get("http_status")
            .and_then(Value::as_u64)
            .map(|s| s as u16);
        let want = &c["expect"];
        match (
            lookup(str_of(c, "code"), status),
            want.get("error").and_then(Value::as_str),
        ) {
            (Err(e), Some(code)) => {
                eq("error", e.code().as_str(), code)?;
                message_hints(&e.to_string(), want)
            }
            (Err(e), None) => Err(format!("error {e}")),
            (Ok(_), Some(code)) => Err(format!("found; want error {code}")),
            (Ok(None), None) => eq("found", false, want["found"].as_bool().unwrap()),
            (Ok(Some(entry)), None) => {
                eq("found", true, want["found"].as_bool().unwrap())?;
                eq(
                    "http_status",
                    i64::from(entry.http_status),
                    want["http_status"].as_i64().unwrap(),
                )?;
                eq(
                    "category",
                    entry.category.as_str(),
                    str_of(want, "category"),
                )?;
                eq(
                    "retry",
                    serde_json::to_value(entry.retry).unwrap(),
                    want["retry"].clone(),
                )
            }
        }
    });
}

#[test]
fn push_auth() {
    run("push_auth.json", |c| {
        let credentials = Credentials::new(str_of(c, "app_key"), str_of(c, "app_secret"))
            .map_err(|e| e.to_string())?;
        let headers: Vec<(String, String)> = c["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_owned(),
                    h[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let o = &c["options"];
        let options = VerifyOptions {
            window_seconds: o.get("window_seconds").map_or(300, |w| w.as_i64().unwrap()),
            allow_unsigned: o
                .get("allow_unsigned")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            digest_form: o
                .get("digest_form")
                .and_then(Value::as_str)
                .and_then(DigestForm::from_name),
            created_offset_seconds: o.get("created_offset_seconds").and_then(Value::as_i64),
        };
        let want = &c["expect"];
        let got = verify_push(
            &headers,
            str_of(c, "url"),
            &credentials,
            c["now"].as_i64().unwrap(),
            &options,
        );
        match (got, want.get("error").and_then(Value::as_str)) {
            (Err(e), Some(code)) => {
                eq("error", e.code().as_str(), code)?;
                message_hints(&e.to_string(), want)
            }
            (Err(e), None) => Err(format!("rejected: {} {e}", e.code())),
            (Ok(v), Some(code)) => Err(format!("accepted ({v:?}); want {code}")),
            (Ok(PushVerification::Unsigned), None) => {
                eq("verified", false, want["verified"].as_bool().unwrap())
            }
            (Ok(v), None) => {
                eq("verified", true, want["verified"].as_bool().unwrap())?;
                eq(
                    "digest_form",
                    v.digest_form().map(DigestForm::as_str),
                    want["digest_form"].as_str(),
                )?;
                eq("replay_key", v.replay_key(), want["replay_key"].as_str())?;
                eq(
                    "created_offset_seconds",
                    v.created_offset_seconds().map(i64::from),
                    want["created_offset_seconds"].as_i64(),
                )?;
                eq(
                    "remember",
                    v.remember_for_seconds(),
                    want["remember_for_seconds"].as_i64(),
                )
            }
        }
    });
}

#[test]
fn auth_headers() {
    run("auth_headers.json", |c| {
        let syntax = match str_of(c, "syntax") {
            "strict" => HeaderSyntax::Strict,
            "lenient" => HeaderSyntax::Lenient,
            other => panic!("unknown syntax {other}"),
        };
        let value = str_of(c, "value");
        let want = &c["expect"];
        let got = match str_of(c, "header") {
            "authorization" => parse_authorization(value, syntax).map(|a| {
                json!({
                    "attributes": {"realm": a.realm, "profile": a.profile, "type": a.kind},
                    "wrong_attribute": a.wrong_attribute().map(Attribute::as_str),
                })
            }),
            "x_aksk" => parse_x_aksk(value, syntax).map(|x| {
                json!({"attributes": {
                    "username": x.username,
                    "password_digest": x.password_digest,
                    "nonce": x.nonce,
                    "created": x.created,
                }})
            }),
            other => panic!("unknown header {other}"),
        };
        match got {
            Ok(got) => eq("outcome", &got, want),
            Err(e) => {
                let (problem, attribute) = match e.problem() {
                    HeaderProblem::NoScheme => ("no_scheme", None),
                    HeaderProblem::Syntax => ("syntax", None),
                    HeaderProblem::Missing(a) => ("missing", Some(a.as_str())),
                };
                let mut got = json!({"error": e.code().as_str(), "problem": problem});
                if let Some(a) = attribute {
                    got["attribute"] = json!(a);
                }
                eq("outcome", &got, want)?;
                // The message never quotes a digest from the value.
                let digests = value
                    .split('"')
                    .filter(|v| v.len() == 44 && v.ends_with('='));
                for digest in digests {
                    if e.message().contains(digest) {
                        return Err(format!("message {:?} contains the digest", e.message()));
                    }
                }
                Ok(())
            }
        }
    });
}

#[test]
fn pushes() {
    run("pushes.json", |c| {
        let want = &c["expect"];
        match (
            parse_push(&body_of(c)),
            want.get("error").and_then(Value::as_str),
        ) {
            (Err(e), Some(code)) => {
                eq("error", e.code().as_str(), code)?;
                match want.get("field") {
                    Some(f) => eq("field", e.field(), f.as_str()),
                    None => Ok(()),
                }
            }
            (Err(e), None) => Err(format!("rejected: {} {e}", e.code())),
            (Ok(p), Some(code)) => Err(format!("accepted ({p:?}); want {code}")),
            (Ok(push), None) => {
                // The vectors name fields in snake_case; the types serialise with the wire's camelCase.
                let mut got = snake_keys(serde_json::to_value(&push).unwrap());
                if let Push::Status(event) = &push {
                    got["hangup_category"] = event
                        .hangup_cause()
                        .map_or(Value::Null, |h| json!(h.category.as_str()));
                }
                if let Push::Fee(batch) = &push {
                    got["dedupe_keys"] = json!(
                        batch
                            .records
                            .iter()
                            .map(|r| r.dedupe_key())
                            .collect::<Vec<_>>()
                    );
                }
                // Every key the vector names must match; keys it leaves out are not compared.
                for (key, value) in want.as_object().unwrap() {
                    eq(key, &got[key], value)?;
                }
                Ok(())
            }
        }
    });
}

/// `value` with every object key in snake_case (`sessionId` → `session_id`, `dynIvrPath` → `dyn_ivr_path`).
fn snake_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let mut snake = String::new();
                    for ch in k.chars() {
                        if ch.is_ascii_uppercase() {
                            snake.push('_');
                        }
                        snake.push(ch.to_ascii_lowercase());
                    }
                    (snake, snake_keys(v))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

/// A push_auth case's `message_contains` / `message_excludes`: what the message must (not) say.
fn message_hints(message: &str, want: &Value) -> Result<(), String> {
    let texts = |key: &str| -> Vec<&str> {
        want.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    for text in texts("message_contains") {
        if !message.contains(text) {
            return Err(format!("message {message:?} lacks {text:?}"));
        }
    }
    for text in texts("message_excludes") {
        if message.contains(text) {
            return Err(format!("message {message:?} contains {text:?}"));
        }
    }
    Ok(())
}
