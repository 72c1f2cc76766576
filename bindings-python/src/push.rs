//! Status and fee pushes, push signatures and hangup causes.

use callverify_core::hangup::{self, HangupCause};
use callverify_core::push_auth::{DEFAULT_WINDOW_SECONDS, sign_push as core_sign_push};
use callverify_core::python::to_dict;
use callverify_core::{
    DigestForm, Nonce, Push, PushVerification, VerifyOptions, parse_push as core_parse_push,
    unix_now, verify_push as core_verify_push,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::client::PyCredentials;
use crate::convert::{body_bytes, optional_int, repr_getters};
use crate::errors::OrRaise;

/// Parses a push body (``bytes`` or ``str``): a ``StatusEvent``, a ``CollectInfoEvent``, a
/// ``FeeBatch`` or an ``UnknownPush``. Raises ``ParseError`` naming the field for anything malformed.
///
/// Parse only after ``verify_push`` accepted the request's headers.
#[pyfunction]
pub(crate) fn parse_push<'py>(
    py: Python<'py>,
    body: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let bytes = body_bytes(&body, "body")?;
    // The core's record types are the Python classes (feature `python`).
    Ok(match core_parse_push(&bytes).or_raise(py)? {
        Push::Status(e) => Bound::new(py, e)?.into_any(),
        Push::CollectInfo(e) => Bound::new(py, e)?.into_any(),
        Push::Fee(b) => Bound::new(py, b)?.into_any(),
        Push::Unknown(u) => Bound::new(py, u)?.into_any(),
    })
}

/// The outcome of a successful ``verify_push``.
#[pyclass(name = "PushVerification", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyPushVerification(PushVerification);

#[pymethods]
impl PyPushVerification {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }

    /// ``True`` when the signature was checked; ``False`` only for an unsigned push that
    /// ``allow_unsigned=True`` let through.
    #[getter]
    fn verified(&self) -> bool {
        self.0.is_verified()
    }

    /// ``"concatenated"`` or ``"newline"``: which digest form matched.
    #[getter]
    fn digest_form(&self) -> Option<&'static str> {
        self.0.digest_form().map(DigestForm::as_str)
    }

    /// Which clock ``Created`` was read in: its offset from UTC in seconds (``0`` for UTC,
    /// ``28800`` for Beijing time).
    #[getter]
    fn created_offset_seconds(&self) -> Option<i32> {
        self.0.created_offset_seconds()
    }

    /// ``nonce:created`` (the stamp as sent, one key whichever clock matched): reject a push whose
    /// key you have seen within ``remember_for_seconds``.
    #[getter]
    fn replay_key(&self) -> Option<&str> {
        self.0.replay_key()
    }

    /// How long to remember the replay key: twice the window, plus 28800 when both clocks are
    /// accepted (a stamp is fresh once read as UTC+8 and again eight hours later read as UTC).
    #[getter]
    fn remember_for_seconds(&self) -> Option<i64> {
        self.0.remember_for_seconds()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let getters = [
            "verified",
            "digest_form",
            "created_offset_seconds",
            "replay_key",
            "remember_for_seconds",
        ];
        repr_getters(slf, &getters)
    }
}

fn digest_form(name: Option<&str>) -> PyResult<Option<DigestForm>> {
    match name {
        None => Ok(None),
        Some(name) => DigestForm::from_name(name).map(Some).ok_or_else(|| {
            PyValueError::new_err(format!(
                "digest_form is {name:?}; it must be \"concatenated\", \"newline\" or None"
            ))
        }),
    }
}

/// Checks a push's ``Authorization`` and ``X-AKSK`` headers.
///
/// ``headers``: a dict, any mapping with ``items()`` (Flask/Werkzeug, Django, Starlette) or a list
/// of ``(name, value)`` pairs (``str`` or ``bytes``). ``url``: the push URL exactly as configured in
/// ``status_url``/``fee_url`` (never rebuilt from the incoming request). ``now`` defaults to the
/// system clock. ``Created`` is accepted in UTC or in Beijing time (UTC+8), each within ``window``
/// seconds, and ``created_offset_seconds`` of the result says which; ``created_offset`` (seconds,
/// e.g. ``0`` or ``28800``) pins one clock. Raises ``PushAuthError``; on success, remember
/// ``replay_key`` for ``remember_for_seconds`` and reject a push whose key you have already seen.
#[pyfunction]
#[pyo3(
    signature = (
        headers, url, credentials, *, now=None, window=None, allow_unsigned=false,
        digest_form=None, created_offset=None
    ),
    text_signature = "(headers, url, credentials, *, now=None, window=300, allow_unsigned=False, \
                      digest_form=None, created_offset=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_push(
    py: Python<'_>,
    headers: Bound<'_, PyAny>,
    url: String,
    credentials: Bound<'_, PyCredentials>,
    now: Option<Bound<'_, PyAny>>,
    window: Option<Bound<'_, PyAny>>,
    allow_unsigned: bool,
    digest_form: Option<String>,
    created_offset: Option<Bound<'_, PyAny>>,
) -> PyResult<PyPushVerification> {
    let headers = crate::convert::headers(&headers)?;
    let options = VerifyOptions {
        window_seconds: optional_int(window.as_ref(), "window")?.unwrap_or(DEFAULT_WINDOW_SECONDS),
        allow_unsigned,
        digest_form: self::digest_form(digest_form.as_deref())?,
        // None: UTC and Beijing time are both accepted.
        created_offset_seconds: optional_int(created_offset.as_ref(), "created_offset")?,
    };
    let now = match optional_int(now.as_ref(), "now")? {
        Some(now) => now,
        None => unix_now().or_raise(py)?,
    };
    core_verify_push(&headers, &url, &credentials.get().0, now, &options)
        .map(PyPushVerification)
        .or_raise(py)
}

/// Signs a push as the platform does: the ``Authorization`` and ``X-AKSK`` headers for ``url``, as
/// ``(name, value)`` pairs. For tests of your push receiver and local sandboxes.
#[pyfunction]
#[pyo3(signature = (credentials, url, *, nonce=None, now=None, digest_form="newline"))]
pub(crate) fn sign_push(
    py: Python<'_>,
    credentials: Bound<'_, PyCredentials>,
    url: String,
    nonce: Option<String>,
    now: Option<Bound<'_, PyAny>>,
    digest_form: &str,
) -> PyResult<Vec<(String, String)>> {
    let form = self::digest_form(Some(digest_form))?.unwrap_or(DigestForm::Newline);
    let now = match optional_int(now.as_ref(), "now")? {
        Some(now) => now,
        None => unix_now().or_raise(py)?,
    };
    let nonce = match nonce {
        Some(nonce) => nonce,
        None => Nonce::generate().or_raise(py)?.as_str().to_owned(),
    };
    core_sign_push(&credentials.get().0, &url, &nonce, now, form).or_raise(py)
}

/// The hangup-cause table's entry for a disconnect's ``state_code``, or ``None``.
#[pyfunction]
pub(crate) fn hangup_cause(code: Bound<'_, PyAny>) -> PyResult<Option<HangupCause>> {
    let code = crate::convert::int(&code, "code")?;
    Ok(hangup::hangup_cause(code))
}

/// Every row of the hangup-cause table.
#[pyfunction]
pub(crate) fn hangup_causes() -> Vec<HangupCause> {
    hangup::all().to_vec()
}
