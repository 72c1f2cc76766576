//! Turns the data files in `data/` (the one source of the result-code and hangup-cause tables)
//! into static Rust arrays, so look-ups cost nothing at run time and cannot fail.

use std::{env, fmt::Write as _, fs, path::PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
struct Retry {
    kind: String,
    seconds: Option<u32>,
}

#[derive(Deserialize)]
struct ResultCode {
    http_status: u16,
    code: String,
    description_en: String,
    description_zh: String,
    action_en: String,
    action_zh: String,
    category: String,
    retry: Retry,
}

#[derive(Deserialize)]
struct HangupCause {
    code: i64,
    meaning_en: String,
    meaning_zh: String,
    category: String,
}

fn variant(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=data/result_codes.json");
    println!("cargo:rerun-if-changed=data/hangup_causes.json");
    let out = PathBuf::from(env::var("OUT_DIR")?);

    let codes: Vec<ResultCode> =
        serde_json::from_str(&fs::read_to_string("data/result_codes.json")?)?;
    let mut src = String::from("pub(crate) static RESULT_CODES: &[ResultCodeEntry] = &[\n");
    for c in &codes {
        let retry = match (c.retry.kind.as_str(), c.retry.seconds) {
            ("never", None) => "RetryAdvice::Never".to_owned(),
            ("after_seconds", Some(s)) => format!("RetryAdvice::AfterSeconds({s})"),
            ("immediately_with_fresh_signature", None) => {
                "RetryAdvice::ImmediatelyWithFreshSignature".to_owned()
            }
            other => return Err(format!("bad retry {other:?} for {}", c.code).into()),
        };
        writeln!(
            src,
            "    ResultCodeEntry {{ http_status: {}, code: {:?}, description_en: {:?}, description_zh: {:?}, \
             action_en: {:?}, action_zh: {:?}, category: ResultCategory::{}, retry: {} }},",
            c.http_status,
            c.code,
            c.description_en,
            c.description_zh,
            c.action_en,
            c.action_zh,
            variant(&c.category),
            retry
        )?;
    }
    src.push_str("];\n");
    fs::write(out.join("result_codes.rs"), src)?;

    let causes: Vec<HangupCause> =
        serde_json::from_str(&fs::read_to_string("data/hangup_causes.json")?)?;
    let mut src = String::from("pub(crate) static HANGUP_CAUSES: &[HangupCause] = &[\n");
    for c in &causes {
        writeln!(
            src,
            "    HangupCause {{ code: {}, meaning_en: {:?}, meaning_zh: {:?}, category: HangupCategory::{} }},",
            c.code,
            c.meaning_en,
            c.meaning_zh,
            variant(&c.category)
        )?;
    }
    src.push_str("];\n");
    fs::write(out.join("hangup_causes.rs"), src)?;
    Ok(())
}
