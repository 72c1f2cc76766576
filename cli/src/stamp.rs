//! Small time helpers for the command line: `Created` offsets written as `+08:00`, and a thin
//! wrapper over the core's stamp reader (`callverify_core::stamps`).

/// Reads a `Created` stamp (`YYYY-MM-DDTHH:MM:SSZ`) as Unix seconds (the core's strict reader).
pub fn parse_created(text: &str) -> Option<i64> {
    callverify_core::stamps::parse_created(text)
}

/// A run of ASCII digits as a number.
fn number(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses a `Created` offset: `+08:00`, `-05:00`, `+0545`, `Z`/`UTC`, or a number of seconds
/// (`28800`, `-18000`). Returns seconds; the range (±14 h, whole minutes) is the core's to check.
pub fn parse_offset(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "{text:?} is not an offset; write +08:00, -05:00, +0545, Z, or a number of seconds such as 28800"
        )
    };
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Ok(0);
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1i64, t.get(1..).unwrap_or_default()),
        Some(b'-') => (-1i64, t.get(1..).unwrap_or_default()),
        _ => (1i64, t),
    };
    let signed = t.starts_with(['+', '-']);
    let hours_minutes = if let Some((h, m)) = rest.split_once(':') {
        Some((h, m))
    } else if signed && rest.len() == 4 {
        Some((
            rest.get(0..2).unwrap_or_default(),
            rest.get(2..4).unwrap_or_default(),
        ))
    } else {
        None
    };
    let seconds = match hours_minutes {
        Some((h, m)) => {
            if h.len() != 2 || m.len() != 2 || !signed {
                return Err(bad());
            }
            let h = number(h).ok_or_else(bad)?;
            let m = number(m).ok_or_else(bad)?;
            if m >= 60 {
                return Err(bad());
            }
            sign * (h * 3600 + m * 60)
        }
        None => sign * number(rest).ok_or_else(bad)?,
    };
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use callverify_core::sign::Created;

    #[test]
    fn created_round_trips() {
        for t in [0, 1_527_294_930, 951_782_400, 253_402_300_799] {
            let s = Created::from_unix(t, 0).unwrap();
            assert_eq!(parse_created(s.as_str()), Some(t));
        }
        for bad in [
            "2019-02-30T00:00:00Z",
            "2019-01-24T24:00:00Z",
            "2019-01-24T02:48:60Z",
            "2019-01-24 02:48:46Z",
            "2019-01-24T02:48:46",
            "1700000000000",
            "+019-01-24T02:48:46Z",
            "",
        ] {
            assert_eq!(parse_created(bad), None, "{bad}");
        }
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+08:00"), Ok(28_800));
        assert_eq!(parse_offset("-05:00"), Ok(-18_000));
        assert_eq!(parse_offset("+0545"), Ok(20_700));
        assert_eq!(parse_offset("Z"), Ok(0));
        assert_eq!(parse_offset("28800"), Ok(28_800));
        assert_eq!(parse_offset("-30"), Ok(-30));
        assert!(parse_offset("+8").is_ok());
        assert!(parse_offset("08:00").is_err());
        assert!(parse_offset("+08:60").is_err());
        assert!(parse_offset("abc").is_err());
        assert!(parse_offset("").is_err());
    }
}
