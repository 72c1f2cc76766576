//! Request validation and body building from arbitrary JSON (wire field names).
#![no_main]
use callverify_core::CallVerifyRequest;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else { return };
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let i = |k: &str| v.get(k).and_then(Value::as_i64);
    let request = CallVerifyRequest {
        display_nbr: s("displayNbr").unwrap_or_default(),
        callee_nbr: s("calleeNbr").unwrap_or_default(),
        language_type: i("languageType").unwrap_or(2),
        pre_tone: s("preTone").unwrap_or_default(),
        verify_code: s("verifyCode").unwrap_or_default(),
        pos_tone: s("posTone"),
        times: i("times"),
        status_url: s("statusUrl"),
        fee_url: s("feeUrl"),
        return_idle_port: v.get("returnIdlePort").and_then(Value::as_bool),
        user_data: s("userData"),
    };
    match request.to_body() {
        // A body that validated must be JSON that carries the same numbers.
        Ok(body) => {
            let parsed: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            assert_eq!(parsed["calleeNbr"].as_str(), Some(request.callee_nbr.as_str()));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
