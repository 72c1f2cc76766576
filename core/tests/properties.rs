//! Property tests (proptest, 256 cases each by default).

use base64::{Engine as _, engine::general_purpose::STANDARD};
use callverify_core::auth_header::{HeaderSyntax, parse_x_aksk};
use callverify_core::push_auth::sign_push;
use callverify_core::{
    CallVerifyRequest, Client, Credentials, DigestForm, Nonce, VerifyOptions,
    parse_call_verify_response, parse_push, verify_push,
};
use proptest::prelude::*;
use serde_json::Value;

fn secret() -> impl Strategy<Value = String> {
    "[ -~]{1,80}|\\PC{1,20}"
}
fn nonce() -> impl Strategy<Value = String> {
    "[0-9A-Za-z]{1,128}"
}
fn push_url() -> impl Strategy<Value = String> {
    "https?://[a-z0-9-]{1,20}(\\.[a-z]{2,6})?(:[0-9]{2,5})?(/[A-Za-z0-9.-]{0,20}){0,3}"
}
fn time() -> impl Strategy<Value = i64> {
    0i64..=253_402_300_799 - 600
}

proptest! {
    #[test]
    fn sign_then_verify_round_trips(
        secret in secret(), nonce in nonce(), url in push_url(), t in time(), skew in -300i64..=300,
        newline in any::<bool>(),
    ) {
        let credentials = Credentials::new("app-key-1", secret).unwrap();
        let form = if newline { DigestForm::Newline } else { DigestForm::Concatenated };
        let headers = sign_push(&credentials, &url, &nonce, t, form).unwrap();
        let verified = verify_push(&headers, &url, &credentials, t + skew, &VerifyOptions::default()).unwrap();
        prop_assert_eq!(verified.digest_form(), Some(form));
        prop_assert!(verified.replay_key().unwrap().starts_with(&nonce));
    }

    #[test]
    fn changing_any_input_fails_verification(
        secret in secret(), nonce in nonce(), url in push_url(), t in time(), which in 0usize..5,
    ) {
        let credentials = Credentials::new("app-key-1", secret.clone()).unwrap();
        let headers = sign_push(&credentials, &url, &nonce, t, DigestForm::Newline).unwrap();
        let options = VerifyOptions::default();
        let result = match which {
            0 => verify_push(&headers, &format!("{url}x"), &credentials, t, &options),
            1 => {
                let other = Credentials::new("app-key-1", format!("{secret}x")).unwrap();
                verify_push(&headers, &url, &other, t, &options)
            }
            2 => {
                let tampered: Vec<(String, String)> = headers.iter()
                    .map(|(n, v)| (n.clone(), v.replace(&format!("Nonce=\"{nonce}\""), &format!("Nonce=\"{nonce}0\""))))
                    .collect();
                verify_push(&tampered, &url, &credentials, t, &options)
            }
            3 => {
                let later = sign_push(&credentials, &url, &nonce, t + 1, DigestForm::Newline).unwrap();
                // Keep the old digest with the new Created.
                let old_digest = headers[1].1.split("PasswordDigest=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
                let new_digest = later[1].1.split("PasswordDigest=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
                let spliced = vec![later[0].clone(), (later[1].0.clone(), later[1].1.replace(&new_digest, &old_digest))];
                verify_push(&spliced, &url, &credentials, t, &options)
            }
            _ => {
                let other_key = Credentials::new("app-key-2", secret).unwrap();
                verify_push(&headers, &url, &other_key, t, &options)
            }
        };
        prop_assert!(result.is_err());
    }

    #[test]
    fn valid_requests_build_bodies_that_parse_back(
        display in "\\+86[1-9][0-9]{3,12}",
        callee in "\\+86[1-9][0-9]{3,12}",
        code in "[0-9]{2,8}",
        pre in "[A-Za-z0-9_-]{1,60}\\.(wav|WAV)",
        pos in proptest::option::of("[A-Za-z0-9_-]{1,60}\\.wav"),
        times in proptest::option::of(0i64..=9),
        status_url in proptest::option::of("https://[a-z]{1,30}\\.example\\.com(:[0-9]{2,5})?/[a-z0-9/.-]{0,30}"),
        fee_url in proptest::option::of("http://[a-z]{1,30}(:[0-9]{2,5})?"),
        idle in proptest::option::of(any::<bool>()),
        user_data in proptest::option::of("[ -z|~]{1,256}"),
        t in time(), n in nonce(),
    ) {
        let request = CallVerifyRequest {
            display_nbr: display.clone(), callee_nbr: callee.clone(), language_type: 2, pre_tone: pre.clone(),
            verify_code: code.clone(), pos_tone: pos.clone(), times, status_url: status_url.clone(),
            fee_url: fee_url.clone(), return_idle_port: idle, user_data: user_data.clone(),
        };
        prop_assert!(request.validate().is_ok(), "{:?}", request.validate());
        let client = Client::new("https://rtccall.cn-north-1.myhuaweicloud.cn:443", Credentials::new("k", "s").unwrap()).unwrap();
        let http = client.call_verify(&request, t, Nonce::new(n).unwrap()).unwrap();
        let body: Value = serde_json::from_str(&http.body).unwrap();
        prop_assert_eq!(&body["displayNbr"], &Value::from(display));
        prop_assert_eq!(&body["calleeNbr"], &Value::from(callee));
        prop_assert_eq!(&body["verifyCode"], &Value::from(code));
        prop_assert_eq!(&body["preTone"], &Value::from(pre));
        prop_assert_eq!(&body["languageType"], &Value::from(2));
        prop_assert_eq!(body.get("posTone").and_then(Value::as_str).map(str::to_owned), pos);
        prop_assert_eq!(body.get("times").and_then(Value::as_i64), times);
        let decode = |k: &str| body.get(k).and_then(Value::as_str).map(|b| String::from_utf8(STANDARD.decode(b).unwrap()).unwrap());
        prop_assert_eq!(decode("statusUrl"), status_url);
        prop_assert_eq!(decode("feeUrl"), fee_url);
        prop_assert_eq!(body.get("returnIdlePort").and_then(Value::as_str).map(|s| s == "true"), idle);
        prop_assert_eq!(body.get("userData").and_then(Value::as_str).map(str::to_owned), user_data);
    }

    #[test]
    fn validation_never_panics(
        display in "\\PC{0,40}", callee in "\\PC{0,40}", code in "\\PC{0,12}", pre in "\\PC{0,140}",
        lang in any::<i64>(), times in proptest::option::of(any::<i64>()),
        url in proptest::option::of("\\PC{0,140}"), user_data in proptest::option::of("\\PC{0,300}"),
    ) {
        let request = CallVerifyRequest {
            display_nbr: display, callee_nbr: callee, language_type: lang, pre_tone: pre, verify_code: code,
            pos_tone: url.clone(), times, status_url: url.clone(), fee_url: url, return_idle_port: None, user_data,
        };
        if let Err(e) = request.validate() {
            prop_assert!(!e.violations.is_empty());
        }
        let _ = request.to_body();
    }

    #[test]
    fn parsing_never_panics(body in proptest::collection::vec(any::<u8>(), 0..400), status in any::<u16>()) {
        let _ = parse_push(&body);
        let _ = parse_call_verify_response(status, &body);
    }

    #[test]
    fn parsing_json_shaped_input_never_panics(
        event in "callout|alerting|answer|disconnect|fee|x|",
        key in "sessionId|timestamp|stateCode|feeLst|statusInfo|userData|[a-z]{1,5}",
        value in "null|true|1|-1|1\\.5|1e400|99999999999999999999|\"\"|\"2019-01-24 02:48:46\"|\\[\\]|\\{\\}|\\[\\{\\}\\]",
    ) {
        let body = format!(r#"{{"eventType":"{event}","statusInfo":{{"{key}":{value}}},"{key}":{value}}}"#);
        let _ = parse_push(body.as_bytes());
        let response = format!(r#"{{"resultcode":"0","{key}":{value},"sessionId":{value}}}"#);
        let _ = parse_call_verify_response(200, response.as_bytes());
    }

    #[test]
    fn header_verification_never_panics(
        auth in "\\PC{0,120}", aksk in "(UsernameToken )?\\PC{0,200}", url in "\\PC{0,60}", now in any::<i64>(),
        window in any::<u32>(), unsigned in any::<bool>(),
    ) {
        let credentials = Credentials::new("k", "s").unwrap();
        let headers = [("Authorization", auth), ("X-AKSK", aksk)];
        let options = VerifyOptions { window_seconds: window.into(), allow_unsigned: unsigned, ..VerifyOptions::default() };
        let _ = verify_push(&headers, &url, &credentials, now, &options);
    }
}

/// The X-AKSK attribute names, and one the header does not have.
const X_AKSK_NAMES: [&str; 5] = ["Username", "PasswordDigest", "Nonce", "Created", "Realm"];

proptest! {
    /// Lenient mode reads a value whose names are in other cases exactly as strict mode reads the
    /// same value with the documented names: the same attributes, or the same problem.
    #[test]
    fn lenient_differs_from_strict_only_in_name_case(
        parts in proptest::collection::vec((0usize..5, any::<bool>(), "[ -!#-~]{0,10}"), 0..6),
        separator in "(,|, |,\t)",
    ) {
        let write = |flip: bool| -> String {
            let attributes: Vec<String> = parts
                .iter()
                .map(|(i, flip_this, value)| {
                    let name: String = X_AKSK_NAMES[*i]
                        .chars()
                        .map(|c| if flip && *flip_this { flip_case(c) } else { c })
                        .collect();
                    format!("{name}=\"{value}\"")
                })
                .collect();
            format!("UsernameToken {}", attributes.join(&separator))
        };
        let (documented, other_case) = (write(false), write(true));
        let strict = parse_x_aksk(&documented, HeaderSyntax::Strict).map_err(|e| e.problem());
        let lenient = parse_x_aksk(&other_case, HeaderSyntax::Lenient).map_err(|e| e.problem());
        prop_assert_eq!(lenient, strict);
        if other_case != documented {
            prop_assert!(parse_x_aksk(&other_case, HeaderSyntax::Strict).is_err());
        }
    }
}

fn flip_case(c: char) -> char {
    if c.is_ascii_uppercase() {
        c.to_ascii_lowercase()
    } else {
        c.to_ascii_uppercase()
    }
}

#[test]
fn extreme_clock_values_are_rejected_not_wrapped() {
    let credentials = Credentials::new("k", "s").unwrap();
    let url = "https://example.com/status";
    let headers = sign_push(&credentials, url, "n1", 1_700_000_000, DigestForm::Newline).unwrap();
    for (now, code) in [
        (i64::MIN, "future_push"),
        (i64::MIN + 1, "future_push"),
        (i64::MAX, "stale_push"),
    ] {
        let err =
            verify_push(&headers, url, &credentials, now, &VerifyOptions::default()).unwrap_err();
        assert_eq!(err.code().as_str(), code, "now = {now}");
    }
}

#[test]
fn raw_hmac_matches_rfc4231_case_2() {
    let mac = callverify_core::sign::hmac_sha256(b"Jefe", b"what do ya want for nothing?");
    assert_eq!(
        STANDARD.encode(mac),
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
    );
}
