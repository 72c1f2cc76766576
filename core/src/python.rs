//! The record types' Python methods (feature `python`, enabled by bindings-python only).
//!
//! The fields are declared once, on the types: `#[pyclass(get_all)]` derives a getter for each.
//! What Python needs beyond the getters is here: `to_dict`, `__repr__`, the constant `kind`, and
//! the few derived values. PyO3 takes methods only as an inherent `#[pymethods]` impl, and Rust
//! accepts an inherent impl only in the crate that declares the type, so this cannot live in the
//! binding (`multiple-pymethods` allows several blocks, not another crate). One block per type.

use std::convert::Infallible;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple};
use serde::Serialize;

use crate::hangup::{HangupCategory, HangupCause};
use crate::push::{
    COLLECT_INFO_EVENT_TYPE, CollectInfoEvent, FeeBatch, FeeRecord, Push, PushTime, StatusEvent,
    StatusEventType, UnknownPush,
};
use crate::response::CallVerifyResponse;

/// Enum fields read as their stable snake_case names (`event.event_type == "disconnect"`).
macro_rules! python_str {
    ($($ty:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $ty {
            type Target = PyString;
            type Output = Bound<'py, PyString>;
            type Error = Infallible;

            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
                Ok(PyString::intern(py, self.as_str()))
            }
        }
    )*};
}

python_str!(StatusEventType, HangupCategory);

/// A value as plain Python data (dicts, lists, str, int, None) in its serde shape: the wire's
/// camelCase names, in declaration order.
pub fn to_dict<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let json = serde_json::to_string(value)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("cannot serialise: {e}")))?;
    LOADS.import(py, "json", "loads")?.call1((json,))
}

/// `Name(field=value, ...)`: every serialised field in declaration order, each named as its
/// getter (`sessionId` → `session_id`) and shown as that getter's `repr()`.
fn repr(slf: &Bound<'_, PyAny>, value: &impl Serialize) -> PyResult<String> {
    let py = slf.py();
    let mut parts = Vec::new();
    for key in to_dict(py, value)?.cast_into::<PyDict>()?.keys() {
        let mut name = String::new();
        for ch in key.extract::<String>()?.chars() {
            if ch.is_ascii_uppercase() {
                name.push('_');
            }
            name.push(ch.to_ascii_lowercase());
        }
        let field = slf.getattr(name.as_str())?.repr()?;
        parts.push(format!("{name}={field}"));
    }
    Ok(format!("{}({})", slf.get_type().name()?, parts.join(", ")))
}

/// The `#[pymethods]` block of a record: `to_dict`, `__repr__`, then the type's own methods.
macro_rules! record {
    ($ty:ident { $($methods:tt)* }) => {
        #[pymethods]
        impl $ty {
            /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
            #[allow(clippy::wrong_self_convention)] // a Python method: `self` is borrowed
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                to_dict(py, self)
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                repr(slf.as_any(), slf.get())
            }

            $($methods)*
        }
    };
}

/// The `#[pymethods]` block of a push: `to_dict` (tagged with `kind`), `__repr__`, `kind`, then the
/// type's own methods.
macro_rules! push {
    ($ty:ident, $variant:ident, $kind:literal { $($methods:tt)* }) => {
        #[pymethods]
        impl $ty {
            /// This push as plain Python data (dicts, lists, str, int, None), with its ``kind``.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                to_dict(py, &Push::$variant(self.clone()))
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                repr(slf.as_any(), slf.get())
            }

            /// Which push: ``"status"``, ``"collect_info"``, ``"fee"`` or ``"unknown"``.
            #[getter]
            fn kind(&self) -> &'static str {
                $kind
            }

            $($methods)*
        }
    };
}

record!(PushTime {});
record!(HangupCause {});
record!(CallVerifyResponse {});

record!(FeeRecord {
    /// Key to deduplicate records (the platform retries a failed fee push up to 6 times, an hour
    /// apart).
    #[getter(dedupe_key)]
    fn py_dedupe_key(&self) -> String {
        self.dedupe_key()
    }
});

push!(StatusEvent, Status, "status" {
    /// The hangup-cause table's entry for ``state_code``, when known.
    #[getter(hangup_cause)]
    fn py_hangup_cause(&self) -> Option<HangupCause> {
        self.hangup_cause()
    }
});

push!(CollectInfoEvent, CollectInfo, "collect_info" {
    /// Always ``"collectInfo"`` (the wire name).
    #[getter]
    fn event_type(&self) -> &'static str {
        COLLECT_INFO_EVENT_TYPE
    }
});

push!(FeeBatch, Fee, "fee" {
    /// The records (a new tuple each time).
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.records.iter().cloned())
    }

    fn __len__(&self) -> usize {
        self.records.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.records(py)?.into_any().try_iter()?.into_any())
    }
});

push!(UnknownPush, Unknown, "unknown" {});
