//! Generating the one-time code the platform reads aloud.
//!
//! Digits come from the OS CSPRNG by rejection sampling (bytes ≥ 250 are redrawn), so every digit is
//! uniform: no modulo bias.
//!
//! ```
//! # #[cfg(feature = "getrandom")] {
//! let code = callverify_core::generate_verify_code(6)?;
//! assert_eq!(code.len(), 6);
//! assert!(code.bytes().all(|b| b.is_ascii_digit()));
//! # }
//! # Ok::<(), callverify_core::Error>(())
//! ```

use crate::error::{Error, ErrorCode};

/// Default number of digits.
pub const DEFAULT_DIGITS: u8 = 6;

/// Checks a requested code length (2-8, the platform's verifyCode rule).
pub fn check_digits(digits: i64) -> Result<u8, Error> {
    u8::try_from(digits)
        .ok()
        .filter(|d| (2..=8).contains(d))
        .ok_or_else(|| {
            Error::config(
                ErrorCode::DigitsOutOfRange,
                format!("a verification code has 2-8 digits; {digits} were asked for"),
            )
        })
}

/// Turns random bytes into digits by rejection sampling; returns how many bytes were used.
pub fn digits_from_bytes(bytes: &[u8], out: &mut String, wanted: usize) -> usize {
    let mut used = 0;
    for &b in bytes {
        if out.len() >= wanted {
            break;
        }
        used += 1;
        // 250 is the largest multiple of 10 that fits a byte: rejecting 250..=255 keeps digits uniform.
        if b < 250 {
            out.push(char::from(b'0' + b % 10));
        }
    }
    used
}

/// A verification code of `digits` (2-8) uniformly random ASCII digits from the OS CSPRNG.
#[cfg(feature = "getrandom")]
pub fn generate_verify_code(digits: i64) -> Result<String, Error> {
    let wanted = usize::from(check_digits(digits)?);
    let mut code = String::with_capacity(wanted);
    while code.len() < wanted {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| {
            Error::config(
                ErrorCode::RandomUnavailable,
                format!("the OS random number generator failed: {e}"),
            )
        })?;
        digits_from_bytes(&bytes, &mut code, wanted);
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_sampling_is_uniform_over_all_bytes() {
        // Every byte value once: each digit must come out exactly 25 times.
        let all: Vec<u8> = (0..=255).collect();
        let mut out = String::new();
        digits_from_bytes(&all, &mut out, 1000);
        assert_eq!(out.len(), 250);
        for d in b'0'..=b'9' {
            assert_eq!(out.bytes().filter(|&b| b == d).count(), 25);
        }
    }

    #[test]
    fn digits_bounds() {
        assert!(check_digits(1).is_err());
        assert!(check_digits(9).is_err());
        assert!(check_digits(-1).is_err());
        assert_eq!(check_digits(8).unwrap(), 8);
        assert_eq!(generate_verify_code(8).unwrap().len(), 8);
        assert_eq!(generate_verify_code(2).unwrap().len(), 2);
    }
}
