//! Parsing the platform's pushes: call status events (to `statusUrl`) and fee records (to `feeUrl`).
//!
//! [`parse_push`] takes the raw body bytes and returns a [`Push`]: a [`StatusEvent`] (callout,
//! alerting, answer, disconnect), a [`CollectInfoEvent`] (the digits a callee keyed in, for
//! voice notifications that collect digits), a [`FeeBatch`] of 1-50 call-detail records, or an
//! [`UnknownPush`] that keeps the event type and the raw JSON so a new platform event never loses
//! data (`docs/push-events.md` names the Huawei page each event type and field comes from).
//! Unknown fields are ignored; a known field of the wrong type, a missing required field, invalid
//! UTF-8, JSON that is not an object and bodies over 1 MiB are typed errors naming the field.
//!
//! Parse only after [`verify_push`](crate::verify_push) accepted the request's headers.
//!
//! The parsed values own their text, so a push outlives its body and the same types cross into
//! every binding (serialised with the platform's camelCase names).
//!
//! ```
//! use callverify_core::{parse_push, Push, StatusEventType};
//!
//! let body = br#"{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260","timestamp":"2019-01-24 02:49:23","caller":"+8613800000022","called":"+8613800000021","stateCode":8102,"stateDesc":"busy"}}"#;
//! let Push::Status(event) = parse_push(body)? else { panic!("not a status event") };
//! assert_eq!(event.event_type, StatusEventType::Disconnect);
//! assert_eq!(event.session_id, "1202_14260");
//! assert_eq!(event.timestamp.unix, 1_548_298_163);
//! assert_eq!(event.hangup_cause().map(|c| c.category.as_str()), Some("busy"));
//! # Ok::<(), callverify_core::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::error::{Error, ErrorCode, quoted};
use crate::hangup::{HangupCause, hangup_cause};
use crate::json::{
    Field, Fields, Loose, Part, Place, Slot, body_text, known_fields, missing, other_type,
    read_body, read_records, wrong_type,
};
use crate::timefmt::parse_push_timestamp;

/// Most records in one fee push.
pub const MAX_FEE_RECORDS: usize = 50;

/// A parsed push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Push {
    /// A call status event.
    Status(#[cfg_attr(feature = "uniffi", uniffi(name = "event"))] StatusEvent),
    /// A digit-collection result (`eventType` `collectInfo`).
    CollectInfo(#[cfg_attr(feature = "uniffi", uniffi(name = "event"))] CollectInfoEvent),
    /// A batch of call-detail (fee) records.
    Fee(#[cfg_attr(feature = "uniffi", uniffi(name = "batch"))] FeeBatch),
    /// An event type this SDK does not know; nothing is lost.
    Unknown(#[cfg_attr(feature = "uniffi", uniffi(name = "push"))] UnknownPush),
}

/// The four status event types of callVerify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum StatusEventType {
    /// The platform started calling.
    Callout,
    /// The callee's phone is ringing.
    Alerting,
    /// The callee answered.
    Answer,
    /// The call ended; see `state_code`.
    Disconnect,
}

impl StatusEventType {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusEventType::Callout => "callout",
            StatusEventType::Alerting => "alerting",
            StatusEventType::Answer => "answer",
            StatusEventType::Disconnect => "disconnect",
        }
    }

    fn from_wire(text: &str) -> Option<Self> {
        match text {
            "callout" => Some(StatusEventType::Callout),
            "alerting" => Some(StatusEventType::Alerting),
            "answer" => Some(StatusEventType::Answer),
            "disconnect" => Some(StatusEventType::Disconnect),
            _ => None,
        }
    }
}

/// A platform time (`yyyy-MM-dd HH:mm:ss`, UTC): the text as sent and its Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, frozen, eq, module = "callverify")
)]
pub struct PushTime {
    /// The text exactly as sent.
    pub text: String,
    /// Unix seconds.
    pub unix: i64,
}

/// A status event (`statusInfo` of a callout, alerting, answer or disconnect push).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, frozen, eq, module = "callverify")
)]
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
}

impl StatusEvent {
    /// The hangup-cause table's entry for `state_code`, when known.
    pub fn hangup_cause(&self) -> Option<HangupCause> {
        self.state_code.and_then(hangup_cause)
    }
}

/// The result of collecting digits from the callee (`eventType` `collectInfo`): a voice
/// notification that asked the callee to key in digits reports what was keyed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, frozen, eq, module = "callverify")
)]
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

/// The `eventType` of a digit-collection result.
pub const COLLECT_INFO_EVENT_TYPE: &str = "collectInfo";

/// A batch of 1-50 fee (call-detail) records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, eq, module = "callverify"))]
pub struct FeeBatch {
    /// The records.
    pub records: Vec<FeeRecord>,
}

/// One call-detail record. Everything but `session_id` is optional on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, frozen, eq, module = "callverify")
)]
pub struct FeeRecord {
    /// `sessionId` (required).
    pub session_id: String,
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

impl FeeRecord {
    /// Key to deduplicate records: the platform retries a failed fee push up to 6 times, an hour
    /// apart, so a receiver must skip records it has already stored.
    pub fn dedupe_key(&self) -> String {
        format!("fee:{}", self.session_id)
    }
}

/// A push whose `eventType` this SDK does not know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(get_all, frozen, eq, module = "callverify")
)]
pub struct UnknownPush {
    /// The `eventType` as sent.
    pub event_type: String,
    /// The whole body, as sent.
    pub raw_json: String,
}

/// A push's top level. `statusInfo` and `feeLst` are read only if the event type uses them, so
/// nothing in an unused part can fail the push: `statusInfo` is read in the pass over the body
/// when an `eventType` before it calls for it (the platform sends `eventType` first), else kept
/// as raw text and read afterwards, with the same result.
#[derive(Debug)]
struct Top<'a> {
    event_type: Field<'a>,
    status_info: Part<'a>,
    fee_lst: Part<'a>,
    status: StatusFields<'a>,
    collect: CollectFields<'a>,
}

impl<'a> Fields<'a> for Top<'a> {
    fn slot(&mut self, key: &str) -> Option<Slot<'_, 'a>> {
        match key {
            "eventType" => Some(Slot::Value(&mut self.event_type.value)),
            "statusInfo" => {
                let fields: Option<&mut dyn Fields<'a>> = match &self.event_type.value {
                    Loose::Str(t) if StatusEventType::from_wire(t).is_some() => {
                        Some(&mut self.status)
                    }
                    Loose::Str(t) if t == COLLECT_INFO_EVENT_TYPE => Some(&mut self.collect),
                    _ => None,
                };
                let fields = fields.map(|f| (f, Place::StatusInfo));
                Some(Slot::Part(&mut self.status_info, fields))
            }
            "feeLst" => Some(Slot::Part(&mut self.fee_lst, None)),
            _ => None,
        }
    }
}

known_fields! {
    /// `statusInfo` of a status event.
    struct StatusFields {
        session_id: "sessionId",
        timestamp: "timestamp",
        caller: "caller",
        called: "called",
        state_code: "stateCode",
        state_desc: "stateDesc",
        user_data: "userData",
    }
}

known_fields! {
    /// `statusInfo` of a `collectInfo` push.
    struct CollectFields {
        session_id: "sessionId",
        timestamp: "timestamp",
        digit_info: "digitInfo",
        user_data: "userData",
    }
}

known_fields! {
    /// One element of `feeLst`.
    struct FeeFields {
        direction: "direction",
        sp_id: "spId",
        app_key: "appKey",
        icid: "icid",
        bind_num: "bindNum",
        session_id: "sessionId",
        caller_num: "callerNum",
        callee_num: "calleeNum",
        fwd_unasw_rsn: "fwdUnaswRsn",
        fail_time: "failTime",
        ul_fail_reason: "ulFailReason",
        sip_status_code: "sipStatusCode",
        call_out_start_time: "callOutStartTime",
        call_out_alerting_time: "callOutAlertingTime",
        call_out_answer_time: "callOutAnswerTime",
        call_end_time: "callEndTime",
        call_out_unasw_rsn: "callOutUnaswRsn",
        dyn_ivr_start_time: "dynIVRStartTime",
        dyn_ivr_path: "dynIVRPath",
        record_flag: "recordFlag",
        tts_play_times: "ttsPlayTimes",
        service_type: "serviceType",
        host_name: "hostName",
        user_data: "userData",
    }
}

/// Parses a push body (status event, digit-collection result, fee batch or unknown event).
pub fn parse_push(body: &[u8]) -> Result<Push, Error> {
    let text = body_text(body, "push")?;
    let mut top = Top {
        event_type: Field::new("eventType"),
        status_info: Part::Missing,
        fee_lst: Part::Missing,
        status: StatusFields::new(),
        collect: CollectFields::new(),
    };
    read_body(text, "push", &mut top)?;
    let event_type = top.event_type.required_str(Place::Top)?;
    if let Some(kind) = StatusEventType::from_wire(&event_type) {
        let mut info = top.status;
        top.status_info
            .into_object("statusInfo", Place::StatusInfo, "push", &mut info)?;
        return status_event(kind, info).map(Push::Status);
    }
    if event_type == COLLECT_INFO_EVENT_TYPE {
        let mut info = top.collect;
        top.status_info
            .into_object("statusInfo", Place::StatusInfo, "push", &mut info)?;
        return collect_info_event(info).map(Push::CollectInfo);
    }
    if event_type == "fee" {
        return fee_batch(top.fee_lst).map(Push::Fee);
    }
    Ok(Push::Unknown(UnknownPush {
        event_type: event_type.into_owned(),
        raw_json: text.to_owned(),
    }))
}

fn required_nonempty(field: Field<'_>, place: Place) -> Result<String, Error> {
    let path = field.path(place);
    let text = field.required_str(place)?.into_owned();
    if text.is_empty() {
        return Err(Error::detail(
            ErrorCode::InvalidValue,
            Some(&path.to_string()),
            format!("{path} is empty"),
        ));
    }
    Ok(text)
}

fn time_value(text: Cow<'_, str>, field: impl fmt::Display) -> Result<PushTime, Error> {
    let unix = parse_push_timestamp(&text).ok_or_else(|| {
        Error::detail(
            ErrorCode::InvalidTimestamp,
            Some(&field.to_string()),
            format!(
                "{field} is {}; expected UTC time as yyyy-MM-dd HH:mm:ss",
                quoted(&text.chars().take(40).collect::<String>())
            ),
        )
    })?;
    Ok(PushTime {
        text: text.into_owned(),
        unix,
    })
}

/// A required time.
fn required_time(field: Field<'_>, place: Place) -> Result<PushTime, Error> {
    let path = field.path(place);
    time_value(field.required_str(place)?, path)
}

/// An optional time: absent, null or empty (times of stages a call never reached may arrive
/// empty) mean none.
fn optional_time(field: Field<'_>, place: Place) -> Result<Option<PushTime>, Error> {
    let path = field.path(place);
    match field.optional_str(place)? {
        Some(text) if !text.is_empty() => time_value(text, path).map(Some),
        _ => Ok(None),
    }
}

/// Checked in the order of [`StatusEvent`]'s fields.
fn status_event(event_type: StatusEventType, info: StatusFields<'_>) -> Result<StatusEvent, Error> {
    let place = Place::StatusInfo;
    Ok(StatusEvent {
        event_type,
        session_id: required_nonempty(info.session_id, place)?,
        timestamp: required_time(info.timestamp, place)?,
        user_data: info.user_data.optional_string(place)?,
        caller: info.caller.optional_string(place)?,
        called: info.called.optional_string(place)?,
        state_code: info.state_code.optional_int(place)?,
        state_desc: info.state_desc.optional_string(place)?,
    })
}

/// Checked in the order of [`CollectInfoEvent`]'s fields.
fn collect_info_event(info: CollectFields<'_>) -> Result<CollectInfoEvent, Error> {
    let place = Place::StatusInfo;
    Ok(CollectInfoEvent {
        session_id: required_nonempty(info.session_id, place)?,
        timestamp: required_time(info.timestamp, place)?,
        user_data: info.user_data.optional_string(place)?,
        digit_info: info.digit_info.optional_string(place)?,
    })
}

/// Reads `feeLst`. Every element is read, so the first problem in any of them comes before the
/// count and the first record's errors.
fn fee_batch(part: Part<'_>) -> Result<FeeBatch, Error> {
    let text = match part {
        Part::Raw(text) if text.starts_with('[') => text,
        Part::Raw(text) => {
            return Err(match other_type(text, "feeLst", "push")? {
                Some(found) => wrong_type("feeLst", "an array", found),
                None => missing("feeLst"),
            });
        }
        // `Read` is for objects read in the pass; `feeLst` is always kept raw.
        Part::Missing | Part::Read(_) => return Err(missing("feeLst")),
    };
    let mut records = Vec::new();
    let mut first_error = None;
    let count = read_records(text, "push", FeeFields::new, |index, element| {
        // Records past the 50th are checked for problems only (the count is the error then).
        if first_error.is_some() || index >= MAX_FEE_RECORDS {
            return;
        }
        let record = element
            .map_err(|found| wrong_type(format_args!("feeLst[{index}]"), "an object", found))
            .and_then(|fields| fee_record(fields, Place::Record(index)));
        match record {
            Ok(record) => records.push(record),
            Err(e) => first_error = Some(e),
        }
    })?;
    if count == 0 || count > MAX_FEE_RECORDS {
        return Err(Error::detail(
            ErrorCode::FeeRecordCount,
            Some("feeLst"),
            format!("feeLst has {count} records; a fee push carries 1-{MAX_FEE_RECORDS}"),
        ));
    }
    first_error.map_or(Ok(FeeBatch { records }), Err)
}

/// Checked in the order of [`FeeRecord`]'s fields. Filled in one field at a time, so that an
/// error drops one record, not each field built so far (which would be code per field and exit).
#[allow(clippy::field_reassign_with_default)]
fn fee_record(f: FeeFields<'_>, place: Place) -> Result<FeeRecord, Error> {
    let mut r = FeeRecord::default();
    r.session_id = required_nonempty(f.session_id, place)?;
    r.direction = f.direction.optional_int(place)?;
    r.sp_id = f.sp_id.optional_string(place)?;
    r.app_key = f.app_key.optional_string(place)?;
    r.icid = f.icid.optional_string(place)?;
    r.bind_num = f.bind_num.optional_string(place)?;
    r.caller_num = f.caller_num.optional_string(place)?;
    r.callee_num = f.callee_num.optional_string(place)?;
    r.fwd_unasw_rsn = f.fwd_unasw_rsn.optional_int(place)?;
    r.fail_time = optional_time(f.fail_time, place)?;
    r.ul_fail_reason = f.ul_fail_reason.optional_int(place)?;
    r.sip_status_code = f.sip_status_code.optional_int(place)?;
    r.call_out_start_time = optional_time(f.call_out_start_time, place)?;
    r.call_out_alerting_time = optional_time(f.call_out_alerting_time, place)?;
    r.call_out_answer_time = optional_time(f.call_out_answer_time, place)?;
    r.call_end_time = optional_time(f.call_end_time, place)?;
    r.call_out_unasw_rsn = f.call_out_unasw_rsn.optional_int(place)?;
    r.dyn_ivr_start_time = optional_time(f.dyn_ivr_start_time, place)?;
    r.dyn_ivr_path = f.dyn_ivr_path.optional_string(place)?;
    r.record_flag = f.record_flag.optional_int(place)?;
    r.tts_play_times = f.tts_play_times.optional_int(place)?;
    r.service_type = f.service_type.optional_string(place)?;
    r.host_name = f.host_name.optional_string(place)?;
    r.user_data = f.user_data.optional_string(place)?;
    Ok(r)
}
