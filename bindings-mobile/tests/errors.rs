//! The error mapping of the Kotlin and Swift surface, checked from Rust (the JUnit suites in
//! `bindings-mobile/jvm` check the same through the generated Kotlin).

use callverify_core::{ErrorCode, ErrorKind};
use callverify_mobile::{CallVerifyError, Credentials, parse_call_verify_response};

#[test]
fn every_kind_maps_to_its_case() {
    let err = Credentials::new(String::new(), "s".into()).unwrap_err();
    assert!(matches!(err, CallVerifyError::Config { .. }));
    assert_eq!(err.kind(), ErrorKind::Config);
    assert_eq!(err.error_code(), ErrorCode::AppKeyEmpty);
    assert!(err.to_string().starts_with("app_key_empty: "));
}

#[test]
fn out_of_range_http_statuses_are_typed_errors() {
    for status in [-1, 65_536, i32::MIN, i32::MAX] {
        let err = parse_call_verify_response(status, b"{}".to_vec()).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::InvalidValue, "{status}");
        assert_eq!(err.kind(), ErrorKind::Parse);
    }
    let err = parse_call_verify_response(401, br#"{"resultcode":"1010010"}"#.to_vec()).unwrap_err();
    match err {
        CallVerifyError::Api {
            http_status, entry, ..
        } => {
            assert_eq!(http_status, 401);
            assert_eq!(entry.map(|e| e.code), Some("1010010".to_owned()));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_core_code_is_listed_once() {
    let codes = callverify_mobile::error_codes();
    assert_eq!(codes.len(), ErrorCode::ALL.len());
    for (text, code) in codes.iter().zip(ErrorCode::ALL) {
        assert_eq!(text, code.as_str());
    }
}
