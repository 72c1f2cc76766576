//! Records and enums of the Kotlin and Swift surface, and their conversions from and to the core's
//! types. Conversions only copy fields: every rule lives in the core.

use std::fmt;

use callverify_core as core;
use callverify_core::hangup as core_hangup;
use callverify_core::push as core_push;
use callverify_core::result_codes as core_codes;

/// A callVerify request: every parameter of the API, with plain (not yet encoded) push URLs.
///
/// Kotlin: `CallVerifyRequest(displayNbr = "+86…", calleeNbr = "+86…", verifyCode = "123456",
/// preTone = "welcome.wav", statusUrl = "https://…")`; every optional parameter defaults to absent.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CallVerifyRequest {
    /// `displayNbr`: the number shown to the callee, `+{country}{area}{number}`, 4-31 characters.
    pub display_nbr: String,
    /// `calleeNbr`: the number to call, `+{country}{number}`; China fixed lines drop the area
    /// code's leading 0.
    pub callee_nbr: String,
    /// `verifyCode`: 2-8 ASCII digits (see `generateVerifyCode`).
    pub verify_code: String,
    /// `preTone`: approved `.wav` file played before the code.
    pub pre_tone: String,
    /// `languageType`: 2 (Chinese), the only documented value.
    #[uniffi(default = 2)]
    pub language_type: i64,
    /// `posTone`: approved `.wav` file played after the code.
    #[uniffi(default)]
    pub pos_tone: Option<String>,
    /// `times`: how often the code is played, 0-9 (0 = until hangup); absent means 3.
    #[uniffi(default)]
    pub times: Option<i64>,
    /// `statusUrl`: plain http(s) URL for status pushes; the SDK base64-encodes it.
    #[uniffi(default)]
    pub status_url: Option<String>,
    /// `feeUrl`: plain http(s) URL for fee (call-detail) pushes; the SDK base64-encodes it.
    #[uniffi(default)]
    pub fee_url: Option<String>,
    /// `returnIdlePort`: ask the platform to return its idle port count.
    #[uniffi(default)]
    pub return_idle_port: Option<bool>,
    /// `userData`: 1-256 ASCII characters without `{` or `}`, echoed in pushes
    /// (see `encodeUserData` for other text).
    #[uniffi(default)]
    pub user_data: Option<String>,
}

impl CallVerifyRequest {
    pub(crate) fn to_core(&self) -> core::CallVerifyRequest {
        core::CallVerifyRequest {
            display_nbr: self.display_nbr.clone(),
            callee_nbr: self.callee_nbr.clone(),
            language_type: self.language_type,
            pre_tone: self.pre_tone.clone(),
            verify_code: self.verify_code.clone(),
            pos_tone: self.pos_tone.clone(),
            times: self.times,
            status_url: self.status_url.clone(),
            fee_url: self.fee_url.clone(),
            return_idle_port: self.return_idle_port,
            user_data: self.user_data.clone(),
        }
    }
}

/// One HTTP header.
///
/// `toString()` hides the digest of an `X-AKSK` value.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct HttpHeader {
    /// The header name.
    pub name: String,
    /// The header value.
    pub value: String,
}

impl fmt::Display for HttpHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.trim().eq_ignore_ascii_case("x-aksk") {
            write!(f, "{}: [redacted]", self.name)
        } else {
            write!(f, "{}: {}", self.name, self.value)
        }
    }
}

/// A signed callVerify request as data: send it with any HTTP client.
///
/// `toString()` hides the `X-AKSK` header (it is a credential for the length of the time window).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct HttpRequest {
    /// Always "POST".
    pub method: String,
    /// Base URL plus the API path.
    pub url: String,
    /// `Content-Type`, `Authorization` and `X-AKSK`, in this order.
    pub headers: Vec<HttpHeader>,
    /// The JSON body (UTF-8).
    pub body: String,
}

impl HttpRequest {
    pub(crate) fn from_core(http: core::HttpRequest) -> Self {
        HttpRequest {
            method: http.method.to_owned(),
            url: http.url.to_string(),
            headers: http
                .headers
                .into_iter()
                .map(|(name, value)| HttpHeader {
                    name: name.to_owned(),
                    value: value.into_owned(),
                })
                .collect(),
            body: http.body,
        }
    }
}

impl fmt::Display for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HttpRequest(method={}, url={}, headers=[",
            self.method, self.url
        )?;
        for (i, h) in self.headers.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            h.fmt(f)?;
        }
        write!(f, "], body={})", self.body)
    }
}

/// A computed X-AKSK signature.
///
/// `toString()` hides the digest and the `X-AKSK` value.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct Signature {
    /// The `Created` stamp, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created: String,
    /// The nonce.
    pub nonce: String,
    /// `Base64(HMAC-SHA256(app_secret, nonce + created))`.
    pub password_digest: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The `X-AKSK` header value.
    pub x_aksk: String,
}

impl Signature {
    pub(crate) fn from_core(sig: &core::Signature) -> Self {
        Signature {
            created: sig.created().to_owned(),
            nonce: sig.nonce().to_owned(),
            password_digest: sig.password_digest().to_owned(),
            authorization: sig.authorization().to_owned(),
            x_aksk: sig.x_aksk(),
        }
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Signature(created={}, nonce={}, passwordDigest=[redacted], authorization={}, xAksk=[redacted])",
            self.created, self.nonce, self.authorization
        )
    }
}

/// A successful callVerify answer.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CallVerifyResponse {
    /// The call's session id; pushes about this call carry it.
    pub session_id: String,
    /// Idle platform ports, when the request set `returnIdlePort`.
    pub idle_port: Option<i32>,
    /// The platform's `resultdesc` (usually "Success").
    pub result_desc: String,
}

impl CallVerifyResponse {
    pub(crate) fn from_core(r: core::CallVerifyResponse) -> Self {
        CallVerifyResponse {
            session_id: r.session_id,
            idle_port: r.idle_port.map(i32::from),
            result_desc: r.result_desc,
        }
    }
}

/// What kind of problem a platform result code reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ResultCategory {
    /// Code 0.
    Success,
    /// Authentication (headers, digest, app_key, clock skew). Never retry automatically.
    Auth,
    /// The request itself is malformed.
    Request,
    /// The application's state or permissions.
    AppState,
    /// A rate limit or quota.
    RateLimit,
    /// A blacklist, whitelist, security control, region or time-of-day restriction.
    Restriction,
    /// An error inside the platform.
    Platform,
}

impl ResultCategory {
    fn from_core(c: core_codes::ResultCategory) -> Self {
        match c {
            core_codes::ResultCategory::Success => ResultCategory::Success,
            core_codes::ResultCategory::Auth => ResultCategory::Auth,
            core_codes::ResultCategory::Request => ResultCategory::Request,
            core_codes::ResultCategory::AppState => ResultCategory::AppState,
            core_codes::ResultCategory::RateLimit => ResultCategory::RateLimit,
            core_codes::ResultCategory::Restriction => ResultCategory::Restriction,
            core_codes::ResultCategory::Platform => ResultCategory::Platform,
        }
    }
}

/// Whether and when a request that got a result code may be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum RetryAdvice {
    /// Do not retry automatically.
    Never,
    /// Retry after this many seconds, signed afresh.
    AfterSeconds {
        /// The delay in seconds.
        seconds: i64,
    },
    /// Retry at once, signed afresh (new nonce and Created).
    ImmediatelyWithFreshSignature,
}

impl fmt::Display for RetryAdvice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryAdvice::Never => f.write_str("Never"),
            RetryAdvice::AfterSeconds { seconds } => write!(f, "AfterSeconds(seconds={seconds})"),
            RetryAdvice::ImmediatelyWithFreshSignature => {
                f.write_str("ImmediatelyWithFreshSignature")
            }
        }
    }
}

impl RetryAdvice {
    pub(crate) fn from_core(r: core_codes::RetryAdvice) -> Self {
        match r {
            core_codes::RetryAdvice::Never => RetryAdvice::Never,
            core_codes::RetryAdvice::AfterSeconds(s) => RetryAdvice::AfterSeconds {
                seconds: i64::from(s),
            },
            core_codes::RetryAdvice::ImmediatelyWithFreshSignature => {
                RetryAdvice::ImmediatelyWithFreshSignature
            }
        }
    }
}

/// One row of the platform's result-code table.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ResultCodeEntry {
    /// The HTTP status the platform answers this code with.
    pub http_status: i32,
    /// The result code, e.g. "1023006".
    pub code: String,
    /// English description.
    pub description_en: String,
    /// Chinese description.
    pub description_zh: String,
    /// What to do, in English.
    pub action_en: String,
    /// What to do, in Chinese.
    pub action_zh: String,
    /// What kind of problem it is.
    pub category: ResultCategory,
    /// Whether and when to retry.
    pub retry: RetryAdvice,
}

impl ResultCodeEntry {
    pub(crate) fn from_core(e: &core_codes::ResultCodeEntry) -> Self {
        ResultCodeEntry {
            http_status: i32::from(e.http_status),
            code: e.code.to_owned(),
            description_en: e.description_en.to_owned(),
            description_zh: e.description_zh.to_owned(),
            action_en: e.action_en.to_owned(),
            action_zh: e.action_zh.to_owned(),
            category: ResultCategory::from_core(e.category),
            retry: RetryAdvice::from_core(e.retry),
        }
    }
}

/// A coarse classification of why a call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum HangupCategory {
    /// The callee answered (the code was played).
    Answered,
    /// The callee did not answer or rejected while ringing.
    NoAnswer,
    /// The callee was busy.
    Busy,
    /// The callee could not be reached.
    Unreachable,
    /// Blocked or rate-limited by the platform, a blacklist or the account's state.
    Blocked,
    /// The call was abandoned before it connected.
    Cancelled,
    /// An error inside the platform.
    PlatformError,
}

/// One row of the hangup-cause table (the `stateCode` of a disconnect event).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct HangupCause {
    /// The `stateCode`.
    pub code: i64,
    /// English meaning.
    pub meaning_en: String,
    /// Chinese meaning.
    pub meaning_zh: String,
    /// Coarse classification.
    pub category: HangupCategory,
}

impl HangupCause {
    pub(crate) fn from_core(c: &core_hangup::HangupCause) -> Self {
        HangupCause {
            code: c.code,
            meaning_en: c.meaning_en.to_owned(),
            meaning_zh: c.meaning_zh.to_owned(),
            category: match c.category {
                core_hangup::HangupCategory::Answered => HangupCategory::Answered,
                core_hangup::HangupCategory::NoAnswer => HangupCategory::NoAnswer,
                core_hangup::HangupCategory::Busy => HangupCategory::Busy,
                core_hangup::HangupCategory::Unreachable => HangupCategory::Unreachable,
                core_hangup::HangupCategory::Blocked => HangupCategory::Blocked,
                core_hangup::HangupCategory::Cancelled => HangupCategory::Cancelled,
                core_hangup::HangupCategory::PlatformError => HangupCategory::PlatformError,
            },
        }
    }
}

/// The four status event types of callVerify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum StatusEventType {
    /// The platform started calling.
    Callout,
    /// The callee's phone is ringing.
    Alerting,
    /// The callee answered.
    Answer,
    /// The call ended; see `stateCode`.
    Disconnect,
}

/// A platform time (`yyyy-MM-dd HH:mm:ss`, UTC): the text as sent and its Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PushTime {
    /// The text exactly as sent.
    pub text: String,
    /// Unix seconds.
    pub unix: i64,
}

fn push_time(t: core_push::PushTime) -> PushTime {
    PushTime {
        text: t.text,
        unix: t.unix,
    }
}

/// A call status event (callout, alerting, answer or disconnect).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct StatusEvent {
    /// Which event.
    pub event_type: StatusEventType,
    /// The call's session id (as returned by callVerify).
    pub session_id: String,
    /// When the event happened.
    pub timestamp: PushTime,
    /// The request's `userData`, echoed.
    pub user_data: Option<String>,
    /// The calling number (the request's displayNbr).
    pub caller: Option<String>,
    /// The called number.
    pub called: Option<String>,
    /// Hangup cause code (disconnect only).
    pub state_code: Option<i64>,
    /// Hangup cause text (disconnect only).
    pub state_desc: Option<String>,
    /// The hangup-cause table's entry for `stateCode`, when known.
    pub hangup_cause: Option<HangupCause>,
}

/// A digit-collection result (`eventType` `collectInfo`): the digits the callee keyed in when a
/// voice notification asked for them.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CollectInfoEvent {
    /// The call's session id.
    pub session_id: String,
    /// When the digits were collected.
    pub timestamp: PushTime,
    /// The request's `userData`, echoed.
    pub user_data: Option<String>,
    /// `digitInfo`: the digits collected, as sent (e.g. `"1"`).
    pub digit_info: Option<String>,
}

/// One call-detail (fee) record. Everything but `sessionId` is optional on the wire.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct FeeRecord {
    /// `sessionId`.
    pub session_id: String,
    /// Key to deduplicate records (the platform retries fee pushes): skip records already stored.
    pub dedupe_key: String,
    /// `direction` (0 = outbound).
    pub direction: Option<i64>,
    /// `spId`.
    pub sp_id: Option<String>,
    /// `appKey`.
    pub app_key: Option<String>,
    /// `icid`.
    pub icid: Option<String>,
    /// `bindNum`.
    pub bind_num: Option<String>,
    /// `callerNum` (the displayNbr).
    pub caller_num: Option<String>,
    /// `calleeNum`.
    pub callee_num: Option<String>,
    /// `fwdUnaswRsn`.
    pub fwd_unasw_rsn: Option<i64>,
    /// `failTime`.
    pub fail_time: Option<PushTime>,
    /// `ulFailReason`.
    pub ul_fail_reason: Option<i64>,
    /// `sipStatusCode`.
    pub sip_status_code: Option<i64>,
    /// `callOutStartTime`.
    pub call_out_start_time: Option<PushTime>,
    /// `callOutAlertingTime`.
    pub call_out_alerting_time: Option<PushTime>,
    /// `callOutAnswerTime`.
    pub call_out_answer_time: Option<PushTime>,
    /// `callEndTime`.
    pub call_end_time: Option<PushTime>,
    /// `callOutUnaswRsn` (a Q.850 cause).
    pub call_out_unasw_rsn: Option<i64>,
    /// `dynIVRStartTime`.
    pub dyn_ivr_start_time: Option<PushTime>,
    /// `dynIVRPath`.
    pub dyn_ivr_path: Option<String>,
    /// `recordFlag`.
    pub record_flag: Option<i64>,
    /// `ttsPlayTimes`.
    pub tts_play_times: Option<i64>,
    /// `serviceType`.
    pub service_type: Option<String>,
    /// `hostName`.
    pub host_name: Option<String>,
    /// `userData`.
    pub user_data: Option<String>,
}

/// A batch of 1-50 fee records.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct FeeBatch {
    /// The records.
    pub records: Vec<FeeRecord>,
}

/// A push whose `eventType` this SDK does not know; nothing is lost.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct UnknownPush {
    /// The `eventType` as sent.
    pub event_type: String,
    /// The whole body, as sent.
    pub raw_json: String,
}

/// A parsed push: Kotlin `when (push) { is Push.Status -> … is Push.CollectInfo -> …
/// is Push.Fee -> … is Push.Unknown -> … }`.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Push {
    /// A call status event.
    Status {
        /// The event.
        event: StatusEvent,
    },
    /// A digit-collection result (`eventType` `collectInfo`).
    CollectInfo {
        /// The event.
        event: CollectInfoEvent,
    },
    /// A batch of fee (call-detail) records.
    Fee {
        /// The batch.
        batch: FeeBatch,
    },
    /// An event type this SDK does not know.
    Unknown {
        /// The event type and raw body.
        push: UnknownPush,
    },
}

impl Push {
    pub(crate) fn from_core(push: core::Push) -> Self {
        match push {
            core::Push::Status(e) => {
                let hangup_cause = e.hangup_cause().map(HangupCause::from_core);
                Push::Status {
                    event: StatusEvent {
                        event_type: match e.event_type {
                            core::StatusEventType::Callout => StatusEventType::Callout,
                            core::StatusEventType::Alerting => StatusEventType::Alerting,
                            core::StatusEventType::Answer => StatusEventType::Answer,
                            core::StatusEventType::Disconnect => StatusEventType::Disconnect,
                        },
                        session_id: e.session_id,
                        timestamp: push_time(e.timestamp),
                        user_data: e.user_data,
                        caller: e.caller,
                        called: e.called,
                        state_code: e.state_code,
                        state_desc: e.state_desc,
                        hangup_cause,
                    },
                }
            }
            core::Push::CollectInfo(e) => Push::CollectInfo {
                event: CollectInfoEvent {
                    session_id: e.session_id,
                    timestamp: push_time(e.timestamp),
                    user_data: e.user_data,
                    digit_info: e.digit_info,
                },
            },
            core::Push::Fee(b) => Push::Fee {
                batch: FeeBatch {
                    records: b.records.into_iter().map(fee_record).collect(),
                },
            },
            core::Push::Unknown(u) => Push::Unknown {
                push: UnknownPush {
                    event_type: u.event_type,
                    raw_json: u.raw_json,
                },
            },
        }
    }
}

fn fee_record(r: core::FeeRecord) -> FeeRecord {
    FeeRecord {
        dedupe_key: r.dedupe_key(),
        session_id: r.session_id,
        direction: r.direction,
        sp_id: r.sp_id,
        app_key: r.app_key,
        icid: r.icid,
        bind_num: r.bind_num,
        caller_num: r.caller_num,
        callee_num: r.callee_num,
        fwd_unasw_rsn: r.fwd_unasw_rsn,
        fail_time: r.fail_time.map(push_time),
        ul_fail_reason: r.ul_fail_reason,
        sip_status_code: r.sip_status_code,
        call_out_start_time: r.call_out_start_time.map(push_time),
        call_out_alerting_time: r.call_out_alerting_time.map(push_time),
        call_out_answer_time: r.call_out_answer_time.map(push_time),
        call_end_time: r.call_end_time.map(push_time),
        call_out_unasw_rsn: r.call_out_unasw_rsn,
        dyn_ivr_start_time: r.dyn_ivr_start_time.map(push_time),
        dyn_ivr_path: r.dyn_ivr_path,
        record_flag: r.record_flag,
        tts_play_times: r.tts_play_times,
        service_type: r.service_type,
        host_name: r.host_name,
        user_data: r.user_data,
    }
}

/// How a push digest's message is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DigestForm {
    /// `url + nonce + created` (the original documentation's form).
    Concatenated,
    /// `url + "\n" + nonce + "\n" + created` (current Huawei pages).
    Newline,
}

impl DigestForm {
    pub(crate) fn to_core(self) -> core::DigestForm {
        match self {
            DigestForm::Concatenated => core::DigestForm::Concatenated,
            DigestForm::Newline => core::DigestForm::Newline,
        }
    }

    fn from_core(f: core::DigestForm) -> Self {
        match f {
            core::DigestForm::Concatenated => DigestForm::Concatenated,
            core::DigestForm::Newline => DigestForm::Newline,
        }
    }
}

/// Options of `verifyPush`; `VerifyOptions()` gives the defaults.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VerifyOptions {
    /// Freshness window in seconds, 1-86400: |now − Created| must not exceed it.
    #[uniffi(default = 300)]
    pub window_seconds: i64,
    /// Accept a push that carries neither auth header (the result is then `Unsigned`).
    #[uniffi(default = false)]
    pub allow_unsigned: bool,
    /// Accept only this digest form; absent accepts either.
    #[uniffi(default)]
    pub digest_form: Option<DigestForm>,
    /// Pins the clock of the push's `Created`: its offset from UTC (0 for UTC, 28800 for Beijing
    /// time). Absent (default) accepts both UTC and UTC+8.
    #[uniffi(default)]
    pub created_offset_seconds: Option<i32>,
}

/// The outcome of a successful `verifyPush`.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum PushVerification {
    /// The signature is valid and fresh.
    Verified {
        /// Which digest form matched.
        digest_form: DigestForm,
        /// Which clock `Created` was read in: its offset from UTC in seconds (0 for UTC, 28800
        /// for Beijing time).
        created_offset_seconds: i32,
        /// `nonce:created`, the stamp as sent (one key whichever clock matched): reject a push
        /// whose key was already seen within `rememberForSeconds`.
        replay_key: String,
        /// How long to remember the replay key: twice the window, plus 28800 while both clocks
        /// are accepted (a stamp read as UTC+8 is fresh again eight hours later read as UTC).
        remember_for_seconds: i64,
    },
    /// The push carried no auth headers and unsigned pushes were explicitly allowed.
    Unsigned,
}

impl fmt::Display for PushVerification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PushVerification::Verified {
                digest_form,
                created_offset_seconds,
                replay_key,
                remember_for_seconds,
            } => write!(
                f,
                "Verified(digestForm={}, createdOffsetSeconds={created_offset_seconds}, replayKey={replay_key}, rememberForSeconds={remember_for_seconds})",
                digest_form.to_core().as_str()
            ),
            PushVerification::Unsigned => f.write_str("Unsigned"),
        }
    }
}

impl PushVerification {
    pub(crate) fn from_core(v: core::PushVerification) -> Self {
        match v {
            core::PushVerification::Verified {
                digest_form,
                created_offset_seconds,
                replay_key,
                remember_for_seconds,
            } => PushVerification::Verified {
                digest_form: DigestForm::from_core(digest_form),
                created_offset_seconds,
                replay_key,
                remember_for_seconds: i64::try_from(remember_for_seconds).unwrap_or(i64::MAX),
            },
            core::PushVerification::Unsigned => PushVerification::Unsigned,
        }
    }
}
