//! The canary app_secret must never appear, in text, hex or base64 form, in any Debug or Display
//! output of anything the core returns.

use base64::{Engine as _, engine::general_purpose::STANDARD};
use callverify_core::push_auth::sign_push;
use callverify_core::{
    CallVerifyRequest, Client, Credentials, DigestForm, Nonce, VerifyOptions, parse_push,
    verify_push,
};

const CANARY: &str = "CANARY-s3cr3t-7f1e";

fn forms() -> Vec<String> {
    let hex: String = CANARY.bytes().map(|b| format!("{b:02x}")).collect();
    vec![
        CANARY.to_owned(),
        hex,
        STANDARD.encode(CANARY),
        STANDARD.encode(CANARY).trim_end_matches('=').to_owned(),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for form in forms() {
        assert!(
            !text.contains(&form),
            "{what} leaks the secret ({form}): {text}"
        );
    }
}

#[test]
fn no_secret_in_debug_or_errors() {
    let credentials = Credentials::new("app-key", CANARY).unwrap();
    assert_clean("Credentials Debug", &format!("{credentials:?}"));
    let client = Client::new(
        "https://rtccall.cn-north-1.myhuaweicloud.cn:443",
        credentials.clone(),
    )
    .unwrap();
    assert_clean("Client Debug", &format!("{client:?}"));

    let request =
        CallVerifyRequest::new("+8675528000088", "+8618900000007", "123456", "welcome.wav");
    let prepared = client.prepare_call_verify(&request).unwrap();
    assert_clean("PreparedCallVerify Debug", &format!("{prepared:?}"));
    let http = prepared
        .sign(1_700_000_000, Nonce::new("abc").unwrap())
        .unwrap();
    let debug = format!("{http:?}");
    assert_clean("HttpRequest Debug", &debug);
    assert!(
        !debug.contains("PasswordDigest"),
        "the digest is redacted in Debug: {debug}"
    );
    let signature = client
        .sign(1_700_000_000, Nonce::new("abc").unwrap())
        .unwrap();
    let debug = format!("{signature:?}");
    assert!(
        !debug.contains(signature.password_digest()),
        "Signature Debug shows the digest"
    );

    let url = "https://example.com/status";
    let headers = sign_push(
        &credentials,
        url,
        "nonce1",
        1_700_000_000,
        DigestForm::Newline,
    )
    .unwrap();
    for (now, url) in [
        (1_700_000_000, "https://example.com/other"),
        (1_800_000_000, url),
    ] {
        let err =
            verify_push(&headers, url, &credentials, now, &VerifyOptions::default()).unwrap_err();
        assert_clean("verify_push error", &format!("{err} {err:?}"));
    }
    let err = Credentials::new("bad\"key", CANARY).unwrap_err();
    assert_clean("Credentials error", &format!("{err} {err:?}"));
    let err = parse_push(b"{").unwrap_err();
    assert_clean("parse error", &format!("{err} {err:?}"));
}

#[test]
fn digest_mismatch_does_not_reveal_expected_digest() {
    let credentials = Credentials::new("app-key", CANARY).unwrap();
    let url = "https://example.com/status";
    let good = sign_push(
        &credentials,
        url,
        "nonce1",
        1_700_000_000,
        DigestForm::Newline,
    )
    .unwrap();
    let expected = good[1]
        .1
        .split("PasswordDigest=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let other = Credentials::new("app-key", "another-secret").unwrap();
    let forged = sign_push(&other, url, "nonce1", 1_700_000_000, DigestForm::Newline).unwrap();
    let err = verify_push(
        &forged,
        url,
        &credentials,
        1_700_000_000,
        &VerifyOptions::default(),
    )
    .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains(&expected), "{text}");
    assert_eq!(err.code().as_str(), "digest_mismatch");
}
