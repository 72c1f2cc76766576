//! The framed record in which `parse_push_bytes` hands a status event or fee batch to JavaScript.
//!
//! Building the objects from a few string slices is several times cheaper for V8 than `JSON.parse`
//! of the same data as JSON (see `docs/bench/javascript.md`), and writing the record is cheaper
//! than serialising JSON. The record is the push's values in a fixed order, each followed by
//! [`END`]; the JavaScript wrapper (`readPush` in `js/index.ts`) reads them back in that order:
//!
//! - text: the characters as they are; an absent value is the single character [`NONE`];
//! - integer: its decimal digits (written by serde_json), or [`NONE`];
//! - time: its text, then its Unix seconds (two values), or [`NONE`] then an empty value.
//!
//! Status event: `s`, event type, session id, timestamp (time), user data, caller, called, state
//! code, state description. Fee batch: `f`, then per record its 24 fields in `FeeRecord` order and
//! its dedupe key. Text is never escaped: a text value containing [`END`] or [`NONE`] (which a push
//! can only carry as the JSON escapes `\u0000` / `\u0001`) makes [`push`] return `None`, and the
//! caller answers JSON instead. Unknown pushes are always answered as JSON.
//!
//! A push verification (`verifyPush`) is framed the same way: `verified`, digest form, replay key,
//! seconds to remember it (integer); or just `unsigned`.

use callverify_core::push::{FeeRecord, PushTime, StatusEvent};
use callverify_core::{Push, PushVerification};

/// Ends every value.
pub(crate) const END: u8 = 0;
/// An absent (`null`) value.
pub(crate) const NONE: u8 = 1;

struct Frame {
    out: Vec<u8>,
    /// False once a text value could not be framed.
    ok: bool,
}

impl Frame {
    fn new(capacity: usize) -> Self {
        Frame {
            out: Vec::with_capacity(capacity),
            ok: true,
        }
    }

    fn end(&mut self) {
        self.out.push(END);
    }

    fn text(&mut self, value: &str) {
        if value.bytes().any(|b| b == END || b == NONE) {
            self.ok = false;
        }
        self.out.extend_from_slice(value.as_bytes());
        self.end();
    }

    fn none(&mut self) {
        self.out.push(NONE);
        self.end();
    }

    fn opt_text(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.text(v),
            None => self.none(),
        }
    }

    fn int(&mut self, value: i64) {
        // serde_json's integer writer (no core::fmt); writing to a Vec cannot fail.
        if serde_json::to_writer(&mut self.out, &value).is_err() {
            self.ok = false;
        }
        self.end();
    }

    fn opt_int(&mut self, value: Option<i64>) {
        match value {
            Some(v) => self.int(v),
            None => self.none(),
        }
    }

    fn time(&mut self, value: &PushTime) {
        self.text(&value.text);
        self.int(value.unix);
    }

    fn opt_time(&mut self, value: Option<&PushTime>) {
        match value {
            Some(t) => self.time(t),
            None => {
                self.none();
                self.end();
            }
        }
    }

    /// The record: only text and ASCII were written, so it is UTF-8.
    fn finish(self) -> Option<String> {
        if self.ok {
            String::from_utf8(self.out).ok()
        } else {
            None
        }
    }
}

/// The frame of a status event or fee batch parsed from a body of `body_len` bytes; `None` for an
/// unknown push or text that cannot be framed.
pub(crate) fn push(push: &Push, body_len: usize) -> Option<String> {
    // The values without the keys and punctuation around them, plus Unix seconds and dedupe keys:
    // about the size of the body.
    let capacity = body_len.saturating_add(64);
    match push {
        Push::Status(event) => status(event, capacity),
        Push::Fee(batch) => {
            let mut f = Frame::new(capacity);
            f.text("f");
            for record in &batch.records {
                fee_record(&mut f, record);
            }
            f.finish()
        }
        Push::Unknown(_) => None,
    }
}

fn status(e: &StatusEvent, capacity: usize) -> Option<String> {
    let mut f = Frame::new(capacity);
    f.text("s");
    f.text(e.event_type.as_str());
    f.text(&e.session_id);
    f.time(&e.timestamp);
    f.opt_text(e.user_data.as_deref());
    f.opt_text(e.caller.as_deref());
    f.opt_text(e.called.as_deref());
    f.opt_int(e.state_code);
    f.opt_text(e.state_desc.as_deref());
    f.finish()
}

fn fee_record(f: &mut Frame, r: &FeeRecord) {
    f.text(&r.session_id);
    f.opt_int(r.direction);
    f.opt_text(r.sp_id.as_deref());
    f.opt_text(r.app_key.as_deref());
    f.opt_text(r.icid.as_deref());
    f.opt_text(r.bind_num.as_deref());
    f.opt_text(r.caller_num.as_deref());
    f.opt_text(r.callee_num.as_deref());
    f.opt_int(r.fwd_unasw_rsn);
    f.opt_time(r.fail_time.as_ref());
    f.opt_int(r.ul_fail_reason);
    f.opt_int(r.sip_status_code);
    f.opt_time(r.call_out_start_time.as_ref());
    f.opt_time(r.call_out_alerting_time.as_ref());
    f.opt_time(r.call_out_answer_time.as_ref());
    f.opt_time(r.call_end_time.as_ref());
    f.opt_int(r.call_out_unasw_rsn);
    f.opt_time(r.dyn_ivr_start_time.as_ref());
    f.opt_text(r.dyn_ivr_path.as_deref());
    f.opt_int(r.record_flag);
    f.opt_int(r.tts_play_times);
    f.opt_text(r.service_type.as_deref());
    f.opt_text(r.host_name.as_deref());
    f.opt_text(r.user_data.as_deref());
    f.text(&r.dedupe_key());
}

/// The frame of a push verification (`None` if the replay key cannot be framed).
pub(crate) fn verification(v: &PushVerification) -> Option<String> {
    let mut f = Frame::new(96);
    match v {
        PushVerification::Verified {
            digest_form,
            replay_key,
            remember_for_seconds,
        } => {
            f.text("verified");
            f.text(digest_form.as_str());
            f.text(replay_key);
            f.int(i64::try_from(*remember_for_seconds).ok()?);
        }
        PushVerification::Unsigned => f.text("unsigned"),
    }
    f.finish()
}
