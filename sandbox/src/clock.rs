//! Which clock a request's `Created` is in, and what the sandbox says when it is in none.
//!
//! Huawei's Python sample stamps `Created` with the host's local time and a literal `Z` (Beijing
//! time on hosts in Asia/Shanghai); the Node sample stamps true UTC. Both are in production use,
//! so the platform accepts both: by default the sandbox accepts `Created` in UTC and in UTC+8, each
//! within the freshness window (the core's [`Clocks`]), and logs which clock matched.
//! `--created-offset` pins one clock. This module only words the refusal for the sandbox's side:
//! what fixes the client, or which flag makes the sandbox accept the stamp.

use callverify_core::clocks::{ClockMiss, Clocks, DEFAULT_CREATED_OFFSETS};

/// The offset as `--created-offset` takes it: `UTC`, `+08:00`, `-05:30`.
fn offset_flag(offset: i32) -> String {
    if offset == 0 {
        return "UTC".to_owned();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Checks `Created` (read as if UTC: `created_local`) against `now` in each accepted clock.
/// Returns the offset of the clock it is fresh in (the nearer if both are), or why it is not.
pub(crate) fn check_created(
    created_local: i64,
    now: i64,
    window: u32,
    clocks: Clocks,
) -> Result<i32, String> {
    clocks
        .check(created_local, now, window)
        .map_err(|miss| refusal(&miss))
}

/// The `X-Sandbox-Reason` of a request whose `Created` is fresh in no accepted clock.
fn refusal(miss: &ClockMiss) -> String {
    let (amount, which) = if miss.age_seconds > 0 {
        (miss.age_seconds, "old")
    } else {
        (miss.age_seconds.saturating_neg(), "in the future")
    };
    let reading = miss.reading().replacen("reading Created as", "read as", 1);
    let mut why = format!(
        "X-AKSK Created is {amount} s {which} ({reading}); the sandbox allows {} s either way",
        miss.window_seconds
    );
    if let (Some(looks), Some(zone)) = (miss.looks_like(), miss.apparent_offset_seconds) {
        let expected = miss.clocks.names();
        let [a, b] = miss.clocks.offsets();
        let values = if a == b {
            a.to_string()
        } else {
            format!("{a} or {b}")
        };
        let sandbox = if a != b || !DEFAULT_CREATED_OFFSETS.contains(&zone) {
            format!(
                "start the sandbox with --created-offset {}",
                offset_flag(zone)
            )
        } else {
            "start the sandbox without --created-offset (it then accepts UTC and UTC+8)".to_owned()
        };
        why.push_str(&format!(
            ". Created looks like {looks} rather than {expected}: on the client, stamp Created in \
             {expected} (the client's created offset option: created_offset in Python, \
             createdOffsetSeconds in JavaScript, Kotlin and Swift, --created-offset for callverify \
             send; set it to {values}; a hand-written client stamps UTC with time.gmtime() in Python \
             or toISOString() in JavaScript), or {sandbox}"
        ));
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    fn clocks(pinned: Option<i32>) -> Clocks {
        Clocks::new(pinned)
    }

    #[test]
    fn accepted_clock_or_refusal() {
        assert_eq!(
            check_created(NOW + 28_800, NOW, 300, clocks(None)),
            Ok(28_800)
        );
        let why = check_created(NOW + 301, NOW, 300, clocks(None)).unwrap_err();
        assert_eq!(
            why,
            "X-AKSK Created is 301 s in the future (read as UTC, the nearer of UTC and UTC+8); \
             the sandbox allows 300 s either way"
        );
    }

    #[test]
    fn local_time_hint_names_the_zone_and_the_client_option() {
        // A Python sample on a host in New York: local time (UTC-5) with a Z.
        let why = check_created(NOW - 18_000, NOW, 300, clocks(None)).unwrap_err();
        assert!(
            why.contains("18000 s old (read as UTC, the nearer of UTC and UTC+8)"),
            "{why}"
        );
        assert!(
            why.contains(
                "looks like local time at UTC-5 with a trailing Z rather than UTC or UTC+8"
            ),
            "{why}"
        );
        assert!(why.contains("created offset option"), "{why}");
        assert!(why.contains("set it to 0 or 28800"), "{why}");
        assert!(why.contains("--created-offset -05:00"), "{why}");
        // Beijing time against a sandbox pinned to UTC.
        let why = check_created(NOW + 28_800, NOW, 300, clocks(Some(0))).unwrap_err();
        assert!(why.contains("28800 s in the future (read as UTC)"), "{why}");
        assert!(
            why.contains("local time at UTC+8 with a trailing Z rather than UTC"),
            "{why}"
        );
        assert!(why.contains("set it to 0"), "{why}");
        assert!(why.contains("without --created-offset"), "{why}");
        // UTC against a sandbox pinned to Beijing time.
        let why = check_created(NOW, NOW, 300, clocks(Some(28_800))).unwrap_err();
        assert!(why.contains("stamped in UTC rather than UTC+8"), "{why}");
        assert!(why.contains("set it to 28800"), "{why}");
        // Nepal: a quarter-hour zone.
        let why = check_created(NOW + 20_700, NOW, 300, clocks(None)).unwrap_err();
        assert!(why.contains("UTC+5:45"), "{why}");
        assert!(why.contains("--created-offset +05:45"), "{why}");
        // Merely stale, or off by more than any zone: no hint.
        for delta in [-1_000, 900, 4_000, -60_000] {
            let why = check_created(NOW + delta, NOW, 300, clocks(None)).unwrap_err();
            assert!(!why.contains("looks like"), "{delta}: {why}");
        }
    }

    #[test]
    fn offset_flags() {
        assert_eq!(offset_flag(0), "UTC");
        assert_eq!(offset_flag(28_800), "+08:00");
        assert_eq!(offset_flag(-19_800), "-05:30");
    }
}
