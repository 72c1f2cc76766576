//! # callverify-python
//!
//! The Python binding of callverify (the native module `callverify._native`, wrapped by the
//! `callverify` package in `python/callverify/`). It is thin: it converts Python values to the core's
//! types and back and maps core errors to the exceptions of `callverify/errors.py`; every rule,
//! signature and parser lives in `callverify-core`. The record classes (`StatusEvent`, `FeeRecord`,
//! `PushTime`, ...) are the core's own types, `#[pyclass]` behind its `python` feature.
//!
//! ```python
//! import callverify
//!
//! client = callverify.Client(
//!     "https://rtccall.cn-north-1.myhuaweicloud.cn:443",
//!     callverify.Credentials("my-app-key", "my-app-secret"),
//! )
//! r = client.call_verify(
//!     display_nbr="+8675528000088", callee_nbr="+8618900000007",
//!     verify_code=callverify.generate_verify_code(), pre_tone="welcome.wav",
//! )
//! # requests.post(r.url, headers=r.headers, data=r.body_bytes)
//! ```
//!
//! Build the wheel with `maturin build -m bindings-python/Cargo.toml`, or `pip install ./bindings-python`.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod client;
mod convert;
mod errors;
mod push;
mod results;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// Native part of the callverify package; import ``callverify`` instead.
#[pymodule(name = "_native")]
mod native {
    #[pymodule_export]
    use crate::client::{PyClient, PyCredentials, PyPreparedRequest, PySignature};
    #[pymodule_export]
    use crate::errors::error_codes;
    // The record types are the core's own (`#[pyclass]` behind its `python` feature).
    #[pymodule_export]
    use crate::push::{
        PyPushVerification, hangup_cause, hangup_causes, parse_push, sign_push, verify_push,
    };
    #[pymodule_export]
    use crate::results::{
        PyResultCode, PyRetryAdvice, explain, parse_call_verify_response, result_codes,
    };
    #[pymodule_export]
    use crate::{_hmac_sha256, encode_user_data, generate_verify_code};
    #[pymodule_export]
    use callverify_core::{
        CallVerifyResponse, CollectInfoEvent, FeeBatch, FeeRecord, StatusEvent, UnknownPush,
        hangup::HangupCause, push::PushTime,
    };

    /// The version of the package (the workspace version).
    #[pymodule_export]
    #[allow(non_upper_case_globals)]
    const __version__: &str = env!("CARGO_PKG_VERSION");
}

/// A verification code of ``digits`` (2-8) uniformly random digits from the OS CSPRNG.
#[pyfunction]
#[pyo3(signature = (digits=None), text_signature = "(digits=6)")]
fn generate_verify_code(py: Python<'_>, digits: Option<Bound<'_, PyAny>>) -> PyResult<String> {
    let digits = convert::optional_int(digits.as_ref(), "digits")?.unwrap_or(6);
    errors::OrRaise::or_raise(callverify_core::generate_verify_code(digits), py)
}

/// Base64-encodes text (for example Chinese) so it can travel in ``user_data``.
#[pyfunction]
fn encode_user_data(text: String) -> String {
    callverify_core::encode_user_data(&text)
}

/// Test hook (private): HMAC-SHA256 of ``data`` keyed with ``key``, the core's signing primitive.
/// The RFC 4231 vectors use keys and data that are not text, which the public API (text secrets,
/// nonces and stamps) cannot carry.
#[pyfunction]
fn _hmac_sha256<'py>(py: Python<'py>, key: &[u8], data: &[u8]) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &callverify_core::sign::hmac_sha256(key, data))
}
