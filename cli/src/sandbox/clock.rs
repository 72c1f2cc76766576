//! Which clock a request's `Created` is in.
//!
//! Huawei's Python sample stamps `Created` with the host's local time and a literal `Z` (Beijing
//! time on hosts in Asia/Shanghai); the Node sample stamps true UTC. Both are in production use,
//! so the platform accepts both: by default the sandbox accepts `Created` in UTC and in UTC+8, each
//! within the freshness window, and reports which clock matched. `--created-offset` pins one clock.
//! The approach and the wording of the local-time hint follow the core's `verify_push`.

use callverify_core::push_auth::DEFAULT_CREATED_OFFSETS;
use callverify_core::sign::MAX_CREATED_OFFSET_SECONDS;

/// The accepted clocks (offsets from UTC in seconds): a pinned clock is the same clock twice.
pub(crate) fn clocks(pinned: Option<i32>) -> [i32; 2] {
    pinned.map_or(DEFAULT_CREATED_OFFSETS, |o| [o, o])
}

/// How long a nonce is remembered, in seconds: twice the window, plus the distance between the
/// accepted clocks (the same stamp is fresh once read as UTC+8 and again 8 hours later read as
/// UTC, so a replay read in the other clock is still refused).
pub(crate) fn nonce_memory_seconds(window: i64, clocks: [i32; 2]) -> i64 {
    let [a, b] = clocks;
    window
        .saturating_mul(2)
        .saturating_add(i64::from(a.abs_diff(b)))
}

/// A clock's name from its offset from UTC in seconds: `UTC`, `UTC+8`, `UTC-5:30`.
pub fn utc_name(offset: i32) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => "UTC".to_owned(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

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
    window: i64,
    clocks: [i32; 2],
) -> Result<i32, String> {
    let utc_age = now.saturating_sub(created_local);
    // The age in the clock of offset `o`: now − (created_local − o).
    let age_in = |offset: i32| utc_age.saturating_add(i64::from(offset));
    let [a, b] = clocks;
    let offset = if age_in(a).unsigned_abs() <= age_in(b).unsigned_abs() {
        a
    } else {
        b
    };
    let age = age_in(offset);
    if age.unsigned_abs() <= window.unsigned_abs() {
        return Ok(offset);
    }
    let clock = if a == b {
        format!("read as {}", utc_name(a))
    } else {
        format!(
            "read as {}, the nearer of {} and {}",
            utc_name(offset),
            utc_name(a),
            utc_name(b)
        )
    };
    let (amount, which) = if age > 0 {
        (age, "old")
    } else {
        (age.saturating_neg(), "in the future")
    };
    Err(format!(
        "X-AKSK Created is {amount} s {which} ({clock}); the sandbox allows {window} s either way{}",
        local_time_hint(utc_age, window, clocks)
    ))
}

/// When `Created` is within the window of a whole quarter-hour offset from UTC (a time zone: UTC
/// itself, or at least one hour away from it) that is not accepted, a sentence saying it looks like
/// local time and what fixes it on the client.
fn local_time_hint(utc_age: i64, window: i64, clocks: [i32; 2]) -> String {
    const QUARTER_HOUR: i64 = 900;
    // The stamp's apparent offset from UTC is −utc_age; round it to the nearest quarter hour.
    let apparent = utc_age.saturating_neg();
    let zone = (apparent.saturating_add(apparent.signum() * QUARTER_HOUR / 2) / QUARTER_HOUR)
        .saturating_mul(QUARTER_HOUR);
    let Ok(zone32) = i32::try_from(zone) else {
        return String::new();
    };
    // No time zone is less than an hour away from UTC: a stamp 15 minutes off is merely stale.
    if zone.abs() > i64::from(MAX_CREATED_OFFSET_SECONDS)
        || (zone != 0 && zone.abs() < 3600)
        || apparent.abs_diff(zone) > window.unsigned_abs()
        || clocks.contains(&zone32)
    {
        return String::new();
    }
    let [a, b] = clocks;
    let (expected, values) = if a == b {
        (utc_name(a), a.to_string())
    } else {
        (
            format!("{} or {}", utc_name(a), utc_name(b)),
            format!("{a} or {b}"),
        )
    };
    let looks = if zone32 == 0 {
        "it was stamped in UTC".to_owned()
    } else {
        format!("local time at {} with a trailing Z", utc_name(zone32))
    };
    let sandbox = if a != b || !DEFAULT_CREATED_OFFSETS.contains(&zone32) {
        format!(
            "start the sandbox with --created-offset {}",
            offset_flag(zone32)
        )
    } else {
        "start the sandbox without --created-offset (it then accepts UTC and UTC+8)".to_owned()
    };
    format!(
        ". Created looks like {looks} rather than {expected}: on the client, stamp Created in \
         {expected} (the client's created offset option: created_offset in Python, \
         createdOffsetSeconds in JavaScript, Kotlin and Swift, --created-offset for callverify \
         send; set it to {values}; a hand-written client stamps UTC with time.gmtime() in Python \
         or toISOString() in JavaScript), or {sandbox}"
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;
    const BOTH: [i32; 2] = [0, 28_800];

    #[test]
    fn both_clocks_each_within_the_window() {
        for (delta, clock) in [
            (0, 0),
            (-300, 0),
            (300, 0),
            (28_800, 28_800),
            (28_800 - 300, 28_800),
            (28_800 + 300, 28_800),
        ] {
            assert_eq!(
                check_created(NOW + delta, NOW, 300, BOTH),
                Ok(clock),
                "{delta}"
            );
        }
        for delta in [-301, 301, 28_800 - 301, 28_800 + 301, 14_400, -28_800] {
            assert!(
                check_created(NOW + delta, NOW, 300, BOTH).is_err(),
                "{delta}"
            );
        }
        // A pinned clock accepts only itself.
        assert_eq!(check_created(NOW, NOW, 300, clocks(Some(0))), Ok(0));
        assert!(check_created(NOW + 28_800, NOW, 300, clocks(Some(0))).is_err());
        assert_eq!(
            check_created(NOW + 28_800, NOW, 300, clocks(Some(28_800))),
            Ok(28_800)
        );
        assert!(check_created(NOW, NOW, 300, clocks(Some(28_800))).is_err());
        // A window wide enough for both: the nearer clock.
        assert_eq!(check_created(NOW + 20_000, NOW, 20_000, BOTH), Ok(28_800));
        assert_eq!(check_created(NOW + 8_000, NOW, 20_000, BOTH), Ok(0));
    }

    #[test]
    fn local_time_hint_names_the_zone_and_the_client_option() {
        // A Python sample on a host in New York: local time (UTC-5) with a Z.
        let why = check_created(NOW - 18_000, NOW, 300, BOTH).unwrap_err();
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
        let why = check_created(NOW + 20_700, NOW, 300, BOTH).unwrap_err();
        assert!(why.contains("UTC+5:45"), "{why}");
        assert!(why.contains("--created-offset +05:45"), "{why}");
        // Merely stale, or off by more than any zone: no hint.
        for delta in [-1_000, 900, 4_000, -60_000] {
            let why = check_created(NOW + delta, NOW, 300, BOTH).unwrap_err();
            assert!(!why.contains("looks like"), "{delta}: {why}");
        }
    }

    #[test]
    fn nonce_memory_covers_both_clocks() {
        assert_eq!(nonce_memory_seconds(300, BOTH), 600 + 28_800);
        assert_eq!(nonce_memory_seconds(300, clocks(Some(28_800))), 600);
    }

    #[test]
    fn names() {
        assert_eq!(utc_name(0), "UTC");
        assert_eq!(utc_name(28_800), "UTC+8");
        assert_eq!(utc_name(-19_800), "UTC-5:30");
        assert_eq!(offset_flag(0), "UTC");
        assert_eq!(offset_flag(28_800), "+08:00");
        assert_eq!(offset_flag(-19_800), "-05:30");
    }
}
