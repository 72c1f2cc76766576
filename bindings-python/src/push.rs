//! Status and fee pushes, push signatures and hangup causes.

use callverify_core::hangup::{self, HangupCause};
use callverify_core::push::PushTime;
use callverify_core::push_auth::{DEFAULT_WINDOW_SECONDS, sign_push as core_sign_push};
use callverify_core::{
    CollectInfoEvent, DigestForm, FeeBatch, FeeRecord, Nonce, Push, PushVerification, StatusEvent,
    UnknownPush, VerifyOptions, parse_push as core_parse_push, unix_now,
    verify_push as core_verify_push,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::client::PyCredentials;
use crate::convert::{
    body_bytes, optional_int, repr_int, repr_opt, repr_str, to_dict,
};
use crate::errors::OrRaise;

/// A platform time (``yyyy-MM-dd HH:mm:ss``, UTC): the text as sent and its Unix seconds.
#[pyclass(name = "PushTime", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyPushTime(PushTime);

#[pymethods]
impl PyPushTime {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }

    /// The text exactly as sent.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }

    /// Unix seconds.
    #[getter]
    fn unix(&self) -> i64 {
        self.0.unix
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "PushTime(text={}, unix={})",
            repr_str(py, &self.0.text),
            self.0.unix
        )
    }
}

fn push_time(time: Option<&PushTime>) -> Option<PyPushTime> {
    time.cloned().map(PyPushTime)
}

fn repr_time(py: Python<'_>, time: Option<&PushTime>) -> String {
    time.map_or_else(|| "None".to_owned(), |t| PyPushTime(t.clone()).__repr__(py))
}

/// One row of the hangup-cause table (what a disconnect's ``state_code`` means).
#[pyclass(name = "HangupCause", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyHangupCause(&'static HangupCause);

#[pymethods]
impl PyHangupCause {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, self.0)
    }

    /// The ``stateCode``.
    #[getter]
    fn code(&self) -> i64 {
        self.0.code
    }

    /// English meaning.
    #[getter]
    fn meaning_en(&self) -> &'static str {
        self.0.meaning_en
    }

    /// Chinese meaning.
    #[getter]
    fn meaning_zh(&self) -> &'static str {
        self.0.meaning_zh
    }

    /// ``"answered"``, ``"no_answer"``, ``"busy"``, ``"unreachable"``, ``"blocked"``,
    /// ``"cancelled"`` or ``"platform_error"``.
    #[getter]
    fn category(&self) -> &'static str {
        self.0.category.as_str()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "HangupCause(code={}, category='{}', meaning_en={})",
            self.0.code,
            self.0.category.as_str(),
            repr_str(py, self.0.meaning_en)
        )
    }
}

/// A call status event: callout, alerting, answer or disconnect.
#[pyclass(name = "StatusEvent", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyStatusEvent(StatusEvent);

#[pymethods]
impl PyStatusEvent {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &Push::Status(self.0.clone()))
    }

    /// Always ``"status"``.
    #[getter]
    fn kind(&self) -> &'static str {
        "status"
    }

    /// ``"callout"``, ``"alerting"``, ``"answer"`` or ``"disconnect"``.
    #[getter]
    fn event_type(&self) -> &'static str {
        self.0.event_type.as_str()
    }

    /// The call's session id (as returned by callVerify).
    #[getter]
    fn session_id(&self) -> &str {
        &self.0.session_id
    }

    /// When the event happened.
    #[getter]
    fn timestamp(&self) -> PyPushTime {
        PyPushTime(self.0.timestamp.clone())
    }

    /// The request's ``userData``, echoed.
    #[getter]
    fn user_data(&self) -> Option<&str> {
        self.0.user_data.as_deref()
    }

    /// The calling number (the request's displayNbr).
    #[getter]
    fn caller(&self) -> Option<&str> {
        self.0.caller.as_deref()
    }

    /// The called number.
    #[getter]
    fn called(&self) -> Option<&str> {
        self.0.called.as_deref()
    }

    /// Hangup cause code (disconnect only).
    #[getter]
    fn state_code(&self) -> Option<i64> {
        self.0.state_code
    }

    /// Hangup cause text (disconnect only).
    #[getter]
    fn state_desc(&self) -> Option<&str> {
        self.0.state_desc.as_deref()
    }

    /// The hangup-cause table's entry for ``state_code``, when known.
    #[getter]
    fn hangup_cause(&self) -> Option<PyHangupCause> {
        self.0.hangup_cause().map(PyHangupCause)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let e = &self.0;
        format!(
            "StatusEvent(event_type='{}', session_id={}, timestamp={}, user_data={}, caller={}, \
             called={}, state_code={}, state_desc={})",
            e.event_type.as_str(),
            repr_str(py, &e.session_id),
            PyPushTime(e.timestamp.clone()).__repr__(py),
            repr_opt(py, e.user_data.as_deref()),
            repr_opt(py, e.caller.as_deref()),
            repr_opt(py, e.called.as_deref()),
            repr_int(e.state_code),
            repr_opt(py, e.state_desc.as_deref())
        )
    }
}

/// A digit-collection result (``eventType`` ``collectInfo``): the digits the callee keyed in
/// when a voice notification asked for them.
#[pyclass(name = "CollectInfoEvent", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyCollectInfoEvent(CollectInfoEvent);

#[pymethods]
impl PyCollectInfoEvent {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &Push::CollectInfo(self.0.clone()))
    }

    /// Always ``"collect_info"``.
    #[getter]
    fn kind(&self) -> &'static str {
        "collect_info"
    }

    /// Always ``"collectInfo"`` (the wire name).
    #[getter]
    fn event_type(&self) -> &'static str {
        callverify_core::push::COLLECT_INFO_EVENT_TYPE
    }

    /// The call's session id.
    #[getter]
    fn session_id(&self) -> &str {
        &self.0.session_id
    }

    /// When the digits were collected.
    #[getter]
    fn timestamp(&self) -> PyPushTime {
        PyPushTime(self.0.timestamp.clone())
    }

    /// The request's ``userData``, echoed.
    #[getter]
    fn user_data(&self) -> Option<&str> {
        self.0.user_data.as_deref()
    }

    /// ``digitInfo``: the digits collected, as sent (e.g. ``"1"``).
    #[getter]
    fn digit_info(&self) -> Option<&str> {
        self.0.digit_info.as_deref()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let e = &self.0;
        format!(
            "CollectInfoEvent(session_id={}, timestamp={}, user_data={}, digit_info={})",
            repr_str(py, &e.session_id),
            PyPushTime(e.timestamp.clone()).__repr__(py),
            repr_opt(py, e.user_data.as_deref()),
            repr_opt(py, e.digit_info.as_deref())
        )
    }
}

/// One call-detail (fee) record. Everything but ``session_id`` is optional on the wire.
#[pyclass(name = "FeeRecord", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyFeeRecord(FeeRecord);

macro_rules! fee_record_methods {
    (
        text: [$( $(#[$tdoc:meta])* $t:ident, )*]
        int: [$( $(#[$idoc:meta])* $i:ident, )*]
        time: [$( $(#[$mdoc:meta])* $m:ident, )*]
    ) => {
        #[pymethods]
        impl PyFeeRecord {
            /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                to_dict(py, &self.0)
            }

            /// ``sessionId``.
            #[getter]
            fn session_id(&self) -> &str {
                &self.0.session_id
            }

            /// Key to deduplicate records (the platform retries a failed fee push up to 6 times,
            /// an hour apart).
            #[getter]
            fn dedupe_key(&self) -> String {
                self.0.dedupe_key()
            }

            $(
                $(#[$tdoc])*
                #[getter]
                fn $t(&self) -> Option<&str> {
                    self.0.$t.as_deref()
                }
            )*

            $(
                $(#[$idoc])*
                #[getter]
                fn $i(&self) -> Option<i64> {
                    self.0.$i
                }
            )*

            $(
                $(#[$mdoc])*
                #[getter]
                fn $m(&self) -> Option<PyPushTime> {
                    push_time(self.0.$m.as_ref())
                }
            )*

            fn __repr__(&self, py: Python<'_>) -> String {
                let mut parts = vec![format!("session_id={}", repr_str(py, &self.0.session_id))];
                $(
                    if let Some(v) = &self.0.$t {
                        parts.push(format!(concat!(stringify!($t), "={}"), repr_str(py, v)));
                    }
                )*
                $(
                    if let Some(v) = self.0.$i {
                        parts.push(format!(concat!(stringify!($i), "={}"), v));
                    }
                )*
                $(
                    if self.0.$m.is_some() {
                        parts.push(format!(
                            concat!(stringify!($m), "={}"),
                            repr_time(py, self.0.$m.as_ref())
                        ));
                    }
                )*
                format!("FeeRecord({})", parts.join(", "))
            }
        }
    };
}

fee_record_methods! {
    text: [
        /// ``spId``.
        sp_id,
        /// ``appKey``.
        app_key,
        /// ``icid``.
        icid,
        /// ``bindNum``.
        bind_num,
        /// ``callerNum`` (the displayNbr).
        caller_num,
        /// ``calleeNum``.
        callee_num,
        /// ``dynIVRPath``.
        dyn_ivr_path,
        /// ``serviceType``.
        service_type,
        /// ``hostName``.
        host_name,
        /// ``userData``.
        user_data,
    ]
    int: [
        /// ``direction`` (0 = outbound).
        direction,
        /// ``fwdUnaswRsn``.
        fwd_unasw_rsn,
        /// ``ulFailReason``.
        ul_fail_reason,
        /// ``sipStatusCode``.
        sip_status_code,
        /// ``callOutUnaswRsn`` (a Q.850 cause).
        call_out_unasw_rsn,
        /// ``recordFlag``.
        record_flag,
        /// ``ttsPlayTimes``.
        tts_play_times,
    ]
    time: [
        /// ``failTime``.
        fail_time,
        /// ``callOutStartTime``.
        call_out_start_time,
        /// ``callOutAlertingTime``.
        call_out_alerting_time,
        /// ``callOutAnswerTime``.
        call_out_answer_time,
        /// ``callEndTime``.
        call_end_time,
        /// ``dynIVRStartTime``.
        dyn_ivr_start_time,
    ]
}

/// A batch of 1-50 fee (call-detail) records; iterable.
#[pyclass(name = "FeeBatch", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyFeeBatch(FeeBatch);

#[pymethods]
impl PyFeeBatch {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &Push::Fee(self.0.clone()))
    }

    /// Always ``"fee"``.
    #[getter]
    fn kind(&self) -> &'static str {
        "fee"
    }

    /// The records (a new tuple each time).
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let records = self
            .0
            .records
            .iter()
            .map(|r| Bound::new(py, PyFeeRecord(r.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, records)
    }

    fn __len__(&self) -> usize {
        self.0.records.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.records(py)?.into_any().try_iter().map(Bound::into_any)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let records: Vec<String> = self
            .0
            .records
            .iter()
            .map(|r| PyFeeRecord(r.clone()).__repr__(py))
            .collect();
        format!("FeeBatch(records=[{}])", records.join(", "))
    }
}

/// A push whose ``eventType`` this SDK does not know; nothing is lost.
#[pyclass(name = "UnknownPush", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyUnknownPush(UnknownPush);

#[pymethods]
impl PyUnknownPush {
    /// This value as plain Python data (dicts, lists, str, int, None), e.g. for JSON logging.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &Push::Unknown(self.0.clone()))
    }

    /// Always ``"unknown"``.
    #[getter]
    fn kind(&self) -> &'static str {
        "unknown"
    }

    /// The ``eventType`` as sent.
    #[getter]
    fn event_type(&self) -> &str {
        &self.0.event_type
    }

    /// The whole body, as sent.
    #[getter]
    fn raw_json(&self) -> &str {
        &self.0.raw_json
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "UnknownPush(event_type={}, raw_json={})",
            repr_str(py, &self.0.event_type),
            repr_str(py, &self.0.raw_json)
        )
    }
}

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
    // Python objects own their text: the push no longer borrows the body.
    Ok(match core_parse_push(&bytes).or_raise(py)? {
        Push::Status(e) => Bound::new(py, PyStatusEvent(e))?.into_any(),
        Push::CollectInfo(e) => Bound::new(py, PyCollectInfoEvent(e))?.into_any(),
        Push::Fee(b) => Bound::new(py, PyFeeBatch(b))?.into_any(),
        Push::Unknown(u) => Bound::new(py, PyUnknownPush(u))?.into_any(),
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
    fn remember_for_seconds(&self) -> Option<u64> {
        self.0.remember_for_seconds()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "PushVerification(verified={}, digest_form={}, created_offset_seconds={}, replay_key={}, \
             remember_for_seconds={})",
            if self.0.is_verified() {
                "True"
            } else {
                "False"
            },
            repr_opt(py, self.0.digest_form().map(DigestForm::as_str)),
            repr_int(self.0.created_offset_seconds()),
            repr_opt(py, self.0.replay_key()),
            repr_int(self.0.remember_for_seconds())
        )
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
pub(crate) fn hangup_cause(code: Bound<'_, PyAny>) -> PyResult<Option<PyHangupCause>> {
    let code = crate::convert::int(&code, "code")?;
    Ok(hangup::hangup_cause(code).map(PyHangupCause))
}

/// Every row of the hangup-cause table.
#[pyfunction]
pub(crate) fn hangup_causes() -> Vec<PyHangupCause> {
    hangup::all().iter().map(PyHangupCause).collect()
}
