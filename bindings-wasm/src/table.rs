//! How push bodies cross into the module, and parsed pushes and push verifications cross back.
//!
//! **In:** JavaScript writes a body straight into [`input_buffer`] (`TextEncoder.encodeInto` for a
//! string, `Uint8Array.set` for bytes) and passes only its length: no allocation and no copy by the
//! glue per call.
//!
//! **Out:** numbers go into a table of `f64` at a fixed address ([`table_address`]), which the
//! wrapper (`readPush` / `readVerification` in `js/index.ts`) reads through a `Float64Array`.
//! Text is appended to an "extra" UTF-8 text that the wrapper decodes once and is written as its
//! position there, counted in UTF-16 units.
//!
//! A text value takes two slots `(a, b)`: `a == -1` is `null`; `a ≤ -2` is the extra text's
//! `[-a - 2, b)`. An integer is one slot (`NaN` for `null`; beyond
//! 2^53 it is the nearest double, as `JSON.parse` would give). A time is its text then its Unix
//! seconds. Slot 0 is the kind; slots 1 and 2 the address and byte length of the extra text.
//!
//! - kind 1, status event: event type (index in [`StatusEventType`] order), session id, timestamp,
//!   user data, caller, called, state code, state description;
//! - kind 2, fee batch: the number of records, then per record its fields in `FeeRecord` order and
//!   its dedupe key;
//! - kind 3, unknown event: its event type (the raw JSON is the whole body);
//! - kind 4, verified push: digest form (0 concatenated, 1 newline), the matched clock's offset
//!   from UTC in seconds, replay key, seconds to remember it; kind 5, unsigned push (allowed);
//! - kind 6, digit-collection result (`collectInfo`): session id, timestamp, user data, digit info.

use std::cell::RefCell;

use callverify_core::push::{CollectInfoEvent, FeeRecord, PushTime, StatusEvent, StatusEventType};
use callverify_core::{DigestForm, Push, PushVerification};

use crate::error::{Failure, range};

/// Slots in the table: a batch of 50 fee records takes 3 + 1 + 50 × 49.
pub(crate) const TABLE_SLOTS: usize = 4096;

thread_local! {
    /// Bodies written by JavaScript (grown by [`input_buffer`], never shrunk).
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The table and the extra text of the last result.
    static OUT: RefCell<Output> = RefCell::new(Output::new());
}

/// The address of `len` bytes of this module's memory for JavaScript to write a body into,
/// valid until the next call of this function.
pub(crate) fn input_buffer(len: usize) -> u32 {
    INPUT.with_borrow_mut(|input| {
        if input.len() < len {
            input.resize(len, 0);
        }
        address(input.as_ptr())
    })
}

/// The address of the table's first slot (it never moves).
pub(crate) fn table_address() -> u32 {
    OUT.with_borrow(|out| address(out.table.as_ptr()))
}

fn address<T>(pointer: *const T) -> u32 {
    // wasm32 addresses are 32-bit; on a 64-bit host (unit tests) the value is never used.
    u32::try_from(pointer as usize).unwrap_or(u32::MAX)
}

/// Runs `f` on the first `len` bytes JavaScript wrote into the input buffer.
pub(crate) fn with_input<T>(
    len: usize,
    f: impl FnOnce(&[u8]) -> Result<T, Failure>,
) -> Result<T, Failure> {
    INPUT.with_borrow(|input| {
        let body = input
            .get(..len)
            .ok_or_else(|| range("the body was not written into the input buffer"))?;
        f(body)
    })
}

/// Writes `push` into the table; returns its kind.
pub(crate) fn write_push(push: &Push) -> Result<u32, Failure> {
    OUT.with_borrow_mut(|out| {
        out.start();
        let kind = match push {
            Push::Status(event) => {
                out.status(event);
                1
            }
            Push::Fee(batch) => {
                out.number(batch.records.len() as f64);
                for record in &batch.records {
                    out.fee_record(record);
                }
                2
            }
            Push::Unknown(unknown) => {
                out.text(Some(&unknown.event_type));
                3
            }
            Push::CollectInfo(event) => {
                out.collect_info(event);
                6
            }
        };
        out.finish(kind)
    })
}

/// Writes a push verification into the table; returns its kind.
pub(crate) fn write_verification(verification: &PushVerification) -> Result<u32, Failure> {
    OUT.with_borrow_mut(|out| {
        out.start();
        let kind = match verification {
            PushVerification::Verified {
                digest_form,
                created_offset_seconds,
                replay_key,
                remember_for_seconds,
            } => {
                out.number(match digest_form {
                    DigestForm::Concatenated => 0.0,
                    DigestForm::Newline => 1.0,
                });
                out.number(f64::from(*created_offset_seconds));
                out.owned_text(replay_key);
                out.number(*remember_for_seconds as f64);
                4
            }
            PushVerification::Unsigned => 5,
        };
        out.finish(kind)
    })
}

struct Output {
    /// `TABLE_SLOTS` slots, allocated once so that its address never changes.
    table: Vec<f64>,
    /// The next slot to write.
    at: usize,
    extra: String,
    /// The extra text's length in UTF-16 units.
    extra_units: usize,
}

impl Output {
    fn new() -> Self {
        Output {
            table: vec![0.0; TABLE_SLOTS],
            at: 0,
            extra: String::new(),
            extra_units: 0,
        }
    }

    fn start(&mut self) {
        // Slots 0-2: the kind and the extra text's address and length, written by `finish`.
        self.at = 3;
        self.extra.clear();
        self.extra_units = 0;
    }

    fn finish(&mut self, kind: u32) -> Result<u32, Failure> {
        if self.at > self.table.len() {
            return Err(range("a result does not fit the output table"));
        }
        let extra = (address(self.extra.as_ptr()), self.extra.len());
        if let [k, address, len, ..] = self.table.as_mut_slice() {
            *k = f64::from(kind);
            *address = f64::from(extra.0);
            *len = extra.1 as f64;
        }
        Ok(kind)
    }

    fn number(&mut self, value: f64) {
        if let Some(slot) = self.table.get_mut(self.at) {
            *slot = value;
        }
        // Counted even when the table is full, so that `finish` notices.
        self.at += 1;
    }

    #[inline(never)]
    fn text(&mut self, value: Option<&String>) {
        match value {
            None => self.pair_raw(-1.0, 0.0),
            Some(text) => self.owned_text(text),
        }
    }

    #[inline(never)]
    fn owned_text(&mut self, text: &str) {
        let start = self.extra_units;
        self.extra.push_str(text);
        self.extra_units += text.encode_utf16().count();
        self.pair_raw(-(start as f64) - 2.0, self.extra_units as f64);
    }

    fn pair_raw(&mut self, a: f64, b: f64) {
        self.number(a);
        self.number(b);
    }

    #[inline(never)]
    fn int(&mut self, value: Option<i64>) {
        // JavaScript numbers are doubles: beyond 2^53 this is the nearest one, as JSON.parse gives.
        self.number(value.map_or(f64::NAN, |v| v as f64));
    }

    #[inline(never)]
    fn time(&mut self, value: Option<&PushTime>) {
        self.text(value.map(|t| &t.text));
        self.number(value.map_or(f64::NAN, |t| t.unix as f64));
    }

    fn status(&mut self, e: &StatusEvent) {
        self.number(match e.event_type {
            StatusEventType::Callout => 0.0,
            StatusEventType::Alerting => 1.0,
            StatusEventType::Answer => 2.0,
            StatusEventType::Disconnect => 3.0,
        });
        self.text(Some(&e.session_id));
        self.time(Some(&e.timestamp));
        self.text(e.user_data.as_ref());
        self.text(e.caller.as_ref());
        self.text(e.called.as_ref());
        self.int(e.state_code);
        self.text(e.state_desc.as_ref());
    }

    fn collect_info(&mut self, e: &CollectInfoEvent) {
        self.text(Some(&e.session_id));
        self.time(Some(&e.timestamp));
        self.text(e.user_data.as_ref());
        self.text(e.digit_info.as_ref());
    }

    fn fee_record(&mut self, r: &FeeRecord) {
        self.text(Some(&r.session_id));
        self.int(r.direction);
        self.text(r.sp_id.as_ref());
        self.text(r.app_key.as_ref());
        self.text(r.icid.as_ref());
        self.text(r.bind_num.as_ref());
        self.text(r.caller_num.as_ref());
        self.text(r.callee_num.as_ref());
        self.int(r.fwd_unasw_rsn);
        self.time(r.fail_time.as_ref());
        self.int(r.ul_fail_reason);
        self.int(r.sip_status_code);
        self.time(r.call_out_start_time.as_ref());
        self.time(r.call_out_alerting_time.as_ref());
        self.time(r.call_out_answer_time.as_ref());
        self.time(r.call_end_time.as_ref());
        self.int(r.call_out_unasw_rsn);
        self.time(r.dyn_ivr_start_time.as_ref());
        self.text(r.dyn_ivr_path.as_ref());
        self.int(r.record_flag);
        self.int(r.tts_play_times);
        self.text(r.service_type.as_ref());
        self.text(r.host_name.as_ref());
        self.text(r.user_data.as_ref());
        self.owned_text(&r.dedupe_key());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use callverify_core::parse_push;

    fn table() -> Vec<f64> {
        OUT.with_borrow(|out| out.table.get(..out.at).unwrap_or_default().to_vec())
    }

    fn extra() -> String {
        OUT.with_borrow(|out| out.extra.clone())
    }

    #[test]
    fn text_goes_to_the_extra_text() {
        let body = br#"{"eventType":"answer","statusInfo":{"sessionId":"s-1","timestamp":"2019-01-24 02:49:12","caller":"+86"}}"#;
        let push = parse_push(body).unwrap();
        assert_eq!(write_push(&push).unwrap(), 1);
        let t = table();
        assert_eq!(t[3], 2.0);
        assert_eq!(extra(), "s-12019-01-24 02:49:12+86");
        assert_eq!((t[4], t[5]), (-2.0, 3.0));
        assert_eq!((t[6], t[7]), (-5.0, 22.0));
        assert_eq!(t[8], 1_548_298_152.0);
        assert_eq!(t[9], -1.0); // userData null
        assert_eq!((t[11], t[12]), (-24.0, 25.0));
        assert!(t[15].is_nan()); // stateCode null
    }

    #[test]
    fn escaped_and_non_ascii_text_goes_to_the_extra_text_in_utf16_units() {
        let body = "{\"eventType\":\"answer\",\"statusInfo\":{\"sessionId\":\"s\\u0041\",\"timestamp\":\"2019-01-24 02:49:12\",\"caller\":\"é😀\",\"called\":\"x\"}}";
        let push = parse_push(body.as_bytes()).unwrap();
        write_push(&push).unwrap();
        let t = table();
        // Not ASCII: everything is extra text.
        assert_eq!(extra(), "sA2019-01-24 02:49:12é😀x");
        assert_eq!((t[4], t[5]), (-2.0, 2.0));
        assert_eq!((t[6], t[7]), (-4.0, 21.0));
        assert_eq!((t[11], t[12]), (-23.0, 24.0)); // é is one unit, 😀 two
        assert_eq!((t[13], t[14]), (-26.0, 25.0));
    }

    #[test]
    fn collect_info_is_kind_6() {
        let body = br#"{"eventType":"collectInfo","statusInfo":{"sessionId":"s-9","timestamp":"2018-05-22 06:44:03","digitInfo":"1#"}}"#;
        let push = parse_push(body).unwrap();
        assert_eq!(write_push(&push).unwrap(), 6);
        let t = table();
        assert_eq!(extra(), "s-92018-05-22 06:44:031#");
        assert_eq!((t[3], t[4]), (-2.0, 3.0));
        assert_eq!((t[5], t[6]), (-5.0, 22.0));
        assert_eq!(t[7], 1_526_971_443.0);
        assert_eq!(t[8], -1.0); // userData null
        assert_eq!((t[10], t[11]), (-24.0, 24.0));
        assert_eq!(t.len(), 12);
    }

    #[test]
    fn verification_keys_are_extra_text() {
        let v = PushVerification::Verified {
            digest_form: DigestForm::Newline,
            created_offset_seconds: 28_800,
            replay_key: "n:2023-11-14T22:13:20Z".into(),
            remember_for_seconds: 600,
        };
        assert_eq!(write_verification(&v).unwrap(), 4);
        assert_eq!(table()[3..], [1.0, 28_800.0, -2.0, 22.0, 600.0]);
        assert_eq!(extra(), "n:2023-11-14T22:13:20Z");
        assert_eq!(write_verification(&PushVerification::Unsigned).unwrap(), 5);
    }
}
