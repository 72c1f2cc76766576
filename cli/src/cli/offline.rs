//! The commands that need no network: sign, build, explain, parse-push, verify-push, code.

use std::io::Read;

use callverify_core::clocks::utc_name;
use callverify_core::result_codes::{self, ResultCodeEntry};
use callverify_core::sign::{Created, Signature};
use callverify_core::{
    CallVerifyRequest, Client, ErrorCode, HttpRequest, Nonce, Push, PushVerification,
    VerifyOptions, encode_user_data, generate_verify_code, parse_push as core_parse_push, unix_now,
    verify_push as core_verify_push,
};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use super::args::{
    BuildArgs, BuildFormat, CodeArgs, ExplainArgs, ParsePushArgs, ParseResponseArgs, RequestArgs,
    SignArgs, TextOrJson, VerifyPushArgs,
};
use super::{
    EXIT_REJECTED, Failure, core_failure, credentials, offset_flag, offset_seconds, print,
    print_json, retry_text, snake_json,
};

fn nonce(flag: Option<&str>) -> Result<Nonce, Failure> {
    match flag {
        Some(n) => Nonce::new(n).map_err(|e| core_failure(&e)),
        None => Nonce::generate().map_err(|e| core_failure(&e)),
    }
}

fn now(flag: Option<i64>) -> Result<i64, Failure> {
    match flag {
        Some(t) => Ok(t),
        None => unix_now().map_err(|e| core_failure(&e)),
    }
}

/// `callverify sign`.
pub(super) fn sign(args: &SignArgs) -> Result<(), Failure> {
    let credentials = credentials(&args.app_key)?;
    let created = match &args.created {
        Some(stamp) => {
            let unix = crate::stamp::parse_created(stamp).ok_or_else(|| {
                Failure::invalid(format!(
                    "--created: {stamp:?} is not a Created stamp; write YYYY-MM-DDTHH:MM:SSZ, e.g. 2018-05-26T00:35:30Z ({})",
                    ErrorCode::CreatedFormat
                ))
            })?;
            // Written again by the core: identical to the given stamp (parse_created checks that).
            Created::from_unix(unix, 0).map_err(|e| core_failure(&e))?
        }
        None => {
            let offset = offset_seconds(args.created_offset.as_deref())?;
            let t = now(args.now)?;
            Created::from_unix(t, offset.into()).map_err(|e| core_failure(&e))?
        }
    };
    let nonce = nonce(args.nonce.as_deref())?;
    let signature = Signature::new(&credentials, nonce, created);
    match args.format {
        TextOrJson::Text => print(&format!(
            "Authorization: {}\nX-AKSK: {}\n",
            signature.authorization(),
            signature.x_aksk()
        )),
        TextOrJson::Json => print_json(&json!({
            "authorization": signature.authorization(),
            "x_aksk": signature.x_aksk(),
            "nonce": signature.nonce(),
            "created": signature.created(),
            "password_digest": signature.password_digest(),
        })),
    }
    Ok(())
}

/// Reads a file, or stdin for "-".
pub(crate) fn read_input(path: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    result.map_err(|e| Failure::other(format!("{path}: could not read: {e}")))?;
    Ok(bytes)
}

/// The request from `--request FILE` and the flags (flags win).
fn request_from(args: &RequestArgs) -> Result<CallVerifyRequest, Failure> {
    let mut request = CallVerifyRequest::new("", "", "", "");
    if let Some(path) = &args.request {
        let bytes = read_input(path)?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| Failure::invalid(format!("--request: {path} is not JSON: {e}")))?;
        let Value::Object(obj) = value else {
            return Err(Failure::invalid(format!(
                "--request: {path} is not a JSON object"
            )));
        };
        request = request_from_json(&obj)?;
    }
    let set = |target: &mut String, flag: &Option<String>| {
        if let Some(v) = flag {
            target.clone_from(v);
        }
    };
    set(&mut request.display_nbr, &args.display);
    set(&mut request.callee_nbr, &args.callee);
    set(&mut request.verify_code, &args.code);
    set(&mut request.pre_tone, &args.pre_tone);
    if let Some(v) = &args.pos_tone {
        request.pos_tone = Some(v.clone());
    }
    if let Some(v) = args.times {
        request.times = Some(v);
    }
    if let Some(v) = args.language {
        request.language_type = v;
    }
    if let Some(v) = &args.status_url {
        request.status_url = Some(v.clone());
    }
    if let Some(v) = &args.fee_url {
        request.fee_url = Some(v.clone());
    }
    if let Some(v) = args.return_idle_port {
        request.return_idle_port = Some(v);
    }
    if let Some(v) = &args.user_data {
        request.user_data = Some(v.clone());
    }
    if let Some(text) = &args.user_data_text {
        request.user_data = Some(encode_user_data(text));
    }
    Ok(request)
}

/// A request from a JSON object with the table-4 names (plain URLs, boolean returnIdlePort).
fn request_from_json(obj: &Map<String, Value>) -> Result<CallVerifyRequest, Failure> {
    let mut problems = Vec::new();
    let mut text = |name: &str| -> Option<String> {
        match obj.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                problems.push(format!("{name}: must be a JSON string (--request)"));
                None
            }
        }
    };
    let mut request = CallVerifyRequest::new(
        text("displayNbr").unwrap_or_default(),
        text("calleeNbr").unwrap_or_default(),
        text("verifyCode").unwrap_or_default(),
        text("preTone").unwrap_or_default(),
    );
    request.pos_tone = text("posTone");
    request.status_url = text("statusUrl");
    request.fee_url = text("feeUrl");
    request.user_data = text("userData");
    let mut int = |name: &str| -> Option<i64> {
        match obj.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(_) => {
                problems.push(format!("{name}: must be a JSON integer (--request)"));
                None
            }
        }
    };
    if let Some(l) = int("languageType") {
        request.language_type = l;
    }
    request.times = int("times");
    match obj.get("returnIdlePort") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(b)) => request.return_idle_port = Some(*b),
        Some(_) => problems.push("returnIdlePort: must be true or false (--request)".to_owned()),
    }
    if problems.is_empty() {
        Ok(request)
    } else {
        Err(Failure {
            exit: super::EXIT_INVALID,
            lines: problems,
        })
    }
}

/// Validates, builds and signs the request of `build`/`send`.
pub(crate) fn build_request(args: &RequestArgs) -> Result<HttpRequest, Failure> {
    let credentials = credentials(&args.app_key)?;
    let offset = offset_seconds(args.created_offset.as_deref())?;
    let client = Client::new(&args.base_url, credentials)
        .and_then(|c| c.with_created_offset(offset.into()))
        .map_err(|e| core_failure(&e))?;
    let request = request_from(args)?;
    let prepared = client
        .prepare_call_verify(&request)
        .map_err(|e| core_failure(&e))?;
    let nonce = nonce(args.nonce.as_deref())?;
    let t = now(args.now)?;
    prepared.sign(t, nonce).map_err(|e| core_failure(&e))
}

/// The headers of a request as a JSON object in their order.
struct OrderedHeaders<'a>(&'a [callverify_core::HttpHeader]);

impl Serialize for OrderedHeaders<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for h in self.0 {
            map.serialize_entry(&h.name, &h.value)?;
        }
        map.end()
    }
}

#[derive(serde::Serialize)]
struct BuiltRequest<'a> {
    method: &'a str,
    url: &'a str,
    headers: OrderedHeaders<'a>,
    body: &'a str,
}

/// Quotes a word for POSIX shells.
pub(crate) fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=,@+%".contains(&b))
    {
        return text.to_owned();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `host[:port]` of a URL built by the core.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// `callverify build`.
pub(super) fn build(args: &BuildArgs) -> Result<(), Failure> {
    let http = build_request(&args.request)?;
    match args.format {
        BuildFormat::Json => print_json(&BuiltRequest {
            method: &http.method,
            url: &http.url,
            headers: OrderedHeaders(&http.headers),
            body: &http.body,
        }),
        BuildFormat::Curl => {
            let mut out = format!("curl -sS -X POST {}", shell_quote(&http.url));
            for h in &http.headers {
                out.push_str(&format!(
                    " \\\n  -H {}",
                    shell_quote(&format!("{}: {}", h.name, h.value))
                ));
            }
            out.push_str(&format!(" \\\n  --data-raw {}\n", shell_quote(&http.body)));
            print(&out);
        }
        BuildFormat::Http => {
            let path = callverify_core::client::CALL_VERIFY_PATH;
            let mut out = format!(
                "{} {path} HTTP/1.1\r\nHost: {}\r\n",
                http.method,
                authority(&http.url)
            );
            for h in &http.headers {
                out.push_str(&format!("{}: {}\r\n", h.name, h.value));
            }
            out.push_str(&format!(
                "Content-Length: {}\r\n\r\n{}",
                http.body.len(),
                http.body
            ));
            print(&out);
        }
    }
    Ok(())
}

fn entry_text(e: &ResultCodeEntry) -> String {
    format!(
        "{} at HTTP {}: {}\n  中文:       {}\n  category:   {}\n  retry:      {}\n  what to do: {}\n  处理方法:   {}\n",
        e.code,
        e.http_status,
        e.description_en,
        e.description_zh,
        e.category.as_str(),
        retry_text(e.retry),
        e.action_en,
        e.action_zh
    )
}

/// `callverify explain`.
pub(super) fn explain(args: &ExplainArgs) -> Result<(), Failure> {
    match result_codes::lookup(&args.code, args.status) {
        Ok(Some(entry)) => {
            match args.format {
                TextOrJson::Text => print(&entry_text(&entry)),
                TextOrJson::Json => print_json(&snake_json(&entry)),
            }
            Ok(())
        }
        Ok(None) => Err(Failure::other(format!(
            "{}: not a result code of the platform's table (see the callVerify result codes, table 6)",
            args.code
        ))),
        Err(err) => {
            // Ambiguous without a status: show every meaning, then ask for --status.
            let rows: Vec<ResultCodeEntry> = result_codes::all()
                .into_iter()
                .filter(|e| e.code == args.code)
                .collect();
            match args.format {
                TextOrJson::Text => {
                    for row in &rows {
                        print(&entry_text(row));
                    }
                }
                TextOrJson::Json => print_json(&snake_json(&rows)),
            }
            Err(core_failure(&err))
        }
    }
}

/// The push as JSON (the core's serialisation), plus for status events `hangup_category` and, when
/// the code is known, `hangup_cause`; for fee batches the `dedupe_keys` of the records. A
/// `collect_info` push (digits collected) is the core's serialisation as it is.
pub(crate) fn push_json(push: &Push) -> Value {
    let mut value = snake_json(push);
    let Value::Object(obj) = &mut value else {
        return value;
    };
    match push {
        Push::Status(event) => {
            let cause = event.hangup_cause();
            obj.insert(
                "hangup_category".to_owned(),
                cause
                    .as_ref()
                    .map_or(Value::Null, |c| Value::from(c.category.as_str())),
            );
            if let Some(cause) = cause {
                obj.insert("hangup_cause".to_owned(), snake_json(&cause));
            }
        }
        Push::Fee(batch) => {
            obj.insert(
                "dedupe_keys".to_owned(),
                batch
                    .records
                    .iter()
                    .map(|r| Value::from(r.dedupe_key()))
                    .collect(),
            );
        }
        Push::CollectInfo(_) | Push::Unknown(_) => {}
    }
    value
}

/// `callverify parse-response`.
pub(super) fn parse_response(args: &ParseResponseArgs) -> Result<(), Failure> {
    let bytes = read_input(&args.file)?;
    let outcome = crate::send::Outcome::from_answer(args.status, &bytes);
    match args.format {
        TextOrJson::Text => print(&outcome.to_text()),
        TextOrJson::Json => print_json(&outcome.to_json()),
    }
    if outcome.is_success() {
        Ok(())
    } else {
        Err(Failure {
            exit: super::EXIT_FAILURE,
            lines: Vec::new(),
        })
    }
}

/// `callverify parse-push`.
pub(super) fn parse_push(args: &ParsePushArgs) -> Result<(), Failure> {
    let bytes = read_input(&args.file)?;
    let push = core_parse_push(&bytes).map_err(|e| core_failure(&e))?;
    print_json(&push_json(&push));
    Ok(())
}

/// `Name: value` → (name, value); the value keeps everything after the colon but leading blanks.
fn split_header(text: &str) -> Result<(String, String), Failure> {
    let (name, value) = text.split_once(':').ok_or_else(|| {
        Failure::invalid(format!(
            "--header: {:?} is not 'Name: value'",
            text.chars().take(40).collect::<String>()
        ))
    })?;
    Ok((
        name.to_owned(),
        value.trim_start_matches([' ', '\t']).to_owned(),
    ))
}

/// Headers from a JSON file: `[[name, value], …]` or `{name: value, …}`.
fn headers_from_json(path: &str) -> Result<Vec<(String, String)>, Failure> {
    let bytes = read_input(path)?;
    let bad = || {
        Failure::invalid(format!(
            "--headers-json: {path} is not a JSON list of [name, value] pairs or an object of strings"
        ))
    };
    let value: Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| match item.as_array().map(Vec::as_slice) {
                Some([Value::String(n), Value::String(v)]) => Ok((n.clone(), v.clone())),
                _ => Err(bad()),
            })
            .collect(),
        Value::Object(map) => map
            .into_iter()
            .map(|(n, v)| match v {
                Value::String(v) => Ok((n, v)),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

/// `callverify verify-push`.
pub(super) fn verify_push(args: &VerifyPushArgs) -> Result<(), Failure> {
    let credentials = credentials(&args.app_key)?;
    let mut headers = match &args.headers_json {
        Some(path) => headers_from_json(path)?,
        None => Vec::new(),
    };
    for h in &args.headers {
        headers.push(split_header(h)?);
    }
    let mut options = VerifyOptions {
        allow_unsigned: args.allow_unsigned,
        digest_form: args.digest_form.map(Into::into),
        // Unset: UTC and Beijing time are both accepted.
        created_offset_seconds: match args.created_offset.as_deref() {
            Some(flag) => Some(offset_flag("--created-offset", flag)?.into()),
            None => None,
        },
        ..VerifyOptions::default()
    };
    if let Some(w) = args.window {
        options.window_seconds = w;
    }
    let t = now(args.now)?;
    match core_verify_push(&headers, &args.url, &credentials, t, &options) {
        Ok(result) => {
            match (args.format, &result) {
                (TextOrJson::Json, _) => print_json(&snake_json(&result)),
                (
                    TextOrJson::Text,
                    PushVerification::Verified {
                        digest_form,
                        created_offset_seconds,
                        replay_key,
                        remember_for_seconds,
                    },
                ) => {
                    let clock = utc_name(*created_offset_seconds);
                    print(&format!(
                        "verified ({} digest form, Created in {clock})\nreplay key: {replay_key} (remember it {remember_for_seconds} s and reject repeats)\n",
                        digest_form.as_str()
                    ));
                }
                (TextOrJson::Text, PushVerification::Unsigned) => print(
                    "unsigned: accepted without verification because --allow-unsigned was given\n",
                ),
            }
            Ok(())
        }
        Err(e) => {
            let mut failure = core_failure(&e);
            if failure.exit == EXIT_REJECTED {
                failure.lines = failure
                    .lines
                    .into_iter()
                    .map(|l| format!("rejected: {l}"))
                    .collect();
            }
            Err(failure)
        }
    }
}

/// `callverify code`.
pub(super) fn code(args: &CodeArgs) -> Result<(), Failure> {
    let code = generate_verify_code(args.digits).map_err(|e| core_failure(&e))?;
    print(&format!("{code}\n"));
    Ok(())
}
