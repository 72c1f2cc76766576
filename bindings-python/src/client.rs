//! Credentials, the client, signatures and prepared HTTP requests.

use callverify_core::{
    CallVerifyRequest, Client, Credentials, HttpRequest, Nonce, Signature, unix_now,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{optional_int, repr_str};
use crate::errors::OrRaise;

/// An application's app_key and app_secret.
///
/// The secret is kept only as a keyed HMAC state inside the core, is never readable from Python and
/// never appears in ``repr()``, ``str()`` or any error message.
#[pyclass(name = "Credentials", module = "callverify", frozen)]
pub(crate) struct PyCredentials(pub(crate) Credentials);

#[pymethods]
impl PyCredentials {
    #[new]
    fn new(py: Python<'_>, app_key: String, app_secret: String) -> PyResult<Self> {
        Credentials::new(app_key, app_secret)
            .map(PyCredentials)
            .or_raise(py)
    }

    /// The app_key (not secret).
    #[getter]
    fn app_key(&self) -> &str {
        self.0.app_key()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Credentials(app_key={}, app_secret='[redacted]')",
            repr_str(py, self.0.app_key())
        )
    }
}

/// Signs callVerify requests: base URL, credentials and the ``Created`` offset.
///
/// ``created_offset`` is added to UTC in ``Created`` (``28800`` for accounts that expect Beijing
/// time); it must be whole minutes within ±14 h.
#[pyclass(name = "Client", module = "callverify", frozen)]
pub(crate) struct PyClient {
    client: Client,
    credentials: Py<PyCredentials>,
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (base_url, credentials, *, created_offset=None))]
    fn new(
        py: Python<'_>,
        base_url: String,
        credentials: Bound<'_, PyCredentials>,
        created_offset: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut client = Client::new(&base_url, credentials.get().0.clone()).or_raise(py)?;
        if let Some(offset) = optional_int(created_offset.as_ref(), "created_offset")? {
            client = client.with_created_offset(offset).or_raise(py)?;
        }
        Ok(PyClient {
            client,
            credentials: credentials.unbind(),
        })
    }

    /// The base URL, without a trailing slash.
    #[getter]
    fn base_url(&self) -> &str {
        self.client.base_url()
    }

    /// The credentials this client signs with.
    #[getter]
    fn credentials(&self, py: Python<'_>) -> Py<PyCredentials> {
        self.credentials.clone_ref(py)
    }

    /// The ``Created`` offset from UTC, in seconds.
    #[getter]
    fn created_offset(&self) -> i32 {
        self.client.created_offset_seconds()
    }

    /// Validates, builds and signs a callVerify request.
    ///
    /// Every table-4 rule is checked and all violations are raised at once as a
    /// ``ValidationError``. ``status_url``/``fee_url`` are the plain URLs (the SDK base64-encodes
    /// them). ``now`` (Unix seconds) and ``nonce`` default to the system clock and a fresh random
    /// nonce: every call is signed afresh, so a retry is simply another call.
    #[pyo3(
        signature = (
            *, display_nbr, callee_nbr, verify_code, pre_tone, language_type=None, pos_tone=None,
            times=None, status_url=None, fee_url=None, return_idle_port=None, user_data=None,
            now=None, nonce=None
        ),
        text_signature = "($self, *, display_nbr, callee_nbr, verify_code, pre_tone, language_type=2, \
                          pos_tone=None, times=None, status_url=None, fee_url=None, \
                          return_idle_port=None, user_data=None, now=None, nonce=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn call_verify(
        &self,
        py: Python<'_>,
        display_nbr: String,
        callee_nbr: String,
        verify_code: String,
        pre_tone: String,
        language_type: Option<Bound<'_, PyAny>>,
        pos_tone: Option<String>,
        times: Option<Bound<'_, PyAny>>,
        status_url: Option<String>,
        fee_url: Option<String>,
        return_idle_port: Option<bool>,
        user_data: Option<String>,
        now: Option<Bound<'_, PyAny>>,
        nonce: Option<String>,
    ) -> PyResult<PyPreparedRequest> {
        let mut request = CallVerifyRequest::new(display_nbr, callee_nbr, verify_code, pre_tone);
        if let Some(language_type) = optional_int(language_type.as_ref(), "language_type")? {
            request.language_type = language_type;
        }
        request.pos_tone = pos_tone;
        request.times = optional_int(times.as_ref(), "times")?;
        request.status_url = status_url;
        request.fee_url = fee_url;
        request.return_idle_port = return_idle_port;
        request.user_data = user_data;
        let prepared = self.client.prepare_call_verify(&request).or_raise(py)?;
        let (now, nonce) = now_and_nonce(py, now, nonce)?;
        prepared
            .sign(now, nonce)
            .map(PyPreparedRequest)
            .or_raise(py)
    }

    /// Signs a nonce and a time into an X-AKSK signature (``now`` and ``nonce`` default to the
    /// system clock and a fresh random nonce).
    #[pyo3(signature = (*, now=None, nonce=None))]
    fn sign(
        &self,
        py: Python<'_>,
        now: Option<Bound<'_, PyAny>>,
        nonce: Option<String>,
    ) -> PyResult<PySignature> {
        let (now, nonce) = now_and_nonce(py, now, nonce)?;
        self.client.sign(now, nonce).map(PySignature).or_raise(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Client(base_url={}, credentials=Credentials(app_key={}, app_secret='[redacted]'), created_offset={})",
            repr_str(py, self.client.base_url()),
            repr_str(py, self.client.credentials().app_key()),
            self.client.created_offset_seconds()
        )
    }
}

/// The time (given, or the system clock) and the nonce (given and checked, or fresh).
pub(crate) fn now_and_nonce(
    py: Python<'_>,
    now: Option<Bound<'_, PyAny>>,
    nonce: Option<String>,
) -> PyResult<(i64, Nonce)> {
    let now = match optional_int(now.as_ref(), "now")? {
        Some(now) => now,
        None => unix_now().or_raise(py)?,
    };
    let nonce = match nonce {
        Some(nonce) => Nonce::new(nonce),
        None => Nonce::generate(),
    }
    .or_raise(py)?;
    Ok((now, nonce))
}

/// A signed callVerify request as data, for your HTTP client:
/// ``requests.post(r.url, headers=r.headers, data=r.body_bytes)``.
#[pyclass(name = "PreparedRequest", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyPreparedRequest(HttpRequest);

#[pymethods]
impl PyPreparedRequest {
    /// Always ``"POST"``.
    #[getter]
    fn method(&self) -> &str {
        &self.0.method
    }

    /// Base URL plus the API path.
    #[getter]
    fn url(&self) -> &str {
        &self.0.url
    }

    /// ``Content-Type``, ``Authorization`` and ``X-AKSK``, in this order (a new dict each time).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let headers = PyDict::new(py);
        for h in &self.0.headers {
            headers.set_item(&h.name, &h.value)?;
        }
        Ok(headers)
    }

    /// The JSON body as text.
    #[getter]
    fn body(&self) -> &str {
        &self.0.body
    }

    /// The JSON body as UTF-8 bytes (what goes on the wire).
    #[getter]
    fn body_bytes(&self) -> &[u8] {
        self.0.body.as_bytes()
    }

    /// The value of a header (name case-insensitive), or ``None``.
    fn header(&self, name: &str) -> Option<&str> {
        self.0.header(name)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "PreparedRequest(method='POST', url={}, headers={{'Content-Type': {}, 'Authorization': {}, \
             'X-AKSK': '[redacted]'}}, body={})",
            repr_str(py, &self.0.url),
            repr_str(py, self.0.header("Content-Type").unwrap_or_default()),
            repr_str(py, self.0.header("Authorization").unwrap_or_default()),
            repr_str(py, &self.0.body)
        )
    }
}

/// An X-AKSK signature: the header values and their parts.
#[pyclass(name = "Signature", module = "callverify", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PySignature(Signature);

#[pymethods]
impl PySignature {
    /// The ``Created`` stamp, ``YYYY-MM-DDTHH:MM:SSZ``.
    #[getter]
    fn created(&self) -> &str {
        self.0.created()
    }

    /// The nonce.
    #[getter]
    fn nonce(&self) -> &str {
        self.0.nonce()
    }

    /// The ``Authorization`` header value.
    #[getter]
    fn authorization(&self) -> &'static str {
        self.0.authorization()
    }

    /// The ``X-AKSK`` header value.
    #[getter]
    fn x_aksk(&self) -> String {
        self.0.x_aksk()
    }

    /// ``Base64(HMAC-SHA256(app_secret, nonce + created))``.
    #[getter]
    fn password_digest(&self) -> &str {
        self.0.password_digest()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Signature(created={}, nonce={}, password_digest='[redacted]')",
            repr_str(py, self.0.created()),
            repr_str(py, self.0.nonce())
        )
    }
}
