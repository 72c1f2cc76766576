//! Python → Rust argument conversions shared by every entry point.
//!
//! Only type conversion happens here; every rule and range is checked and worded by the core. A
//! Python `int` reaches the core's `i64` unchanged; one that does not fit is an `OverflowError`
//! naming the argument.

use std::borrow::Cow;

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyInt, PyMemoryView, PyString};

/// A Python `int` (not `bool`) as the core's `i64`.
pub(crate) fn int(value: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not {}",
            type_name(value)
        )));
    }
    value.extract::<i64>().map_err(|_| {
        PyOverflowError::new_err(format!(
            "{name} is {value}; it must fit in a signed 64-bit integer"
        ))
    })
}

/// An HTTP status: an `int` in 0-65535 (the core takes a `u16`; other values are an
/// `OverflowError`, as for any Python API taking a C integer).
pub(crate) fn http_status(value: &Bound<'_, PyAny>, name: &str) -> PyResult<u16> {
    let n = int(value, name)?;
    u16::try_from(n)
        .map_err(|_| PyOverflowError::new_err(format!("{name} is {n}; an HTTP status is 0-65535")))
}

/// An optional `int` (`None` when absent).
pub(crate) fn optional_int(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<i64>> {
    match value {
        Some(v) if !v.is_none() => int(v, name).map(Some),
        _ => Ok(None),
    }
}

/// The bytes of a body given as `bytes`, `bytearray`, `memoryview` or `str`.
///
/// A `str` is encoded as UTF-8; one that holds lone surrogates (not encodable) is passed on with
/// `surrogatepass`, so the core reports it as `invalid_utf8` like any other undecodable body.
pub(crate) fn body_bytes<'a>(value: &'a Bound<'_, PyAny>, name: &str) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return match text.to_cow() {
            Ok(Cow::Borrowed(s)) => Ok(Cow::Borrowed(s.as_bytes())),
            Ok(Cow::Owned(s)) => Ok(Cow::Owned(s.into_bytes())),
            Err(_) => {
                let raw = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
                Ok(Cow::Owned(raw.cast::<PyBytes>()?.as_bytes().to_vec()))
            }
        };
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(Cow::Owned(array.to_vec()));
    }
    if value.is_instance_of::<PyMemoryView>() {
        let raw = value.call_method0("tobytes")?;
        return Ok(Cow::Owned(raw.cast::<PyBytes>()?.as_bytes().to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be bytes, bytearray, memoryview or str, not {}",
        type_name(value)
    )))
}

/// A header name or value given as `str` or as `bytes` (ASGI raw headers; decoded as Latin-1,
/// the HTTP convention).
fn header_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().iter().map(|&b| char::from(b)).collect());
    }
    Err(PyTypeError::new_err(format!(
        "header names and values must be str or bytes, not {}",
        type_name(value)
    )))
}

/// Request headers from a `dict`, any mapping with `items()` (Werkzeug/Flask, Django, Starlette,
/// `email.message.Message`) or an iterable of `(name, value)` pairs (e.g. ASGI `scope["headers"]`).
pub(crate) fn headers(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "headers must be a mapping or an iterable of (name, value) pairs, not a string",
        ));
    }
    let pairs = if value.hasattr("items")? {
        value.call_method0("items")?
    } else {
        value.clone()
    };
    let mut out = Vec::new();
    for item in pairs.try_iter()? {
        let item = item?;
        let bad = || {
            PyTypeError::new_err(format!(
                "each header must be a (name, value) pair, not {}",
                type_name(&item)
            ))
        };
        if item.is_instance_of::<PyString>() || item.is_instance_of::<PyBytes>() {
            return Err(bad());
        }
        let mut parts = item.try_iter().map_err(|_| bad())?;
        let (Some(name), Some(val), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        out.push((header_text(&name?)?, header_text(&val?)?));
    }
    Ok(out)
}

/// The Python type name of a value, for messages.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// `repr()` of a string, as Python writes it.
pub(crate) fn repr_str(py: Python<'_>, text: &str) -> String {
    PyString::new(py, text)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// `Name(getter=repr, ...)` of a value, for the named getters.
pub(crate) fn repr_getters(
    slf: &Bound<'_, impl pyo3::PyClass>,
    getters: &[&str],
) -> PyResult<String> {
    let slf = slf.as_any();
    let mut parts = Vec::with_capacity(getters.len());
    for name in getters {
        parts.push(format!("{name}={}", slf.getattr(*name)?.repr()?));
    }
    Ok(format!("{}({})", slf.get_type().name()?, parts.join(", ")))
}
