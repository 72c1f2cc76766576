//! Which clock a `Created` stamp was written in.
//!
//! `Created` always ends in `Z`, but not every writer means UTC by it: the seed and Huawei's Node
//! sample stamp true UTC, Huawei's Python sample stamps the host's local time (Beijing time, UTC+8,
//! on hosts in Asia/Shanghai), and Huawei's newer push pages say the platform stamps its own pushes
//! in UTC+8. [`Clocks`] is the set of clocks a checker accepts: UTC and UTC+8 by default, or one
//! pinned offset. [`Clocks::check`] finds the accepted clock a stamp is fresh in; when it is fresh
//! in none, [`ClockMiss`] says how far off it is and, when the stamp sits on another time zone,
//! which one ([`ClockMiss::apparent_offset_seconds`]), so that messages can name the cause.
//! [`verify_push`](crate::verify_push) uses it for pushes; the local sandbox for requests.
//!
//! ```
//! use callverify_core::clocks::{Clocks, utc_name};
//!
//! let both = Clocks::new(None); // UTC and UTC+8
//! let created = 1_700_000_000 + 28_800; // a stamp in Beijing time, read as if it were UTC
//! assert_eq!(both.check(created, 1_700_000_000, 300), Ok(28_800));
//! assert_eq!(both.remember_seconds(300), 600 + 28_800);
//!
//! let utc_only = Clocks::new(Some(0));
//! let miss = utc_only.check(created, 1_700_000_000, 300).unwrap_err();
//! assert_eq!(miss.age_seconds, -28_800); // 8 h in the future, read as UTC
//! assert_eq!(miss.apparent_offset_seconds.map(utc_name).as_deref(), Some("UTC+8"));
//! ```

use crate::sign::MAX_CREATED_OFFSET_SECONDS;

/// Beijing time's offset from UTC, in seconds: the second clock accepted by default.
pub const BEIJING_OFFSET_SECONDS: i32 = 8 * 3600;
/// The clocks accepted when none is pinned: UTC and Beijing time.
pub const DEFAULT_CREATED_OFFSETS: [i32; 2] = [0, BEIJING_OFFSET_SECONDS];

/// The clocks a `Created` stamp may be in, as offsets from UTC in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clocks {
    // A pinned clock is the same clock twice.
    offsets: [i32; 2],
}

impl Clocks {
    /// `Some(offset)` accepts that clock only; `None` accepts UTC and UTC+8.
    pub fn new(pinned: Option<i32>) -> Self {
        Clocks {
            offsets: pinned.map_or(DEFAULT_CREATED_OFFSETS, |o| [o, o]),
        }
    }

    /// The accepted offsets (the same one twice when pinned).
    pub fn offsets(self) -> [i32; 2] {
        self.offsets
    }

    /// How long a stamp (or a nonce signed with it) must be remembered to catch every replay:
    /// twice the window, plus the distance between the clocks, because the same stamp is fresh once
    /// read as UTC+8 and again eight hours later read as UTC.
    pub fn remember_seconds(self, window_seconds: u32) -> i64 {
        let [a, b] = self.offsets;
        i64::from(window_seconds) * 2 + i64::from(a.abs_diff(b))
    }

    /// Checks `created_local` (the stamp read as if it were UTC, in Unix seconds) against `now` in
    /// each accepted clock: the offset of the clock it is fresh in (the nearer if both are), or
    /// how it missed.
    pub fn check(
        self,
        created_local: i64,
        now: i64,
        window_seconds: u32,
    ) -> Result<i32, ClockMiss> {
        let window = i64::from(window_seconds);
        let utc_age = now.saturating_sub(created_local);
        // The age in the clock of offset `o`: now − (created_local − o).
        let age_in = |offset: i32| utc_age.saturating_add(i64::from(offset));
        let [a, b] = self.offsets;
        let nearest = if age_in(a).unsigned_abs() <= age_in(b).unsigned_abs() {
            a
        } else {
            b
        };
        let age_seconds = age_in(nearest);
        if age_seconds.unsigned_abs() <= window.unsigned_abs() {
            return Ok(nearest);
        }
        Err(ClockMiss {
            age_seconds,
            window_seconds,
            nearest_offset_seconds: nearest,
            apparent_offset_seconds: apparent_zone(utc_age, window, self.offsets),
            clocks: self,
        })
    }

    /// `UTC` or `UTC or UTC+8`.
    pub fn names(self) -> String {
        match self.offsets {
            [a, b] if a == b => utc_name(a),
            [a, b] => format!("{} or {}", utc_name(a), utc_name(b)),
        }
    }
}

/// How a stamp missed every accepted clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockMiss {
    /// `now − Created` in the nearest accepted clock: positive when stale, negative when ahead.
    pub age_seconds: i64,
    /// The freshness window that was exceeded.
    pub window_seconds: u32,
    /// The accepted clock the stamp is nearest to.
    pub nearest_offset_seconds: i32,
    /// The time zone the stamp is fresh in, when that is one that was not accepted (a whole
    /// quarter hour from UTC, UTC itself or at least an hour away, within ±14 h): a clock set to
    /// local time with a trailing `Z`.
    pub apparent_offset_seconds: Option<i32>,
    /// The clocks that were accepted.
    pub clocks: Clocks,
}

impl ClockMiss {
    /// `reading Created as UTC` or `reading Created as UTC, the nearer of UTC and UTC+8`.
    pub fn reading(&self) -> String {
        match self.clocks.offsets {
            [a, b] if a == b => format!("reading Created as {}", utc_name(a)),
            [a, b] => format!(
                "reading Created as {}, the nearer of {} and {}",
                utc_name(self.nearest_offset_seconds),
                utc_name(a),
                utc_name(b)
            ),
        }
    }

    /// `it was stamped in UTC` or `local time at UTC+8 with a trailing Z`, when the stamp sits on
    /// another time zone.
    pub fn looks_like(&self) -> Option<String> {
        self.apparent_offset_seconds.map(|zone| match zone {
            0 => "it was stamped in UTC".to_owned(),
            _ => format!("local time at {} with a trailing Z", utc_name(zone)),
        })
    }
}

/// The time zone a stamp of UTC age `utc_age` is fresh in, when that zone is not accepted.
fn apparent_zone(utc_age: i64, window: i64, offsets: [i32; 2]) -> Option<i32> {
    const QUARTER_HOUR: i64 = 900;
    // The stamp's apparent offset from UTC is −utc_age; round it to the nearest quarter hour.
    let apparent = utc_age.saturating_neg();
    let zone = (apparent.saturating_add(apparent.signum() * QUARTER_HOUR / 2) / QUARTER_HOUR)
        .saturating_mul(QUARTER_HOUR);
    let zone32 = i32::try_from(zone).ok()?;
    // No time zone is less than an hour away from UTC: a stamp 15 minutes off is merely stale.
    let is_zone = zone == 0 || (3600..=i64::from(MAX_CREATED_OFFSET_SECONDS)).contains(&zone.abs());
    (is_zone && apparent.abs_diff(zone) <= window.unsigned_abs() && !offsets.contains(&zone32))
        .then_some(zone32)
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

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    #[test]
    fn both_clocks_each_within_the_window() {
        let both = Clocks::new(None);
        for (delta, clock) in [
            (0, 0),
            (-300, 0),
            (300, 0),
            (28_800, 28_800),
            (28_800 - 300, 28_800),
            (28_800 + 300, 28_800),
        ] {
            assert_eq!(both.check(NOW + delta, NOW, 300), Ok(clock), "{delta}");
        }
        for delta in [-301, 301, 28_800 - 301, 28_800 + 301, 14_400, -28_800] {
            assert!(both.check(NOW + delta, NOW, 300).is_err(), "{delta}");
        }
        // A window wide enough for both: the nearer clock.
        assert_eq!(both.check(NOW + 20_000, NOW, 20_000), Ok(28_800));
        assert_eq!(both.check(NOW + 8_000, NOW, 20_000), Ok(0));
        // A pinned clock accepts only itself.
        let utc = Clocks::new(Some(0));
        assert_eq!(utc.check(NOW, NOW, 300), Ok(0));
        assert!(utc.check(NOW + 28_800, NOW, 300).is_err());
    }

    #[test]
    fn apparent_zones() {
        let both = Clocks::new(None);
        let zone = |delta: i64, clocks: Clocks| {
            clocks
                .check(NOW + delta, NOW, 300)
                .unwrap_err()
                .apparent_offset_seconds
        };
        assert_eq!(zone(-18_000, both), Some(-18_000)); // New York
        assert_eq!(zone(20_700 + 120, both), Some(20_700)); // Nepal, 2 min late
        assert_eq!(zone(28_800, Clocks::new(Some(0))), Some(28_800));
        assert_eq!(zone(0, Clocks::new(Some(28_800))), Some(0));
        // Merely stale, less than an hour off, between zones, or beyond any zone: none.
        for delta in [-1_000, 900, -900, 2_000, 4_000, -60_000, i64::MAX / 2] {
            assert_eq!(zone(delta, both), None, "{delta}");
        }
    }

    #[test]
    fn extremes_do_not_overflow() {
        let both = Clocks::new(None);
        for (created, now) in [(i64::MIN, i64::MAX), (i64::MAX, i64::MIN), (0, i64::MIN)] {
            assert!(both.check(created, now, 86_400).is_err());
        }
    }

    #[test]
    fn names_and_memory() {
        assert_eq!(utc_name(0), "UTC");
        assert_eq!(utc_name(28_800), "UTC+8");
        assert_eq!(utc_name(-19_800), "UTC-5:30");
        assert_eq!(Clocks::new(None).names(), "UTC or UTC+8");
        assert_eq!(Clocks::new(Some(-18_000)).names(), "UTC-5");
        assert_eq!(Clocks::new(None).remember_seconds(300), 29_400);
        assert_eq!(Clocks::new(Some(28_800)).remember_seconds(300), 600);
    }
}
