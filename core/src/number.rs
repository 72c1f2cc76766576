//! What a JSON number in a body is worth as an integer field, decided exactly from its text.
//!
//! JSON has one number type, and the platform's peers read numbers as doubles, so the rule is:
//! a number is the double nearest to it (ties to even), as `JSON.parse`, Python's `json` or
//! serde_json with exact float parsing read it; an integer field takes it when that double is
//! integral and below 2^53 in magnitude (so the integer is exact), while an integer literal within
//! 64 bits is taken as written. Deciding this needs no float arithmetic: the double nearest to a
//! decimal is integral exactly when the decimal lies within half the spacing of doubles around
//! the nearest integer, and every boundary involved is a power of two with a short, exact decimal
//! expansion (2^-e = 5^e / 10^e) or one of two constants ([`OVERFLOW_FROM`] and
//! [`HALF_SMALLEST_SUBNORMAL`], computed by `build.rs`). So the module needs no float parser (which
//! would be the largest part of the WebAssembly build); `tests` check it against Rust's own.

use std::cmp::Ordering;

include!(concat!(env!("OUT_DIR"), "/number_constants.rs"));

/// The value of a JSON number for an integer field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Number {
    /// An integer: a literal within `i64`, or any spelling whose double is integral and below 2^53.
    Int(i64),
    /// An integer literal above `i64::MAX` that fits `u64`.
    UInt(u64),
    /// An integral number no 64-bit integer holds exactly (a longer literal, or a double of
    /// magnitude 2^53 or more).
    Big,
    /// A number whose double is not integral.
    Fraction,
}

/// 2^53 − 1/2: doubles from here on (ties to even round it up) are 2^53 or more.
const EXACT_LIMIT: &[u8] = b"90071992547409915";
/// The number of integer digits of [`EXACT_LIMIT`].
const EXACT_LIMIT_POINT: i64 = 16;
/// 2^52: from here on doubles are integers.
const INTEGERS_FROM: u64 = 1 << 52;

/// Reads `text`, a JSON number (already checked by the parser). `None`: its double is infinite.
pub(crate) fn read_number(text: &str) -> Option<Number> {
    if let Ok(v) = text.parse::<i64>() {
        return Some(Number::Int(v));
    }
    if let Ok(u) = text.parse::<u64>() {
        return Some(Number::UInt(u));
    }
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, saturating_exponent(e)),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = Digits::new(int_part.as_bytes(), frac_part.as_bytes(), exponent);
    let Some(point) = digits.point() else {
        return Some(Number::Int(0));
    };
    // The double is infinite from OVERFLOW_FROM on (which has 309 integer digits).
    let max_point = i64::try_from(OVERFLOW_FROM.len()).unwrap_or(i64::MAX);
    if point > max_point
        || (point == max_point && digits.cmp_significand(OVERFLOW_FROM) != Ordering::Less)
    {
        return None;
    }
    if point > EXACT_LIMIT_POINT
        || (point == EXACT_LIMIT_POINT && digits.cmp_significand(EXACT_LIMIT) != Ordering::Less)
    {
        return Some(Number::Big);
    }
    // Below 2^53 − 1/2: the integer part fits easily.
    let whole = digits.whole();
    let value = match digits.fraction() {
        Fraction::Zero => Some(whole),
        // Doubles here are the integers: round half to even.
        fraction if whole >= INTEGERS_FROM => Some(match fraction {
            Fraction::Below => whole,
            Fraction::Half if whole % 2 == 0 => whole,
            Fraction::Zero | Fraction::Half | Fraction::Above => whole + 1,
        }),
        fraction => integral_double(&digits, whole, fraction),
    };
    Some(match value.and_then(|v| i64::try_from(v).ok()) {
        Some(v) if negative => Number::Int(-v),
        Some(v) => Number::Int(v),
        None => Number::Fraction,
    })
}

/// For a decimal below 2^52 with integer part `whole` and a non-zero fraction: the integer its
/// double is, if it is one.
fn integral_double(digits: &Digits<'_>, whole: u64, fraction: Fraction) -> Option<u64> {
    // The candidate integer and the distance to it: up from `whole`, or down from `whole + 1`.
    let (n, from_below) = match fraction {
        Fraction::Below => (whole, false),
        _ => (whole + 1, true),
    };
    if n == 0 {
        // Doubles this small are multiples of 2^-1074: the value is 0 up to half of that.
        return (digits.cmp_fraction(HALF_SMALLEST_SUBNORMAL, false) != Ordering::Greater)
            .then_some(0);
    }
    // Doubles in [2^p, 2^(p+1)) are 2^(p-52) apart; just below 2^p they are half as far apart.
    let p = 63 - n.leading_zeros();
    let e = if from_below && n.is_power_of_two() {
        54 - p
    } else {
        53 - p
    };
    // 2^-e = 5^e / 10^e, as e fraction digits (e ≤ 54, and 5^54 < 2^128).
    let mut half_spacing = [b'0'; 54];
    let mut five_pow = 5u128.pow(e);
    let width = usize::try_from(e).unwrap_or(54).min(54);
    for slot in half_spacing.iter_mut().take(width).rev() {
        *slot = b'0' + u8::try_from(five_pow % 10).unwrap_or(0);
        five_pow /= 10;
    }
    let half_spacing = half_spacing.get(..width).unwrap_or_default();
    // Ties go to `n` (its significand is even), so the distance may equal half the spacing.
    let within = match from_below {
        // whole + 0.f ≤ whole + 2^-e
        false => digits.cmp_fraction(half_spacing, false) != Ordering::Greater,
        // 1 − 0.f ≤ 2^-e, i.e. 0.f ≥ 1 − 2^-e
        true => digits.cmp_fraction(half_spacing, true) != Ordering::Less,
    };
    within.then_some(n)
}

/// A decimal exponent, saturated far beyond anything that matters (±2^40).
fn saturating_exponent(text: &str) -> i64 {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    let magnitude = digits.bytes().fold(0i64, |acc, b| {
        (acc * 10 + i64::from(b.wrapping_sub(b'0'))).min(1 << 40)
    });
    if negative { -magnitude } else { magnitude }
}

/// The fraction of a decimal compared with one half.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fraction {
    Zero,
    Below,
    Half,
    Above,
}

/// A decimal `0.d₁d₂…dₖ × 10^point` (significant digits only) read from a JSON number's parts,
/// without allocating.
struct Digits<'a> {
    int_part: &'a [u8],
    frac_part: &'a [u8],
    /// Position of the first and one past the last significant digit in `int_part ++ frac_part`.
    first: usize,
    end: usize,
    exponent: i64,
}

impl<'a> Digits<'a> {
    fn new(int_part: &'a [u8], frac_part: &'a [u8], exponent: i64) -> Self {
        let all = int_part.len() + frac_part.len();
        let mut d = Digits {
            int_part,
            frac_part,
            first: 0,
            end: all,
            exponent,
        };
        while d.first < d.end && d.at(d.first) == 0 {
            d.first += 1;
        }
        while d.end > d.first && d.at(d.end - 1) == 0 {
            d.end -= 1;
        }
        d
    }

    /// Digit `i` of `int_part ++ frac_part`.
    fn at(&self, i: usize) -> u8 {
        let byte = match i.checked_sub(self.int_part.len()) {
            None => self.int_part.get(i),
            Some(j) => self.frac_part.get(j),
        };
        byte.map_or(0, |b| b.wrapping_sub(b'0'))
    }

    /// Significant digit `i` (0 past the end).
    fn significant(&self, i: usize) -> u8 {
        match self.first.checked_add(i) {
            Some(j) if j < self.end => self.at(j),
            _ => 0,
        }
    }

    /// The decimal exponent of the point after all digits: `value = 0.d… × 10^point`. `None` for 0.
    fn point(&self) -> Option<i64> {
        if self.first == self.end {
            return None;
        }
        let int_len = i64::try_from(self.int_part.len()).unwrap_or(i64::MAX);
        let first = i64::try_from(self.first).unwrap_or(i64::MAX);
        Some(int_len - first + self.exponent)
    }

    /// `0.d…` compared with `0.c…` (the digits of `constant`, as ASCII).
    fn cmp_significand(&self, constant: &[u8]) -> Ordering {
        let len = (self.end - self.first).max(constant.len());
        for i in 0..len {
            let c = constant.get(i).map_or(0, |b| b.wrapping_sub(b'0'));
            match self.significant(i).cmp(&c) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        Ordering::Equal
    }

    /// Fraction digit `i` (after the point) of the value.
    fn fraction_digit(&self, i: i64) -> u8 {
        // The value's digit at 10^-(i+1) is significant digit `point + i`.
        let point = self.point().unwrap_or(0);
        match usize::try_from(point.saturating_add(i)) {
            Ok(j) => self.significant(j),
            Err(_) => 0,
        }
    }

    /// The integer part (below 2^53 here).
    fn whole(&self) -> u64 {
        let point = self.point().unwrap_or(0);
        (0..point.max(0)).fold(0u64, |acc, i| {
            let digit = usize::try_from(i).map_or(0, |i| self.significant(i));
            acc.saturating_mul(10).saturating_add(u64::from(digit))
        })
    }

    /// The number of significant fraction digits.
    fn fraction_len(&self) -> i64 {
        let point = self.point().unwrap_or(0);
        let sig = i64::try_from(self.end - self.first).unwrap_or(i64::MAX);
        (sig - point).max(0)
    }

    fn fraction(&self) -> Fraction {
        let len = self.fraction_len();
        if len == 0 {
            return Fraction::Zero;
        }
        match self.fraction_digit(0).cmp(&5) {
            Ordering::Less => Fraction::Below,
            Ordering::Greater => Fraction::Above,
            Ordering::Equal if len == 1 => Fraction::Half,
            Ordering::Equal => Fraction::Above,
        }
    }

    /// The fraction `0.f…` compared with `0.c…`, where `c` are the ASCII digits of `constant`, or
    /// with `complement` their complement to 1 (`1 − 0.c…`; `constant` ends in 5, so that is
    /// `9 − c` for each digit but the last, which stays 5).
    fn cmp_fraction(&self, constant: &[u8], complement: bool) -> Ordering {
        let len = self
            .fraction_len()
            .max(i64::try_from(constant.len()).unwrap_or(0));
        let last = constant.len().saturating_sub(1);
        for i in 0..len {
            let index = usize::try_from(i).unwrap_or(usize::MAX);
            let c = constant.get(index).map_or(0, |b| b.wrapping_sub(b'0'));
            let c = match complement {
                true if index < last => 9 - c,
                _ => c,
            };
            match self.fraction_digit(i).cmp(&c) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        Ordering::Equal
    }
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::*;

    /// What the rule says, computed with Rust's float parser (correctly rounded).
    fn oracle(text: &str) -> Option<Number> {
        if let Ok(v) = text.parse::<i64>() {
            return Some(Number::Int(v));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(Number::UInt(u));
        }
        let f: f64 = text.parse().unwrap();
        if f.is_infinite() {
            return None;
        }
        if f.fract() != 0.0 {
            return Some(Number::Fraction);
        }
        if f.abs() >= 9_007_199_254_740_992.0 {
            return Some(Number::Big);
        }
        Some(Number::Int(f as i64))
    }

    fn check(text: &str) {
        assert_eq!(read_number(text), oracle(text), "{text}");
    }

    #[test]
    fn the_vectors_spellings() {
        for t in [
            "0",
            "-0",
            "-0.0",
            "0.0",
            "0e400",
            "1.0",
            "1e2",
            "8.102e3",
            "8102.0",
            "1.5",
            "-0.5",
            "-0.25",
            "8101.999",
            "1e-1",
            "1e-400",
            "1e400",
            "-1e400",
            "1e308",
            "1e19",
            "9007199254740991.0",
            "-9007199254740991.0",
            "9007199254740992.0",
            "-9.007199254740992e15",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "9223372036854775807.0",
            "1.0000000000000000001",
            "9007199254740991.5",
            "18446744073709551615",
            "18446744073709551616",
            "1E+2",
            "1e+0",
            "1E-0",
            "123456789012345678901234567890",
        ] {
            check(t);
        }
        check(&"9".repeat(400));
        check(&"9".repeat(309));
        check(&"1".repeat(309));
    }

    #[test]
    fn the_boundaries() {
        // Overflow: OVERFLOW_FROM itself rounds to infinity (ties to even), one less not.
        let max = std::str::from_utf8(OVERFLOW_FROM).unwrap();
        check(max);
        let mut below = max.as_bytes().to_vec();
        *below.last_mut().unwrap() -= 1; // it ends in a non-zero digit
        check(std::str::from_utf8(&below).unwrap());
        check(&format!("{max}.0000000001"));
        check(&format!("{}.99999999999999999999e1", &max[..308]));
        check("1.7976931348623157e308");
        check("1.7976931348623158e308");
        check("1.7976931348623159e308");
        // Underflow to 0: half the smallest subnormal ties to 0; a hair more does not.
        let half = std::str::from_utf8(HALF_SMALLEST_SUBNORMAL).unwrap();
        check(&format!("0.{half}"));
        check(&format!("0.{half}1"));
        check(&format!("-0.{half}0000001"));
        let mut less = half.as_bytes().to_vec();
        *less.last_mut().unwrap() -= 1;
        check(&format!("0.{}", std::str::from_utf8(&less).unwrap()));
        check("2.4703282292062327e-324");
        check("2.4703282292062328e-324");
        check("5e-324");
        check("4.9e-324");
        // Around integers, at every power of two, from both sides, at and around half the spacing.
        const SCALE: u128 = 10u128.pow(36);
        for p in 0..=53u32 {
            let n = 1u128 << p;
            for m in [n.saturating_sub(1), n, n + 1, 3 * n / 2] {
                for e in 45..=60u32 {
                    for (num, den) in [(1u128, 1u128), (1, 2), (3, 4), (1, 3), (999, 1000)] {
                        // m ± num/den × 2^-e, to 36 decimals.
                        let frac = SCALE / den * num / (1u128 << e);
                        for sign in ["", "-"] {
                            check(&format!("{sign}{m}.{frac:036}"));
                            if m > 0 {
                                let below = SCALE - frac;
                                check(&format!("{sign}{}.{below:036}", m - 1));
                            }
                        }
                    }
                }
                // Exactly half the spacing either side (ties).
                for e in [52 - p.min(52), 53 - p.min(53), 54 - p.min(54)] {
                    let five = 5u128.pow(e);
                    check(&format!("{m}.{five:0width$}", width = e as usize));
                    if m > 0 {
                        let up = 10u128.pow(e.min(38)) - five.min(10u128.pow(e.min(38)));
                        if e <= 38 {
                            check(&format!("{}.{up:0width$}", m - 1, width = e as usize));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn random_spellings() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let r = next();
            let int_len = (r % 20) as usize;
            let frac_len = ((r >> 8) % 25) as usize;
            let mut t = String::new();
            if r & (1 << 20) != 0 {
                t.push('-');
            }
            let digit = |x: u64| char::from(b'0' + (x % 10) as u8);
            if int_len == 0 {
                t.push('0');
            } else {
                t.push(char::from(b'1' + ((r >> 24) % 9) as u8));
                for _ in 1..int_len {
                    // Runs of 9s and 0s reach the rounding boundaries more often.
                    let x = next();
                    t.push(match x % 4 {
                        0 => '9',
                        1 => '0',
                        _ => digit(x >> 3),
                    });
                }
            }
            if frac_len > 0 {
                t.push('.');
                for _ in 0..frac_len {
                    let x = next();
                    t.push(match x % 4 {
                        0 => '9',
                        1 => '0',
                        _ => digit(x >> 3),
                    });
                }
            }
            if r & (1 << 21) != 0 {
                let e = ((r >> 32) % 700) as i64 - 350;
                t.push_str(&format!("e{e}"));
            }
            check(&t);
        }
    }

    #[test]
    fn exponents_saturate() {
        check("1e99999999999999999999999");
        check("1e-99999999999999999999999");
        check("0.000e99999999999999999999999");
        assert_eq!(saturating_exponent("+12"), 12);
        assert_eq!(saturating_exponent("-0012"), -12);
    }
}
