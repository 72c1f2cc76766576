//! Reading a callVerify body off the wire into the core's [`CallVerifyRequest`], so the core's
//! table-4 validation judges it. Types are checked strictly (a number where a string belongs, a
//! boolean `returnIdlePort`, a `statusUrl` that is not base64 are all parameter errors).

use base64::{Engine as _, engine::general_purpose::STANDARD};
use callverify_core::CallVerifyRequest;
use serde_json::{Map, Value};

use super::Rejection;

/// Parses and validates a body; on failure, the platform's answer.
pub(crate) fn parse_body(body: &[u8]) -> Result<CallVerifyRequest, Rejection> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Rejection::request("1010002", format!("the body is not JSON ({e})")))?;
    let Value::Object(obj) = value else {
        return Err(Rejection::request(
            "1010002",
            "the body is not a JSON object",
        ));
    };
    let mut problems = Vec::new();
    let mut get_str = |name: &str, required: bool| -> Option<String> {
        match obj.get(name) {
            None | Some(Value::Null) => {
                if required {
                    problems.push(format!("{name}: missing"));
                }
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                problems.push(format!(
                    "{name}: must be a JSON string, not {}",
                    kind(other)
                ));
                None
            }
        }
    };
    let display = get_str("displayNbr", true);
    let callee = get_str("calleeNbr", true);
    let pre_tone = get_str("preTone", true);
    let verify_code = get_str("verifyCode", true);
    let pos_tone = get_str("posTone", false);
    let status_url = get_str("statusUrl", false);
    let fee_url = get_str("feeUrl", false);
    let return_idle_port = get_str("returnIdlePort", false);
    let user_data = get_str("userData", false);
    let language = get_int(&obj, "languageType", true, &mut problems);
    let times = get_int(&obj, "times", false, &mut problems);

    let status_url = status_url.and_then(|u| decode_url("statusUrl", &u, &mut problems));
    let fee_url = fee_url.and_then(|u| decode_url("feeUrl", &u, &mut problems));
    let return_idle_port = match return_idle_port.as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            problems.push(format!(
                "returnIdlePort: must be the string \"true\" or \"false\", not {other:?}"
            ));
            None
        }
    };
    if !problems.is_empty() {
        return Err(Rejection::request("1020001", problems.join("; ")));
    }
    let request = CallVerifyRequest {
        display_nbr: display.unwrap_or_default(),
        callee_nbr: callee.unwrap_or_default(),
        language_type: language.unwrap_or_default(),
        pre_tone: pre_tone.unwrap_or_default(),
        verify_code: verify_code.unwrap_or_default(),
        pos_tone,
        times,
        status_url,
        fee_url,
        return_idle_port,
        user_data,
    };
    if let Err(err) = request.validate() {
        let only_display = err.violations.iter().all(|v| v.field == "displayNbr");
        let reason = err
            .violations
            .iter()
            .map(|v| format!("{}: {} ({})", v.field, v.message, v.code))
            .collect::<Vec<_>>()
            .join("; ");
        let code = if only_display { "1010023" } else { "1020001" };
        return Err(Rejection::request(code, reason));
    }
    Ok(request)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn get_int(
    obj: &Map<String, Value>,
    name: &str,
    required: bool,
    problems: &mut Vec<String>,
) -> Option<i64> {
    match obj.get(name) {
        None | Some(Value::Null) => {
            if required {
                problems.push(format!("{name}: missing"));
            }
            None
        }
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => Some(i),
            None => {
                problems.push(format!("{name}: must be an integer, not {n}"));
                None
            }
        },
        Some(other) => {
            problems.push(format!(
                "{name}: must be a JSON integer, not {}",
                kind(other)
            ));
            None
        }
    }
}

/// Decodes a base64 push URL (standard alphabet, padded) to the plain URL.
fn decode_url(name: &str, encoded: &str, problems: &mut Vec<String>) -> Option<String> {
    if encoded.len() > 128 {
        problems.push(format!(
            "{name}: {} characters; at most 128 (base64-encoded) are allowed",
            encoded.len()
        ));
        return None;
    }
    match STANDARD
        .decode(encoded)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
    {
        Some(url) => Some(url),
        None => {
            problems.push(format!(
                "{name}: not standard padded base64 of a URL (the platform expects the URL base64-encoded)"
            ));
            None
        }
    }
}
