//! The two timestamp forms of the API: `Created` (`YYYY-MM-DDTHH:MM:SSZ`) and the push
//! `timestamp` (`yyyy-MM-dd HH:mm:ss`, UTC), written and read strictly (real dates only, no leap
//! seconds). Calendar arithmetic is the `time` crate's.

use time::{Date, Month, PrimitiveDateTime, Time, UtcDateTime};

use crate::error::{Error, ErrorCode};

/// Formats Unix seconds (0..=253402300799) as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_created(unix_time: i64) -> Result<String, Error> {
    let stamp = created_bytes(unix_time)?;
    Ok(std::str::from_utf8(&stamp).unwrap_or_default().to_owned())
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds, written on the stack (always ASCII).
pub(crate) fn created_bytes(unix_time: i64) -> Result<[u8; 20], Error> {
    let dt = UtcDateTime::from_unix_timestamp(unix_time).map_err(|_| {
        Error::config(
            ErrorCode::TimeOutOfRange,
            format!("unix time {unix_time} is out of range"),
        )
    })?;
    // One calendar computation for the date and one for the time (the separate accessors would
    // each recompute it).
    let (year, month, day) = dt.to_calendar_date();
    let (hour, minute, second) = dt.time().as_hms();
    let mut out = *b"0000-00-00T00:00:00Z";
    put_digits(&mut out, 0, u32::try_from(year).unwrap_or_default(), 4);
    put_digits(&mut out, 5, u32::from(u8::from(month)), 2);
    put_digits(&mut out, 8, u32::from(day), 2);
    put_digits(&mut out, 11, u32::from(hour), 2);
    put_digits(&mut out, 14, u32::from(minute), 2);
    put_digits(&mut out, 17, u32::from(second), 2);
    Ok(out)
}

/// Writes the last `width` decimal digits of `value` at `at` (zero-padded).
fn put_digits(out: &mut [u8], at: usize, value: u32, width: usize) {
    let mut rest = value;
    for slot in out.iter_mut().skip(at).take(width).rev() {
        // `rest % 10` is below 10, so the sum is an ASCII digit.
        *slot = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        rest /= 10;
    }
}

/// Formats Unix seconds as a push timestamp, `yyyy-MM-dd HH:mm:ss` (UTC).
pub fn format_push_timestamp(unix_time: i64) -> Result<String, Error> {
    let mut stamp = format_created(unix_time)?;
    stamp.pop(); // the trailing Z
    Ok(stamp.replacen('T', " ", 1))
}

/// Reads `N` ASCII digits as a number.
fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Parses `YYYY?MM?DD?HH:MM:SS` where `?` are the given separators, then checks the trailer.
fn parse_fixed(text: &str, date_time_sep: u8, trailer: &[u8]) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 19 + trailer.len()
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || b.get(10) != Some(&date_time_sep)
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
        || b.get(19..) != Some(trailer)
    {
        return None;
    }
    let year = i32::try_from(digits(b.get(0..4)?)?).ok()?;
    let month = Month::try_from(u8::try_from(digits(b.get(5..7)?)?).ok()?).ok()?;
    let day = u8::try_from(digits(b.get(8..10)?)?).ok()?;
    let hour = u8::try_from(digits(b.get(11..13)?)?).ok()?;
    let minute = u8::try_from(digits(b.get(14..16)?)?).ok()?;
    let second = u8::try_from(digits(b.get(17..19)?)?).ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    )
}

/// Parses a `Created` stamp (`YYYY-MM-DDTHH:MM:SSZ`) as if it were UTC; `None` if malformed.
pub fn parse_created(text: &str) -> Option<i64> {
    parse_fixed(text, b'T', b"Z")
}

/// Parses a push `timestamp` (`yyyy-MM-dd HH:mm:ss`, UTC); `None` if malformed.
pub fn parse_push_timestamp(text: &str) -> Option<i64> {
    parse_fixed(text, b' ', b"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for t in [0, 1, 1_527_294_930, 1_709_164_800, 253_402_300_799] {
            let s = format_created(t).unwrap();
            assert_eq!(parse_created(&s), Some(t), "{s}");
        }
        assert_eq!(
            format_created(1_527_294_930).unwrap(),
            "2018-05-26T00:35:30Z"
        );
        assert_eq!(
            parse_push_timestamp("2019-01-24 02:48:46"),
            Some(1_548_298_126)
        );
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "2019-01-24T02:48:46",
            "2019-02-30T00:00:00Z",
            "2019-01-24T24:00:00Z",
            "2019-01-24T02:48:60Z",
            "1700000000000",
            "2019-1-24T02:48:46Z",
            "+019-01-24T02:48:46Z",
            "2019-01-24T02:48:46z",
            "2019-01-24 02:48:46Z",
        ] {
            assert_eq!(parse_created(s), None, "{s}");
        }
        assert_eq!(parse_push_timestamp("2019-01-24T02:48:46"), None);
    }
}
