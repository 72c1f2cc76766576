//! Core errors → Python exceptions.
//!
//! The exception classes live in one Python file, `callverify/errors.py`, which also decides which
//! class a kind maps to. This file only hands the core error's data over to that file's
//! `_from_native` factory: kind, code, message, field, HTTP status, the violations of a validation
//! error and the details of an API error. No secret is ever part of a core error, so nothing here
//! needs redacting.

use callverify_core::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::results::PyResultCode;

static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Turns a core error into the matching `callverify.errors` exception.
pub(crate) fn to_py_err(py: Python<'_>, err: Error) -> PyErr {
    match build(py, &err) {
        Ok(exception) => PyErr::from_value(exception),
        // Only if callverify/errors.py itself cannot be imported; that error is typed too.
        Err(e) => e,
    }
}

fn build<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyAny>> {
    let factory = FACTORY.import(py, "callverify.errors", "_from_native")?;
    let violations = PyList::empty(py);
    let mut api = py.None().into_bound(py);
    match err {
        Error::Validation(v) => {
            for violation in &v.violations {
                violations.append((
                    violation.field.clone(),
                    violation.code.as_str(),
                    violation.message.as_str(),
                ))?;
            }
        }
        Error::Api(a) => {
            let entry = match &a.entry {
                Some(entry) => Bound::new(py, PyResultCode(entry.clone()))?.into_any(),
                None => py.None().into_bound(py),
            };
            api = PyTuple::new(
                py,
                [
                    a.result_code.as_str().into_pyobject(py)?.into_any(),
                    a.result_desc.as_str().into_pyobject(py)?.into_any(),
                    entry,
                ],
            )?
            .into_any();
        }
        Error::Parse(_) | Error::PushAuth(_) | Error::Config(_) => {}
    }
    factory.call1((
        err.kind().as_str(),
        err.code().as_str(),
        err.to_string(),
        err.field(),
        err.http_status(),
        violations,
        api,
    ))
}

/// Maps a core `Result` into a `PyResult`.
pub(crate) trait OrRaise<T> {
    /// Converts the error with [`to_py_err`].
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, e))
    }
}

/// Every error code the core knows (`ErrorCode::ALL`), mapped to its kind, in the core's order.
#[pyfunction]
pub(crate) fn error_codes(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let codes = PyDict::new(py);
    for code in ErrorCode::ALL {
        codes.set_item(code.as_str(), code.kind().as_str())?;
    }
    Ok(codes)
}
