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

/// A natural number in base 10^9, least significant limb first (build time only: the two
/// constants of `src/number.rs`).
struct Big(Vec<u64>);

impl Big {
    const BASE: u64 = 1_000_000_000;

    fn one() -> Self {
        Big(vec![1])
    }

    fn times(mut self, factor: u64, count: u32) -> Self {
        for _ in 0..count {
            let mut carry = 0;
            for limb in &mut self.0 {
                let v = *limb * factor + carry;
                *limb = v % Self::BASE;
                carry = v / Self::BASE;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self
    }

    /// `self − other` (`self ≥ other`).
    fn minus(mut self, other: &Big) -> Self {
        let mut borrow = 0;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let sub = other.0.get(i).copied().unwrap_or(0) + borrow;
            borrow = u64::from(*limb < sub);
            *limb = *limb + borrow * Self::BASE - sub;
        }
        self
    }

    fn digits(&self) -> String {
        let mut limbs = self.0.iter().rev().skip_while(|&&l| l == 0);
        let mut out = limbs.next().map_or("0".to_owned(), u64::to_string);
        for limb in limbs {
            write!(out, "{limb:09}").unwrap_or(());
        }
        out
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=data/result_codes.json");
    println!("cargo:rerun-if-changed=data/hangup_causes.json");
    let out = PathBuf::from(env::var("OUT_DIR")?);

    let codes: Vec<ResultCode> =
        serde_json::from_str(&fs::read_to_string("data/result_codes.json")?)?;
    let mut src = String::from("fn result_code_table() -> Vec<ResultCodeEntry> {\n    vec![\n");
    for c in &codes {
        let retry = match (c.retry.kind.as_str(), c.retry.seconds) {
            ("never", None) => "RetryAdvice::Never".to_owned(),
            ("after_seconds", Some(s)) => format!("RetryAdvice::AfterSeconds {{ seconds: {s} }}"),
            ("immediately_with_fresh_signature", None) => {
                "RetryAdvice::ImmediatelyWithFreshSignature".to_owned()
            }
            other => return Err(format!("bad retry {other:?} for {}", c.code).into()),
        };
        writeln!(
            src,
            "        ResultCodeEntry {{ http_status: {}, code: {:?}.to_owned(), description_en: {:?}.to_owned(), \
             description_zh: {:?}.to_owned(), action_en: {:?}.to_owned(), action_zh: {:?}.to_owned(), \
             category: ResultCategory::{}, retry: {} }},",
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
    src.push_str("    ]\n}\n");
    fs::write(out.join("result_codes.rs"), src)?;

    let causes: Vec<HangupCause> =
        serde_json::from_str(&fs::read_to_string("data/hangup_causes.json")?)?;
    let mut src = String::from("fn hangup_cause_table() -> Vec<HangupCause> {\n    vec![\n");
    for c in &causes {
        writeln!(
            src,
            "        HangupCause {{ code: {}, meaning_en: {:?}.to_owned(), meaning_zh: {:?}.to_owned(), \
             category: HangupCategory::{} }},",
            c.code,
            c.meaning_en,
            c.meaning_zh,
            variant(&c.category)
        )?;
    }
    src.push_str("    ]\n}\n");
    fs::write(out.join("hangup_causes.rs"), src)?;

    // The largest double is (2^53 − 1) · 2^971; halfway to the next power of two, 2^1024 − 2^970,
    // decimals round (ties to even) to infinity. Half the smallest subnormal, 2^-1075 = 5^1075/10^1075.
    let overflow = Big::one().times(2, 1024).minus(&Big::one().times(2, 970));
    let half_subnormal = Big::one().times(5, 1075).digits();
    fs::write(
        out.join("number_constants.rs"),
        format!(
            "/// 2^1024 − 2^970: from this decimal on, the nearest double is infinite (its 309 digits).\n\
             const OVERFLOW_FROM: &[u8] = b\"{}\";\n\
             /// 2^-1075, half the smallest subnormal double: its 1075 digits after the point.\n\
             const HALF_SMALLEST_SUBNORMAL: &[u8] = b\"{:0>1075}\";\n",
            overflow.digits(),
            half_subnormal
        ),
    )?;
    Ok(())
}
