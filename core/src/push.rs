//! Parsing the platform's pushes: call status events (to `statusUrl`) and fee records (to `feeUrl`).
//!
//! [`parse_push`] takes the raw body bytes and returns a [`Push`]: a [`StatusEvent`] (callout,
//! alerting, answer, disconnect), a [`FeeBatch`] of 1-50 call-detail records, or an [`UnknownPush`]
//! that keeps the event type and the raw JSON so a new platform event never loses data. Unknown fields
//! are ignored; a known field of the wrong type, a missing required field, invalid UTF-8, JSON that is
//! not an object and bodies over 1 MiB are typed errors naming the field.
//!
//! Parse only after [`verify_push`](crate::verify_push) accepted the request's headers.
//!
//! ```
//! use callverify_core::{parse_push, Push, StatusEventType};
//!
//! let body = br#"{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260","timestamp":"2019-01-24 02:49:23","caller":"+8613800000022","called":"+8613800000021","stateCode":8102,"stateDesc":"busy"}}"#;
//! let Push::Status(event) = parse_push(body)? else { panic!("not a status event") };
//! assert_eq!(event.event_type, StatusEventType::Disconnect);
//! assert_eq!(event.timestamp.unix, 1_548_298_163);
//! assert_eq!(event.hangup_cause().map(|c| c.category.as_str()), Some("busy"));
//! # Ok::<(), callverify_core::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error::{Error, ErrorCode};
use crate::hangup::{HangupCause, hangup_cause};
use crate::json::{
    Loose, MaybeArray, MaybeObject, body_text, missing, parse_object, parse_value, wrong_type,
};
use crate::timefmt::parse_push_timestamp;

/// Most records in one fee push.
pub const MAX_FEE_RECORDS: usize = 50;

/// A parsed push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Push {
    /// A call status event.
    Status(StatusEvent),
    /// A batch of call-detail (fee) records.
    Fee(FeeBatch),
    /// An event type this SDK does not know; nothing is lost.
    Unknown(UnknownPush),
}

/// The four status event types of callVerify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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
pub struct PushTime {
    /// The text exactly as sent.
    pub text: String,
    /// Unix seconds.
    pub unix: i64,
}

/// A status event (`statusInfo` of a callout, alerting, answer or disconnect push).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    pub fn hangup_cause(&self) -> Option<&'static HangupCause> {
        self.state_code.and_then(hangup_cause)
    }
}

/// A batch of 1-50 fee (call-detail) records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FeeBatch {
    /// The records.
    pub records: Vec<FeeRecord>,
}

/// One call-detail record. Everything but `session_id` is optional on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
pub struct UnknownPush {
    /// The `eventType` as sent.
    pub event_type: String,
    /// The whole body, as sent.
    pub raw_json: String,
}

#[derive(Deserialize)]
struct RawPush<'a> {
    #[serde(default, borrow, rename = "eventType")]
    event_type: Loose<'a>,
    #[serde(default, borrow, rename = "statusInfo")]
    status_info: MaybeObject<RawStatusInfo<'a>>,
    #[serde(default, borrow, rename = "feeLst")]
    fee_lst: MaybeArray<MaybeObject<RawFee<'a>>>,
}

#[derive(Deserialize)]
struct RawStatusInfo<'a> {
    #[serde(default, borrow, rename = "sessionId")]
    session_id: Loose<'a>,
    #[serde(default, borrow)]
    timestamp: Loose<'a>,
    #[serde(default, borrow, rename = "userData")]
    user_data: Loose<'a>,
    #[serde(default, borrow)]
    caller: Loose<'a>,
    #[serde(default, borrow)]
    called: Loose<'a>,
    #[serde(default, borrow, rename = "stateCode")]
    state_code: Loose<'a>,
    #[serde(default, borrow, rename = "stateDesc")]
    state_desc: Loose<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFee<'a> {
    #[serde(default, borrow)]
    session_id: Loose<'a>,
    #[serde(default, borrow)]
    direction: Loose<'a>,
    #[serde(default, borrow)]
    sp_id: Loose<'a>,
    #[serde(default, borrow)]
    app_key: Loose<'a>,
    #[serde(default, borrow)]
    icid: Loose<'a>,
    #[serde(default, borrow)]
    bind_num: Loose<'a>,
    #[serde(default, borrow)]
    caller_num: Loose<'a>,
    #[serde(default, borrow)]
    callee_num: Loose<'a>,
    #[serde(default, borrow)]
    fwd_unasw_rsn: Loose<'a>,
    #[serde(default, borrow)]
    fail_time: Loose<'a>,
    #[serde(default, borrow)]
    ul_fail_reason: Loose<'a>,
    #[serde(default, borrow)]
    sip_status_code: Loose<'a>,
    #[serde(default, borrow)]
    call_out_start_time: Loose<'a>,
    #[serde(default, borrow)]
    call_out_alerting_time: Loose<'a>,
    #[serde(default, borrow)]
    call_out_answer_time: Loose<'a>,
    #[serde(default, borrow)]
    call_end_time: Loose<'a>,
    #[serde(default, borrow)]
    call_out_unasw_rsn: Loose<'a>,
    #[serde(default, borrow, rename = "dynIVRStartTime")]
    dyn_ivr_start_time: Loose<'a>,
    #[serde(default, borrow, rename = "dynIVRPath")]
    dyn_ivr_path: Loose<'a>,
    #[serde(default, borrow)]
    record_flag: Loose<'a>,
    #[serde(default, borrow)]
    tts_play_times: Loose<'a>,
    #[serde(default, borrow)]
    service_type: Loose<'a>,
    #[serde(default, borrow)]
    host_name: Loose<'a>,
    #[serde(default, borrow)]
    user_data: Loose<'a>,
}

/// Parses a push body (status event, fee batch or unknown event).
pub fn parse_push(body: &[u8]) -> Result<Push, Error> {
    let text = body_text(body, "push")?;
    // Fast path: one pass reads every part the known event types use.
    let raw = match parse_object::<RawPush<'_>>(text, "push") {
        Ok(raw) => raw,
        // Only the parts the event type uses may fail a push (an unknown event keeps its body
        // whatever its statusInfo holds): read the top level alone, then just the part needed.
        Err(first) => return parse_push_lazily(text).map_err(|lazy| lazy.unwrap_or(first)),
    };
    let event_type = raw.event_type.required_str("eventType")?;
    if let Some(kind) = StatusEventType::from_wire(&event_type) {
        return status_from(kind, raw.status_info).map(Push::Status);
    }
    if event_type == "fee" {
        return fee_batch(raw.fee_lst).map(Push::Fee);
    }
    Ok(unknown(event_type, text))
}

fn unknown(event_type: Cow<'_, str>, text: &str) -> Push {
    Push::Unknown(UnknownPush {
        event_type: event_type.into_owned(),
        raw_json: text.to_owned(),
    })
}

fn status_from(
    kind: StatusEventType,
    info: MaybeObject<RawStatusInfo<'_>>,
) -> Result<StatusEvent, Error> {
    match info {
        MaybeObject::Object(info) => status_event(kind, info),
        MaybeObject::Absent => Err(missing("statusInfo")),
        MaybeObject::Other(found) => Err(wrong_type("statusInfo", "an object", found)),
    }
}

/// The top level with `statusInfo` and `feeLst` kept as raw text, read only when the event uses them.
#[derive(Deserialize)]
struct LazyPush<'a> {
    #[serde(default, borrow, rename = "eventType")]
    event_type: Loose<'a>,
    #[serde(default, borrow, rename = "statusInfo")]
    status_info: Option<&'a RawValue>,
    #[serde(default, borrow, rename = "feeLst")]
    fee_lst: Option<&'a RawValue>,
}

/// The slow path after the fast path failed. `Err(None)` means: report the fast path's error.
fn parse_push_lazily(text: &str) -> Result<Push, Option<Error>> {
    let raw = parse_object::<LazyPush<'_>>(text, "push").map_err(Some)?;
    let event_type = raw.event_type.required_str("eventType").map_err(Some)?;
    if let Some(kind) = StatusEventType::from_wire(&event_type) {
        let info = parse_part::<MaybeObject<RawStatusInfo<'_>>>(raw.status_info)?;
        return status_from(kind, info).map(Push::Status).map_err(Some);
    }
    if event_type == "fee" {
        let list = parse_part::<MaybeArray<MaybeObject<RawFee<'_>>>>(raw.fee_lst)?;
        return fee_batch(list).map(Push::Fee).map_err(Some);
    }
    Ok(unknown(event_type, text))
}

/// Reads a raw part (absent or null: the type's "absent").
fn parse_part<'a, T: Deserialize<'a>>(part: Option<&'a RawValue>) -> Result<T, Option<Error>> {
    parse_value(part.map_or("null", RawValue::get), "push").map_err(Some)
}

fn owned(value: Option<Cow<'_, str>>) -> Option<String> {
    value.map(Cow::into_owned)
}

fn required_nonempty(value: Loose<'_>, field: impl fmt::Display + Copy) -> Result<String, Error> {
    let text = value.required_str(field)?;
    if text.is_empty() {
        return Err(Error::detail(
            ErrorCode::InvalidValue,
            Some(&field.to_string()),
            format!("{field} is empty"),
        ));
    }
    Ok(text.into_owned())
}

fn time_value(text: &str, field: impl fmt::Display) -> Result<PushTime, Error> {
    let unix = parse_push_timestamp(text).ok_or_else(|| {
        Error::detail(
            ErrorCode::InvalidTimestamp,
            Some(&field.to_string()),
            format!(
                "{field} is {:?}; expected UTC time as yyyy-MM-dd HH:mm:ss",
                preview(text)
            ),
        )
    })?;
    Ok(PushTime {
        text: text.to_owned(),
        unix,
    })
}

fn preview(text: &str) -> String {
    text.chars().take(40).collect()
}

fn status_event(
    event_type: StatusEventType,
    info: RawStatusInfo<'_>,
) -> Result<StatusEvent, Error> {
    let session_id = required_nonempty(info.session_id, "statusInfo.sessionId")?;
    let timestamp_text = info.timestamp.required_str("statusInfo.timestamp")?;
    let timestamp = time_value(&timestamp_text, "statusInfo.timestamp")?;
    Ok(StatusEvent {
        event_type,
        session_id,
        timestamp,
        user_data: owned(info.user_data.optional_str("statusInfo.userData")?),
        caller: owned(info.caller.optional_str("statusInfo.caller")?),
        called: owned(info.called.optional_str("statusInfo.called")?),
        state_code: info.state_code.optional_int("statusInfo.stateCode")?,
        state_desc: owned(info.state_desc.optional_str("statusInfo.stateDesc")?),
    })
}

fn fee_batch(list: MaybeArray<MaybeObject<RawFee<'_>>>) -> Result<FeeBatch, Error> {
    let items = match list {
        MaybeArray::Array(items) => items,
        MaybeArray::Absent => return Err(missing("feeLst")),
        MaybeArray::Other(found) => return Err(wrong_type("feeLst", "an array", found)),
    };
    if items.is_empty() || items.len() > MAX_FEE_RECORDS {
        return Err(Error::detail(
            ErrorCode::FeeRecordCount,
            Some("feeLst"),
            format!(
                "feeLst has {} records; a fee push carries 1-{MAX_FEE_RECORDS}",
                items.len()
            ),
        ));
    }
    let records = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            MaybeObject::Object(raw) => fee_record(i, raw),
            MaybeObject::Absent => Err(wrong_type(format!("feeLst[{i}]"), "an object", "null")),
            MaybeObject::Other(found) => {
                Err(wrong_type(format!("feeLst[{i}]"), "an object", found))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FeeBatch { records })
}

/// `feeLst[i].name`, written out only for error messages.
#[derive(Clone, Copy)]
struct FeePath {
    index: usize,
    name: &'static str,
}

impl fmt::Display for FeePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "feeLst[{}].{}", self.index, self.name)
    }
}

fn fee_record(index: usize, raw: RawFee<'_>) -> Result<FeeRecord, Error> {
    // The field's path is only written out when there is an error to report.
    let path = |name: &'static str| FeePath { index, name };
    let text = |v: Loose<'_>, name| v.optional_str(path(name)).map(owned);
    let int = |v: Loose<'_>, name| v.optional_int(path(name));
    let time = |v: Loose<'_>, name| -> Result<Option<PushTime>, Error> {
        match v.optional_str(path(name))? {
            // Times of stages a call never reached may arrive empty.
            None => Ok(None),
            Some(t) if t.is_empty() => Ok(None),
            Some(t) => time_value(&t, path(name)).map(Some),
        }
    };
    Ok(FeeRecord {
        session_id: required_nonempty(raw.session_id, path("sessionId"))?,
        direction: int(raw.direction, "direction")?,
        sp_id: text(raw.sp_id, "spId")?,
        app_key: text(raw.app_key, "appKey")?,
        icid: text(raw.icid, "icid")?,
        bind_num: text(raw.bind_num, "bindNum")?,
        caller_num: text(raw.caller_num, "callerNum")?,
        callee_num: text(raw.callee_num, "calleeNum")?,
        fwd_unasw_rsn: int(raw.fwd_unasw_rsn, "fwdUnaswRsn")?,
        fail_time: time(raw.fail_time, "failTime")?,
        ul_fail_reason: int(raw.ul_fail_reason, "ulFailReason")?,
        sip_status_code: int(raw.sip_status_code, "sipStatusCode")?,
        call_out_start_time: time(raw.call_out_start_time, "callOutStartTime")?,
        call_out_alerting_time: time(raw.call_out_alerting_time, "callOutAlertingTime")?,
        call_out_answer_time: time(raw.call_out_answer_time, "callOutAnswerTime")?,
        call_end_time: time(raw.call_end_time, "callEndTime")?,
        call_out_unasw_rsn: int(raw.call_out_unasw_rsn, "callOutUnaswRsn")?,
        dyn_ivr_start_time: time(raw.dyn_ivr_start_time, "dynIVRStartTime")?,
        dyn_ivr_path: text(raw.dyn_ivr_path, "dynIVRPath")?,
        record_flag: int(raw.record_flag, "recordFlag")?,
        tts_play_times: int(raw.tts_play_times, "ttsPlayTimes")?,
        service_type: text(raw.service_type, "serviceType")?,
        host_name: text(raw.host_name, "hostName")?,
        user_data: text(raw.user_data, "userData")?,
    })
}
