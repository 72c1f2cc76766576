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
use serde::de::MapAccess;
use serde_json::value::RawValue;

use crate::error::{Error, ErrorCode, quoted};
use crate::hangup::{HangupCause, hangup_cause};
use crate::json::{
    Ctx, Flat, Loose, Members, Mode, ObjectSeed, Place, Problem, Records, RecordsSeed, Shape,
    body_text, check, missing, propagate_unread, read_in, read_loose, read_part, unreadable,
    wrong_type,
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
    /// A digit-collection result (`eventType` `collectInfo`).
    CollectInfo(CollectInfoEvent),
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
    pub fn hangup_cause(&self) -> Option<&'static HangupCause> {
        self.state_code.and_then(hangup_cause)
    }
}

/// The result of collecting digits from the callee (`eventType` `collectInfo`): a voice
/// notification that asked the callee to key in digits reports what was keyed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, eq, module = "callverify"))]
pub struct FeeBatch {
    /// The records.
    pub records: Vec<FeeRecord>,
}

/// One call-detail record. Everything but `session_id` is optional on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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

/// `statusInfo`'s known fields, in the order the platform sends them.
const STATUS_FIELDS: &[&str] = &[
    "sessionId",
    "timestamp",
    "caller",
    "called",
    "stateCode",
    "stateDesc",
    "userData",
];

/// `statusInfo`'s known fields in a `collectInfo` push, in the order the platform sends them.
const COLLECT_FIELDS: &[&str] = &["sessionId", "timestamp", "digitInfo", "userData"];

/// The known fields of `statusInfo` for an event type that has one.
fn info_fields(event_type: &str) -> Option<&'static [&'static str]> {
    if StatusEventType::from_wire(event_type).is_some() {
        Some(STATUS_FIELDS)
    } else if event_type == COLLECT_INFO_EVENT_TYPE {
        Some(COLLECT_FIELDS)
    } else {
        None
    }
}

/// A fee record's known fields, in the order the platform sends them.
const FEE_FIELDS: &[&str] = &[
    "direction",
    "spId",
    "appKey",
    "icid",
    "bindNum",
    "sessionId",
    "callerNum",
    "calleeNum",
    "fwdUnaswRsn",
    "failTime",
    "ulFailReason",
    "sipStatusCode",
    "callOutStartTime",
    "callOutAlertingTime",
    "callOutAnswerTime",
    "callEndTime",
    "callOutUnaswRsn",
    "dynIVRStartTime",
    "dynIVRPath",
    "recordFlag",
    "ttsPlayTimes",
    "serviceType",
    "hostName",
    "userData",
];

/// `statusInfo` or `feeLst` of a push body.
enum Part<'a> {
    /// Not in the body.
    Missing,
    /// Kept as raw JSON text, to be read only if the event type uses it.
    Raw(&'a str),
    /// Read during the pass over the body (its values are in [`PushParts`]).
    Read(Shape, Option<Problem<'a>>),
}

/// What the pass over a push body read. `statusInfo` and `feeLst` are read only when the event
/// type uses them, so nothing in an unused part can fail the push: in [`Mode::Fast`] the part an
/// `eventType` seen before it calls for is read at once, any other is kept as raw text.
struct PushParts<'a> {
    event_type: Loose<'a>,
    status_info: Part<'a>,
    status: [Loose<'a>; 7],
    fee_lst: Part<'a>,
    fee: Records<'a>,
}

impl<'a> PushParts<'a> {
    fn new() -> Self {
        PushParts {
            event_type: Loose::Absent,
            status_info: Part::Missing,
            status: Default::default(),
            fee_lst: Part::Missing,
            // Records past the 50th are checked but not kept (the count is an error then).
            fee: Records::new(FEE_FIELDS, MAX_FEE_RECORDS),
        }
    }

    /// Which part the event type read so far calls for (1: statusInfo, with its known fields;
    /// 2: feeLst).
    fn wanted(&self) -> Option<(usize, &'static [&'static str])> {
        match &self.event_type {
            Loose::Str(t) if t == "fee" => Some((2, FEE_FIELDS)),
            Loose::Str(t) => info_fields(t).map(|fields| (1, fields)),
            _ => None,
        }
    }
}

impl<'de> Members<'de> for PushParts<'de> {
    fn names(&self) -> &'static [&'static str] {
        &["eventType", "statusInfo", "feeLst"]
    }

    fn read<A: MapAccess<'de>>(
        &mut self,
        index: usize,
        key: Cow<'de, str>,
        ctx: Ctx,
        map: &mut A,
        problem: &mut Option<Problem<'de>>,
    ) -> Result<(), A::Error> {
        if index == 0 {
            return read_loose(key, ctx, map, &mut self.event_type, problem);
        }
        let fields = match self.wanted() {
            Some((wanted, fields)) if ctx.mode == Mode::Fast && wanted == index => fields,
            _ => {
                let raw = Part::Raw(map.next_value::<&'de RawValue>()?.get());
                match index {
                    1 => self.status_info = raw,
                    _ => self.fee_lst = raw,
                }
                return Ok(());
            }
        };
        let mut part_problem = None;
        if index == 1 {
            let shape = map.next_value_seed(status_seed(
                &mut self.status,
                fields,
                Mode::Fast,
                &mut part_problem,
            ))?;
            propagate_unread(&mut part_problem, problem);
            self.status_info = Part::Read(shape, part_problem);
        } else {
            let shape = map.next_value_seed(RecordsSeed {
                records: &mut self.fee,
                mode: Mode::Fast,
                problem: &mut part_problem,
            })?;
            propagate_unread(&mut part_problem, problem);
            self.fee_lst = Part::Read(shape, part_problem);
        }
        Ok(())
    }
}

/// Reads `statusInfo` with the known fields `names` (at most 7) into `values`.
fn status_seed<'s, 'a>(
    values: &'s mut [Loose<'a>; 7],
    names: &'static [&'static str],
    mode: Mode,
    problem: &'s mut Option<Problem<'a>>,
) -> ObjectSeed<'s, 'a, Flat<'s, 'a>> {
    ObjectSeed {
        members: Flat { names, values },
        ctx: Ctx {
            place: Place::StatusInfo,
            mode,
        },
        problem,
    }
}

/// Parses a push body (status event, digit-collection result, fee batch or unknown event).
pub fn parse_push(body: &[u8]) -> Result<Push, Error> {
    parse_push_with(body, Mode::Fast)
}

/// [`parse_push`], first reading in `mode`. [`Mode::Exact`] alone gives the same results, only
/// slower (the tests check this on every push vector).
fn parse_push_with(body: &[u8], mode: Mode) -> Result<Push, Error> {
    let text = body_text(body, "push")?;
    // One pass that converts values as it goes; if anything stops it, the exact reading tells
    // which error comes first.
    let mut parts = PushParts::new();
    if let Some(read) = read_in(text, "push", mode, &mut parts) {
        read?;
    } else {
        parts = PushParts::new();
        read_in(text, "push", Mode::Exact, &mut parts)
            .unwrap_or_else(|| Err(unreadable("push", "the body")))?;
    }
    let event_type = std::mem::take(&mut parts.event_type).required_str("eventType")?;
    if let Some(fields) = info_fields(&event_type) {
        let (shape, problem) = match std::mem::replace(&mut parts.status_info, Part::Missing) {
            Part::Missing => (Some(Shape::Absent), None),
            Part::Read(shape, problem) => (Some(shape), problem),
            Part::Raw(raw) => {
                let mut problem = None;
                let shape = read_part(
                    raw,
                    status_seed(&mut parts.status, fields, Mode::Exact, &mut problem),
                );
                (shape, problem)
            }
        };
        check(problem, "push")?;
        return match shape {
            Some(Shape::Present) => match StatusEventType::from_wire(&event_type) {
                Some(kind) => status_event(kind, parts.status).map(Push::Status),
                None => collect_info_event(parts.status).map(Push::CollectInfo),
            },
            Some(Shape::Absent) => Err(missing("statusInfo")),
            Some(Shape::Other(found)) => Err(wrong_type("statusInfo", "an object", found)),
            None => Err(unreadable("push", "statusInfo")),
        };
    }
    if event_type == "fee" {
        let (shape, problem) = match std::mem::replace(&mut parts.fee_lst, Part::Missing) {
            Part::Missing => (Some(Shape::Absent), None),
            Part::Read(shape, problem) => (Some(shape), problem),
            Part::Raw(raw) => {
                let mut problem = None;
                let seed = RecordsSeed {
                    records: &mut parts.fee,
                    mode: Mode::Exact,
                    problem: &mut problem,
                };
                (read_part(raw, seed), problem)
            }
        };
        check(problem, "push")?;
        return match shape {
            Some(Shape::Present) => fee_batch(parts.fee).map(Push::Fee),
            Some(Shape::Absent) => Err(missing("feeLst")),
            Some(Shape::Other(found)) => Err(wrong_type("feeLst", "an array", found)),
            None => Err(unreadable("push", "feeLst")),
        };
    }
    Ok(Push::Unknown(UnknownPush {
        event_type: event_type.into_owned(),
        raw_json: text.to_owned(),
    }))
}

fn required_nonempty(value: Loose<'_>, field: impl fmt::Display + Copy) -> Result<String, Error> {
    let text = value.required_str(field)?.into_owned();
    if text.is_empty() {
        return Err(Error::detail(
            ErrorCode::InvalidValue,
            Some(&field.to_string()),
            format!("{field} is empty"),
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

fn status_event(event_type: StatusEventType, info: [Loose<'_>; 7]) -> Result<StatusEvent, Error> {
    let [
        session_id,
        timestamp,
        caller,
        called,
        state_code,
        state_desc,
        user_data,
    ] = info;
    let session_id = required_nonempty(session_id, "statusInfo.sessionId")?;
    let timestamp = time_value(
        timestamp.required_str("statusInfo.timestamp")?,
        "statusInfo.timestamp",
    )?;
    Ok(StatusEvent {
        event_type,
        session_id,
        timestamp,
        user_data: user_data.optional_string("statusInfo.userData")?,
        caller: caller.optional_string("statusInfo.caller")?,
        called: called.optional_string("statusInfo.called")?,
        state_code: state_code.optional_int("statusInfo.stateCode")?,
        state_desc: state_desc.optional_string("statusInfo.stateDesc")?,
    })
}

/// A `collectInfo` push's `statusInfo` (values in [`COLLECT_FIELDS`] order), checked in
/// [`CollectInfoEvent`] order.
fn collect_info_event(info: [Loose<'_>; 7]) -> Result<CollectInfoEvent, Error> {
    let [session_id, timestamp, digit_info, user_data, ..] = info;
    let session_id = required_nonempty(session_id, "statusInfo.sessionId")?;
    let timestamp = time_value(
        timestamp.required_str("statusInfo.timestamp")?,
        "statusInfo.timestamp",
    )?;
    Ok(CollectInfoEvent {
        session_id,
        timestamp,
        user_data: user_data.optional_string("statusInfo.userData")?,
        digit_info: digit_info.optional_string("statusInfo.digitInfo")?,
    })
}

fn fee_batch(mut list: Records<'_>) -> Result<FeeBatch, Error> {
    if list.count == 0 || list.count > MAX_FEE_RECORDS {
        return Err(Error::detail(
            ErrorCode::FeeRecordCount,
            Some("feeLst"),
            format!(
                "feeLst has {} records; a fee push carries 1-{MAX_FEE_RECORDS}",
                list.count
            ),
        ));
    }
    let shapes = std::mem::take(&mut list.shapes);
    let mut records = Vec::with_capacity(shapes.len());
    for (i, shape) in shapes.into_iter().enumerate() {
        let found = match shape {
            Shape::Present => {
                records.push(fee_record(i, list.element(i))?);
                continue;
            }
            Shape::Absent => "null",
            Shape::Other(found) => found,
        };
        return Err(wrong_type(format!("feeLst[{i}]"), "an object", found));
    }
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

fn fee_record<'a>(index: usize, values: &mut [Loose<'a>]) -> Result<FeeRecord, Error> {
    // Field `i` of FEE_FIELDS: its value and its path (written out only for an error).
    let mut take = |i: usize| {
        let value = values.get_mut(i).map(std::mem::take).unwrap_or_default();
        let name = FEE_FIELDS.get(i).copied().unwrap_or_default();
        (value, FeePath { index, name })
    };
    let text = |(v, path): (Loose<'a>, FeePath)| v.optional_string(path);
    let int = |(v, path): (Loose<'a>, FeePath)| v.optional_int(path);
    let time = |(v, path): (Loose<'a>, FeePath)| -> Result<Option<PushTime>, Error> {
        match v.optional_str(path)? {
            // Times of stages a call never reached may arrive empty.
            None => Ok(None),
            Some(t) if t.is_empty() => Ok(None),
            Some(t) => time_value(t, path).map(Some),
        }
    };
    // Checked in FeeRecord order. Filled in one field at a time, so that an error drops one
    // record, not each field built so far (which would be code per field and exit).
    let mut r = FeeRecord::default();
    let (v, path) = take(5);
    r.session_id = required_nonempty(v, path)?;
    r.direction = int(take(0))?;
    r.sp_id = text(take(1))?;
    r.app_key = text(take(2))?;
    r.icid = text(take(3))?;
    r.bind_num = text(take(4))?;
    r.caller_num = text(take(6))?;
    r.callee_num = text(take(7))?;
    r.fwd_unasw_rsn = int(take(8))?;
    r.fail_time = time(take(9))?;
    r.ul_fail_reason = int(take(10))?;
    r.sip_status_code = int(take(11))?;
    r.call_out_start_time = time(take(12))?;
    r.call_out_alerting_time = time(take(13))?;
    r.call_out_answer_time = time(take(14))?;
    r.call_end_time = time(take(15))?;
    r.call_out_unasw_rsn = int(take(16))?;
    r.dyn_ivr_start_time = time(take(17))?;
    r.dyn_ivr_path = text(take(18))?;
    r.record_flag = int(take(19))?;
    r.tts_play_times = int(take(20))?;
    r.service_type = text(take(21))?;
    r.host_name = text(take(22))?;
    r.user_data = text(take(23))?;
    Ok(r)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every vector's body (`body`, `body_base64` or `body_repeat`).
    pub(crate) fn vector_bodies(file: &str) -> Vec<Vec<u8>> {
        use base64::Engine as _;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/");
        let text = std::fs::read_to_string(format!("{path}{file}")).unwrap();
        let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        cases
            .iter()
            .map(|c| {
                if let Some(body) = c["body"].as_str() {
                    body.as_bytes().to_vec()
                } else if let Some(b64) = c["body_base64"].as_str() {
                    base64::engine::general_purpose::STANDARD
                        .decode(b64)
                        .unwrap()
                } else {
                    let r = &c["body_repeat"];
                    let mut body = r["prefix"].as_str().unwrap().to_owned();
                    body.push_str(
                        &r["repeat"]
                            .as_str()
                            .unwrap()
                            .repeat(r["count"].as_u64().unwrap() as usize),
                    );
                    body.push_str(r["suffix"].as_str().unwrap());
                    body.into_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn the_fast_path_gives_what_the_exact_reading_gives() {
        let bodies = vector_bodies("pushes.json");
        assert!(bodies.len() > 1000);
        for body in &bodies {
            let fast = parse_push_with(body, Mode::Fast);
            let exact = parse_push_with(body, Mode::Exact);
            assert_eq!(fast, exact, "{}", String::from_utf8_lossy(body));
        }
    }
}
