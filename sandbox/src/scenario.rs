//! Scenarios chosen by magic callee numbers, like a test mode.
//!
//! | callee | scenario |
//! |---|---|
//! | anything else | answered: callout, alerting, answer, disconnect (stateCode 0) |
//! | `+8613800008101` | no answer: callout, alerting, disconnect 8101 |
//! | `+8613800008102` | busy: callout, disconnect 8102 |
//! | `+8613800008104` | powered off: callout, disconnect 8104 |
//! | `+861380000DDDD` | disconnect with hangup cause DDDD, for any code of the hangup table |
//! | `+8613801013004` | blacklisted: HTTP 403, result code 1013004, no call |
//! | `+8613801013117` | rate limited: HTTP 403, result code 1013117, no call |
//! | `+8613801020154` | ports exhausted: HTTP 500, result code 1020154, no call |
//! | `+861380NNNNNNN` | any non-authentication result code NNNNNNN of table 6, at its HTTP status |

use callverify_core::hangup::{HangupCategory, hangup_cause};
use callverify_core::push::StatusEventType;
use callverify_core::result_codes::{self, ResultCategory};

/// What the sandbox does with an accepted request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// The call goes through; `state_code` is the disconnect's hangup cause (0: answered, then
    /// hung up normally).
    Call {
        /// The hangup cause of the disconnect push.
        state_code: i64,
    },
    /// The request is refused at once with this HTTP status and result code.
    Refuse {
        /// HTTP status.
        http_status: u16,
        /// Table-6 result code.
        result_code: String,
    },
}

/// Prefix of every magic number.
pub const MAGIC_PREFIX: &str = "+861380";

impl Scenario {
    /// The scenario for a callee number.
    pub fn for_callee(callee: &str) -> Scenario {
        let answered = Scenario::Call { state_code: 0 };
        let Some(rest) = callee.strip_prefix(MAGIC_PREFIX) else {
            return answered;
        };
        if rest.len() != 7 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return answered;
        }
        if let Some(hangup) = rest.strip_prefix("000") {
            return hangup
                .parse::<i64>()
                .ok()
                .and_then(hangup_cause)
                .map_or(answered, |c| Scenario::Call { state_code: c.code });
        }
        result_codes::all()
            .into_iter()
            .find(|e| {
                e.code == rest
                    && !matches!(e.category, ResultCategory::Auth | ResultCategory::Success)
            })
            .map_or(answered, |e| Scenario::Refuse {
                http_status: u16::try_from(e.http_status).unwrap_or(500),
                result_code: e.code,
            })
    }

    /// A short name for logs.
    pub fn name(&self) -> String {
        match self {
            Scenario::Call { state_code: 0 } => "answered".to_owned(),
            Scenario::Call { state_code } => match hangup_cause(*state_code) {
                Some(c) => format!("{} ({state_code})", c.category.as_str()),
                None => format!("hangup {state_code}"),
            },
            Scenario::Refuse { result_code, .. } => format!("refused ({result_code})"),
        }
    }

    /// The status events the call produces, in order.
    pub fn events(&self) -> &'static [StatusEventType] {
        use StatusEventType::{Alerting, Answer, Callout, Disconnect};
        match self {
            Scenario::Refuse { .. } => &[],
            Scenario::Call { state_code } => match hangup_cause(*state_code).map(|c| c.category) {
                Some(HangupCategory::Answered) | None => &[Callout, Alerting, Answer, Disconnect],
                Some(HangupCategory::NoAnswer) => &[Callout, Alerting, Disconnect],
                Some(_) => &[Callout, Disconnect],
            },
        }
    }
}

/// `stateDesc` for a hangup cause.
pub fn state_desc(state_code: i64) -> String {
    if state_code == 0 {
        // The seed's example.
        return "The user releases the call.".to_owned();
    }
    hangup_cause(state_code).map_or_else(
        || format!("hangup cause {state_code}"),
        |c| c.meaning_en.to_owned(),
    )
}

/// SIP status and Q.850 cause of an unanswered call, for the fee record.
pub fn failure_causes(state_code: i64) -> (i64, i64) {
    match state_code {
        8101 | 8003 => (480, 19),
        8102 => (486, 17),
        8104 | 8103 => (480, 20),
        8100 => (404, 1),
        _ => (500, 31),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(
            Scenario::for_callee("+8618900000007"),
            Scenario::Call { state_code: 0 }
        );
        assert_eq!(
            Scenario::for_callee("+8613800008101"),
            Scenario::Call { state_code: 8101 }
        );
        assert_eq!(
            Scenario::for_callee("+8613800008102"),
            Scenario::Call { state_code: 8102 }
        );
        assert_eq!(
            Scenario::for_callee("+8613800008104"),
            Scenario::Call { state_code: 8104 }
        );
        assert_eq!(
            Scenario::for_callee("+8613801013004"),
            Scenario::Refuse {
                http_status: 403,
                result_code: "1013004".to_owned()
            }
        );
        assert_eq!(
            Scenario::for_callee("+8613801013117"),
            Scenario::Refuse {
                http_status: 403,
                result_code: "1013117".to_owned()
            }
        );
        assert_eq!(
            Scenario::for_callee("+8613801020154"),
            Scenario::Refuse {
                http_status: 500,
                result_code: "1020154".to_owned()
            }
        );
        // 1010010 is "invalid digest" at 401 (auth) and flow control at 403: the magic number means the latter.
        assert_eq!(
            Scenario::for_callee("+8613801010010"),
            Scenario::Refuse {
                http_status: 403,
                result_code: "1010010".to_owned()
            }
        );
        // Authentication codes and unknown codes are not scenarios.
        assert_eq!(
            Scenario::for_callee("+8613801023006"),
            Scenario::Call { state_code: 0 }
        );
        assert_eq!(
            Scenario::for_callee("+8613800004242"),
            Scenario::Call { state_code: 0 }
        );
    }
}
