//! The platform's answer to callVerify and the result-code table.

use callverify_core::result_codes::{self as core_codes, ResultCodeEntry, RetryAdvice};
use callverify_core::{CallVerifyResponse, parse_call_verify_response as core_parse_response};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use callverify_core::python::to_dict;

use crate::convert::{body_bytes, http_status, repr_getters};
use crate::errors::OrRaise;

/// Whether and when a request that got a result code may be sent again.
#[pyclass(name = "RetryAdvice", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyRetryAdvice(pub(crate) RetryAdvice);

#[pymethods]
impl PyRetryAdvice {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }

    /// ``"never"``, ``"after_seconds"`` or ``"immediately_with_fresh_signature"``.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind_str()
    }

    /// The delay in seconds, for ``"after_seconds"``; otherwise ``None``.
    #[getter]
    fn seconds(&self) -> Option<i64> {
        self.0.seconds()
    }

    /// Whether a retry is advised at all.
    #[getter]
    fn retryable(&self) -> bool {
        self.0.is_retryable()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr_getters(slf, &["kind", "seconds"])
    }
}

/// One row of the platform's result-code table.
#[pyclass(name = "ResultCode", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyResultCode(pub(crate) ResultCodeEntry);

#[pymethods]
impl PyResultCode {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }

    /// The HTTP status the platform answers this code with.
    #[getter]
    fn http_status(&self) -> i32 {
        self.0.http_status
    }

    /// The result code, e.g. ``"1023006"``.
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }

    /// English description.
    #[getter]
    fn description_en(&self) -> &str {
        &self.0.description_en
    }

    /// Chinese description.
    #[getter]
    fn description_zh(&self) -> &str {
        &self.0.description_zh
    }

    /// What to do, in English.
    #[getter]
    fn action_en(&self) -> &str {
        &self.0.action_en
    }

    /// What to do (处理方法), in Chinese.
    #[getter]
    fn action_zh(&self) -> &str {
        &self.0.action_zh
    }

    /// ``"success"``, ``"auth"``, ``"request"``, ``"app_state"``, ``"rate_limit"``,
    /// ``"restriction"`` or ``"platform"``.
    #[getter]
    fn category(&self) -> &'static str {
        self.0.category.as_str()
    }

    /// Whether and when to retry.
    #[getter]
    fn retry(&self) -> PyRetryAdvice {
        PyRetryAdvice(self.0.retry)
    }

    /// Pickles as the look-up that finds this row again (e.g. inside a pickled ``ApiError``).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String, i32))> {
        static EXPLAIN: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let explain = EXPLAIN.import(py, "callverify._native", "explain")?;
        Ok((explain.clone(), (self.0.code.clone(), self.0.http_status)))
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr_getters(
            slf,
            &["http_status", "code", "category", "retry", "description_en"],
        )
    }
}

/// Parses the platform's answer to callVerify (HTTP status and raw body).
///
/// Returns the session, or raises ``ApiError`` (result code other than ``"0"``, with the table
/// entry and retry advice) or ``ParseError`` (empty body, HTML error page, wrong shape or types).
#[pyfunction]
pub(crate) fn parse_call_verify_response(
    py: Python<'_>,
    status: Bound<'_, PyAny>,
    body: Bound<'_, PyAny>,
) -> PyResult<CallVerifyResponse> {
    let status = http_status(&status, "status")?;
    let body = body_bytes(&body, "body")?;
    core_parse_response(status, &body).or_raise(py)
}

/// Looks a result code up: the table row, or ``None`` for codes the table does not know.
///
/// Some codes mean different things at different HTTP statuses; without ``http_status`` such a
/// code raises ``ConfigError`` (``ambiguous_result_code``).
#[pyfunction]
#[pyo3(signature = (code, http_status=None))]
pub(crate) fn explain(
    py: Python<'_>,
    code: String,
    http_status: Option<Bound<'_, PyAny>>,
) -> PyResult<Option<PyResultCode>> {
    let status = match http_status.filter(|s| !s.is_none()) {
        Some(s) => Some(crate::convert::http_status(&s, "http_status")?),
        None => None,
    };
    core_codes::lookup(&code, status)
        .map(|entry| entry.map(PyResultCode))
        .or_raise(py)
}

/// Every row of the result-code table, in the documented order.
#[pyfunction]
pub(crate) fn result_codes() -> Vec<PyResultCode> {
    core_codes::all().into_iter().map(PyResultCode).collect()
}
