//! Strict, typed reading of untrusted JSON bodies (responses and pushes).
//!
//! A body is checked before parsing (size, byte-order mark, UTF-8), then read in one pass by
//! serde_json, which checks the syntax of all of it. An object is read by field name into a
//! struct with one [`Field`] per known field (declared with [`known_fields!`]). Every key and
//! every known value is taken as its raw JSON text first and then converted, so a value that
//! cannot be held (a number beyond a double, a string with an unpaired surrogate escape) does not
//! stop the pass: it becomes the object's [`Problem`], as does a key seen twice (known or not).
//! Known values are converted to [`Loose`] values, which accept any JSON type, so type errors can
//! name their field afterwards; unknown values are skipped unconverted.
//!
//! Each object's first problem, in document order, is reported by the caller only for the parts
//! it uses, after the body as a whole passed: a syntax error anywhere comes first, then nesting
//! too deep, then a body that is not an object, then the top level's problem. Parts (a push's
//! `statusInfo` and `feeLst`) are read only if the event type uses them, so an unknown push event
//! keeps its body whatever its `statusInfo` holds: an object whose fields are known when its key
//! comes (`statusInfo` after `eventType`) is read in the pass, its problem kept apart; any other
//! part is kept as raw text and read afterwards ([`Part`], [`read_records`]), with the same
//! result.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::{Error, ErrorCode, quoted};
use crate::number::{Number, read_number};

/// Largest body accepted (1 MiB).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// Checks size, BOM, emptiness and UTF-8; returns the text.
pub(crate) fn body_text<'a>(body: &'a [u8], what: &str) -> Result<&'a str, Error> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::detail(
            ErrorCode::BodyTooLarge,
            None,
            format!(
                "{what} body is {} bytes; at most {MAX_BODY_BYTES} bytes (1 MiB) are accepted",
                body.len()
            ),
        ));
    }
    if body.starts_with(b"\xEF\xBB\xBF") {
        return Err(Error::detail(
            ErrorCode::ByteOrderMark,
            None,
            format!("{what} body starts with a UTF-8 byte-order mark; JSON must not have one"),
        ));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::detail(
            ErrorCode::EmptyBody,
            None,
            format!("{what} body is empty"),
        ));
    }
    std::str::from_utf8(body).map_err(|e| {
        Error::detail(
            ErrorCode::InvalidUtf8,
            None,
            format!(
                "{what} body is not valid UTF-8 (bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Reads the body `text`'s top-level object into `fields`.
///
/// Problems are reported in this order, whatever order the parser meets them in: invalid JSON
/// anywhere, nesting deeper than [`MAX_DEPTH`] anywhere, not an object, then the first problem
/// of the top-level object.
pub(crate) fn read_body<'a>(
    text: &'a str,
    what: &str,
    fields: &mut dyn Fields<'a>,
) -> Result<(), Error> {
    let is_object = text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{');
    let problem = if is_object {
        read_object(text, Place::Top, fields)
    } else {
        serde_json::from_str::<IgnoredAny>(text).map(|_| None)
    }
    .map_err(|e| invalid_json(&e, text, what))?;
    if depth_exceeds(text) {
        return Err(Error::detail(
            ErrorCode::NestingTooDeep,
            None,
            format!("{what} body nests arrays and objects deeper than {MAX_DEPTH} levels"),
        ));
    }
    if !is_object {
        return Err(Error::detail(
            ErrorCode::NotJsonObject,
            None,
            format!(
                "{what} body is JSON but not an object (it starts with {})",
                quoted(&preview(text))
            ),
        ));
    }
    check(problem, what)
}

/// Reads a part of a body already read by [`read_body`]: `text`, the raw text of an object, into
/// `fields`; then reports its first problem (found inside `place`).
fn read_part<'a>(
    text: &'a str,
    place: Place,
    what: &str,
    fields: &mut dyn Fields<'a>,
) -> Result<(), Error> {
    // The body's syntax was checked as a whole, so the parser cannot fail here.
    let problem = read_object(text, place, fields).map_err(|e| invalid_json(&e, text, what))?;
    check(problem, what)
}

/// Reads `text`, the raw text of an array in a body already read by [`read_body`]: each element
/// that is an object into fields made by `new`. `each` gets each element's index and its fields,
/// or the name of its JSON type; the first problem in any element is the error. Returns the
/// number of elements.
pub(crate) fn read_records<'a, F: Fields<'a>>(
    text: &'a str,
    what: &str,
    new: impl FnMut() -> F,
    each: impl FnMut(usize, Result<F, &'static str>),
) -> Result<usize, Error> {
    let mut problem = None;
    let mut count = 0;
    let read = serde_json::Deserializer::from_str(text).deserialize_seq(Records {
        text,
        new,
        each,
        count: &mut count,
        problem: &mut problem,
    });
    check(problem, what)?;
    // The body's syntax was checked as a whole, so the parser cannot fail otherwise.
    read.map_err(|e| invalid_json(&e, text, what))?;
    Ok(count)
}

/// Reads an array's elements (see [`read_records`]); stops at the first problem. The array was
/// read once already, so the parser fails only on an element that cannot be held (a number
/// beyond a double, a string with an unpaired surrogate escape).
struct Records<'s, 'a, N, E> {
    text: &'a str,
    new: N,
    each: E,
    count: &'s mut usize,
    problem: &'s mut Option<Problem<'a>>,
}

impl<'a, F, N, E> Visitor<'a> for Records<'_, 'a, N, E>
where
    F: Fields<'a>,
    N: FnMut() -> F,
    E: FnMut(usize, Result<F, &'static str>),
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'a>>(mut self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let index = *self.count;
            let mut problem = None;
            let element = seq.next_element_seed(Element {
                text: self.text,
                new: &mut self.new,
                place: Place::Record(index),
                problem: &mut problem,
            });
            let element = match element {
                Ok(Some(element)) => element,
                Ok(None) => return Ok(()),
                Err(e) => {
                    *self.problem = Some(Problem::UnreadableElement { index });
                    return Err(e);
                }
            };
            if problem.is_some() {
                *self.problem = problem;
                return Err(de::Error::custom("stopped at the first problem"));
            }
            *self.count += 1;
            (self.each)(index, element);
        }
    }
}

/// Reads an element of an array: an object into fields made by `new` (with an
/// [`ObjectVisitor`]), else the name of its JSON type.
struct Element<'s, 'a, N> {
    text: &'a str,
    new: &'s mut N,
    place: Place,
    problem: &'s mut Option<Problem<'a>>,
}

impl<'a, F: Fields<'a>, N: FnMut() -> F> DeserializeSeed<'a> for Element<'_, 'a, N> {
    type Value = Result<F, &'static str>;

    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a, F: Fields<'a>, N: FnMut() -> F> Visitor<'a> for Element<'_, 'a, N> {
    type Value = Result<F, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'a>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut fields = (self.new)();
        let object = ObjectVisitor {
            text: self.text,
            fields: &mut fields,
            place: self.place,
            problem: self.problem,
        };
        object.visit_map(map).map(|()| Ok(fields))
    }
    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err("an array"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("an integer"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("an integer"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Err(if v.fract() == 0.0 {
            "an integer"
        } else {
            "a fractional number"
        }))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err("a string"))
    }
}

/// The JSON type of the raw value `text` at `path`, which is not the object or array wanted:
/// `None` for null, else its name; the error if it cannot be held.
pub(crate) fn other_type(
    text: &str,
    path: impl fmt::Display,
    what: &str,
) -> Result<Option<&'static str>, Error> {
    match Loose::from_raw(text) {
        Some(Loose::Null) => Ok(None),
        Some(value) => Ok(Some(value.type_name())),
        None => Err(unreadable(what, path, text)),
    }
}

/// Reads the object `text` into `fields`: its first problem, or the parser's error (invalid
/// JSON).
fn read_object<'a>(
    text: &'a str,
    place: Place,
    fields: &mut dyn Fields<'a>,
) -> Result<Option<Problem<'a>>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut problem = None;
    de.deserialize_map(ObjectVisitor {
        text,
        fields,
        place,
        problem: &mut problem,
    })?;
    de.end()?;
    Ok(problem)
}

/// Reads an object's members: known fields into their slots, the rest skipped. Records the first
/// key seen twice (known or not), key that cannot be decoded or known value that cannot be held;
/// after it, values are only checked for syntax. `text` is the text being parsed.
struct ObjectVisitor<'s, 'a> {
    text: &'a str,
    fields: &'s mut dyn Fields<'a>,
    place: Place,
    problem: &'s mut Option<Problem<'a>>,
}

impl<'a> DeserializeSeed<'a> for ObjectVisitor<'_, 'a> {
    type Value = ();

    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'a> Visitor<'a> for ObjectVisitor<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let ObjectVisitor {
            text,
            fields,
            place,
            problem,
        } = self;
        let mut unknown = UnknownKeys::default();
        while let Some(raw_key) = map.next_key::<&'a RawValue>()? {
            if problem.is_some() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let raw_key = raw_key.get();
            // Known names have no escapes, so a key that is one as written needs no decoding.
            let inner = raw_key
                .get(1..raw_key.len().saturating_sub(1))
                .unwrap_or_default();
            let mut slot = fields.slot(inner);
            let key = match slot {
                Some(_) => Cow::Borrowed(inner),
                None => match decode_str(raw_key) {
                    Some(Cow::Owned(key)) => {
                        slot = fields.slot(&key);
                        Cow::Owned(key)
                    }
                    Some(key) => key,
                    None => {
                        *problem = Some(Problem::UnreadableKey { place });
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                },
            };
            match slot {
                Some(Slot::Value(slot)) if *slot == Loose::Absent => {
                    let value = map.next_value::<&'a RawValue>()?.get();
                    match Loose::from_raw(value) {
                        Some(loose) => *slot = loose,
                        None => {
                            let first = value.bytes().next().unwrap_or(b'?');
                            *problem = Some(Problem::Unreadable { place, key, first });
                        }
                    }
                }
                Some(Slot::Part(part, part_fields)) if matches!(part, Part::Missing) => {
                    *part = match part_fields {
                        // An object whose fields are known already is read in this pass.
                        Some((part_fields, part_place))
                            if next_byte(text, raw_key) == Some(b'{') =>
                        {
                            let mut part_problem = None;
                            map.next_value_seed(ObjectVisitor {
                                text,
                                fields: part_fields,
                                place: part_place,
                                problem: &mut part_problem,
                            })?;
                            Part::Read(part_problem)
                        }
                        _ => Part::Raw(map.next_value::<&'a RawValue>()?.get()),
                    };
                }
                // Seen before.
                Some(_) => {
                    *problem = Some(Problem::Repeated { place, key });
                    map.next_value::<IgnoredAny>()?;
                }
                None => {
                    *problem = unknown
                        .insert(key)
                        .map(|key| Problem::Repeated { place, key });
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The first byte of the value after `key`, the raw text of a key in `text` (a slice of it, as
/// serde_json gives raw text of a `&str` input); `None` if `key` is not a slice of `text`.
fn next_byte(text: &str, key: &str) -> Option<u8> {
    let end = (key.as_ptr() as usize + key.len()).checked_sub(text.as_ptr() as usize)?;
    let rest = text.as_bytes().get(end..)?;
    rest.iter()
        .copied()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b':'))
}

/// The unknown keys of one object seen so far: a short list, then an ordered set (an object in a
/// 1 MiB body can have tens of thousands of keys, and checking each against a list would take
/// time quadratic in their number).
#[derive(Default)]
struct UnknownKeys<'a> {
    few: Vec<Cow<'a, str>>,
    many: BTreeSet<Cow<'a, str>>,
}

impl<'a> UnknownKeys<'a> {
    const FEW: usize = 16;

    /// Records `key`; gives it back if it was seen before.
    fn insert(&mut self, key: Cow<'a, str>) -> Option<Cow<'a, str>> {
        if self.few.contains(&key) || self.many.contains(&key) {
            return Some(key);
        }
        if self.few.len() < Self::FEW {
            self.few.push(key);
        } else {
            self.many.insert(key);
        }
        None
    }
}

/// The string whose raw JSON text (quotes included) is `text`; `None` if it has an unpaired
/// surrogate escape.
fn decode_str(text: &str) -> Option<Cow<'_, str>> {
    match text.get(1..text.len().saturating_sub(1)) {
        // Without escapes the characters between the quotes are the string.
        Some(inner) if !inner.contains('\\') => Some(Cow::Borrowed(inner)),
        _ => serde_json::from_str(text).ok().map(Cow::Owned),
    }
}

/// Whether every key of the object whose raw text is `text` can be decoded (its values are
/// skipped).
fn keys_decode(text: &str) -> bool {
    struct Keys;
    impl<'a> Visitor<'a> for Keys {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<&'a RawValue>()? {
                if decode_str(key.get()).is_none() {
                    return Err(de::Error::custom("unpaired surrogate escape"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    serde_json::Deserializer::from_str(text)
        .deserialize_map(Keys)
        .is_ok()
}

/// The known fields of one kind of object, found by their wire names.
pub(crate) trait Fields<'a> {
    /// Where the value of the known field `key` goes; `None` for an unknown key.
    fn slot(&mut self, key: &str) -> Option<Slot<'_, 'a>>;
}

/// Where a known field's value goes.
pub(crate) enum Slot<'s, 'a> {
    /// A value converted at once (and checked for what cannot be held).
    Value(&'s mut Loose<'a>),
    /// An object or array, kept as raw text to be read only if it is used; or, given its fields
    /// and place, read in the pass if it is an object.
    Part(&'s mut Part<'a>, Option<(&'s mut dyn Fields<'a>, Place)>),
}

/// A nested object or array of a body.
#[derive(Debug, Default)]
pub(crate) enum Part<'a> {
    /// Not in the body.
    #[default]
    Missing,
    /// Kept as raw text.
    Raw(&'a str),
    /// Read in the pass over the body into the fields given; its first problem.
    Read(Option<Problem<'a>>),
}

impl<'a> Part<'a> {
    /// Finishes reading the part `key` (at the top level of a `what` body) as an object, into
    /// `fields` unless the pass did: its first problem (found inside `place`), or a missing
    /// (absent or null) or wrong-typed part.
    pub(crate) fn into_object(
        self,
        key: &str,
        place: Place,
        what: &str,
        fields: &mut dyn Fields<'a>,
    ) -> Result<(), Error> {
        match self {
            Part::Read(problem) => check(problem, what),
            Part::Raw(text) if text.starts_with('{') => read_part(text, place, what, fields),
            Part::Raw(text) => Err(match other_type(text, key, what)? {
                Some(found) => wrong_type(key, "an object", found),
                None => missing(key),
            }),
            Part::Missing => Err(missing(key)),
        }
    }
}

/// Declares a struct with one [`Field`] per known field of an object (`rust_name: "wireName"`)
/// and the [`Fields`] impl that finds each by its wire name.
macro_rules! known_fields {
    ($(#[$doc:meta])* struct $name:ident { $($field:ident: $wire:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug)]
        struct $name<'a> {
            $($field: $crate::json::Field<'a>,)*
        }

        impl $name<'_> {
            fn new() -> Self {
                $name { $($field: $crate::json::Field::new($wire),)* }
            }
        }

        impl<'a> $crate::json::Fields<'a> for $name<'a> {
            fn slot(&mut self, key: &str) -> Option<$crate::json::Slot<'_, 'a>> {
                match key {
                    $($wire => Some($crate::json::Slot::Value(&mut self.$field.value)),)*
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use known_fields;

/// Which object of a body a field is in, for field paths in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// The body's own object.
    Top,
    /// A push's `statusInfo`.
    StatusInfo,
    /// A push's `feeLst[i]`.
    Record(usize),
}

impl fmt::Display for Place {
    /// The prefix of a field path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Top => Ok(()),
            Place::StatusInfo => f.write_str("statusInfo."),
            Place::Record(i) => write!(f, "feeLst[{i}]."),
        }
    }
}

/// The first thing wrong inside one object, in document order.
#[derive(Debug)]
pub(crate) enum Problem<'a> {
    /// `key` was seen twice.
    Repeated { place: Place, key: Cow<'a, str> },
    /// The known field `key`'s value cannot be held; its first byte tells what it is.
    Unreadable {
        place: Place,
        key: Cow<'a, str>,
        first: u8,
    },
    /// A key has an unpaired surrogate escape.
    UnreadableKey { place: Place },
    /// Element `index` of `feeLst` cannot be held.
    UnreadableElement { index: usize },
}

impl Problem<'_> {
    /// The error for this problem in a `what` ("push", "response") body.
    fn into_error(self, what: &str) -> Error {
        match self {
            // The field is the repeated key itself, wherever it is.
            Problem::Repeated { place, key } => Error::detail(
                ErrorCode::DuplicateField,
                Some(&key),
                format!("{what} body has the field {place}{key} more than once"),
            ),
            Problem::Unreadable { place, key, first } => {
                unreadable(what, format_args!("{place}{key}"), [first])
            }
            Problem::UnreadableKey { place } => Error::detail(
                ErrorCode::InvalidJson,
                None,
                format!(
                    "{what} body is not valid JSON: a key {} has an unpaired surrogate escape",
                    match place {
                        Place::Top => "at the top level".to_owned(),
                        Place::StatusInfo => "in statusInfo".to_owned(),
                        Place::Record(i) => format!("in feeLst[{i}]"),
                    }
                ),
            ),
            Problem::UnreadableElement { index } => Error::detail(
                ErrorCode::InvalidJson,
                None,
                format!(
                    "{what} body is not valid JSON: feeLst[{index}] cannot be read (a number too \
                     large for a double, or a string with an unpaired surrogate escape)"
                ),
            ),
        }
    }
}

/// The first problem of an object, as an error.
fn check(problem: Option<Problem<'_>>, what: &str) -> Result<(), Error> {
    problem.map_or(Ok(()), |p| Err(p.into_error(what)))
}

/// The `invalid_json` error for the value at `path` that cannot be held; `text` is its raw text
/// (its first byte tells what it is).
#[cold]
fn unreadable(what: &str, path: impl fmt::Display, text: impl AsRef<[u8]>) -> Error {
    Error::detail(
        ErrorCode::InvalidJson,
        None,
        format!(
            "{what} body is not valid JSON: the value of {path} cannot be read ({})",
            match text.as_ref().first() {
                Some(b'"') => "a string with an unpaired surrogate escape",
                Some(b'{') => "an object with a key with an unpaired surrogate escape",
                _ => "a number too large for a double",
            }
        ),
    )
}

/// A known field: its wire name and its value.
#[derive(Debug)]
pub(crate) struct Field<'a> {
    name: &'static str,
    pub(crate) value: Loose<'a>,
}

/// A field's path in messages (`statusInfo.sessionId`), written out only for an error.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Path {
    place: Place,
    name: &'static str,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.place, self.name)
    }
}

impl<'a> Field<'a> {
    pub(crate) fn new(name: &'static str) -> Self {
        Field {
            name,
            value: Loose::Absent,
        }
    }

    /// This field's path when its object is in `place`.
    pub(crate) fn path(&self, place: Place) -> Path {
        Path {
            place,
            name: self.name,
        }
    }

    /// A required string.
    pub(crate) fn required_str(self, place: Place) -> Result<Cow<'a, str>, Error> {
        match self.value {
            Loose::Str(s) => Ok(s),
            Loose::Absent => Err(missing(self.path(place))),
            ref other => Err(wrong_type(self.path(place), "a string", other.type_name())),
        }
    }

    /// An optional string (absent or null mean none).
    pub(crate) fn optional_str(self, place: Place) -> Result<Option<Cow<'a, str>>, Error> {
        match self.value {
            Loose::Str(s) => Ok(Some(s)),
            Loose::Absent | Loose::Null => Ok(None),
            ref other => Err(wrong_type(self.path(place), "a string", other.type_name())),
        }
    }

    /// An optional string, owned (absent or null mean none).
    pub(crate) fn optional_string(self, place: Place) -> Result<Option<String>, Error> {
        self.optional_str(place).map(|s| s.map(Cow::into_owned))
    }

    /// An optional integer (absent or null mean none). JSON has one number type: any spelling of
    /// an integral value (1.0, 1e3, -0) is an integer; see [`crate::number`].
    pub(crate) fn optional_int(self, place: Place) -> Result<Option<i64>, Error> {
        let path = self.path(place);
        let too_large = |why: fmt::Arguments<'_>| {
            Error::detail(
                ErrorCode::InvalidValue,
                Some(&path.to_string()),
                format!("{path} {why}"),
            )
        };
        match self.value {
            Loose::Number(Number::Int(i)) => Ok(Some(i)),
            Loose::Number(Number::UInt(u)) => {
                Err(too_large(format_args!("is {u}, beyond a 64-bit integer")))
            }
            Loose::Number(Number::Big) => Err(too_large(format_args!(
                "is an integral number too large to be read exactly (2^53 or more, or beyond 64 bits)"
            ))),
            Loose::Absent | Loose::Null => Ok(None),
            ref other => Err(wrong_type(path, "an integer", other.type_name())),
        }
    }
}

/// Any JSON value, kept loosely so type errors can be reported with their field name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Loose<'a> {
    /// The field was not present.
    #[default]
    Absent,
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'a, str>),
    /// An array (its elements are skipped).
    Array,
    /// An object (its keys are decoded, its values skipped).
    Object,
}

impl<'a> Loose<'a> {
    /// The value of one valid JSON value's raw text, or `None` if it cannot be held (a number
    /// beyond a double, a string or an object key with an unpaired surrogate escape).
    fn from_raw(text: &'a str) -> Option<Self> {
        match text.as_bytes().first() {
            Some(b'"') => decode_str(text).map(Loose::Str),
            Some(b'n') => Some(Loose::Null),
            Some(b't') => Some(Loose::Bool(true)),
            Some(b'f') => Some(Loose::Bool(false)),
            Some(b'[') => Some(Loose::Array),
            Some(b'{') => keys_decode(text).then_some(Loose::Object),
            _ => read_number(text).map(Loose::Number),
        }
    }

    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Loose::Absent => "absent",
            Loose::Null => "null",
            Loose::Bool(_) => "a boolean",
            Loose::Number(Number::Fraction) => "a fractional number",
            Loose::Number(_) => "an integer",
            Loose::Str(_) => "a string",
            Loose::Array => "an array",
            Loose::Object => "an object",
        }
    }
}

/// `wrong_type` for a value of the wrong JSON type.
#[cold]
#[inline(never)]
pub(crate) fn wrong_type(field: impl fmt::Display, expected: &str, found: &str) -> Error {
    let field = field.to_string();
    Error::detail(
        ErrorCode::WrongType,
        Some(&field),
        format!("{field} must be {expected}, not {found}"),
    )
}

/// `missing_field` for a required field.
#[cold]
#[inline(never)]
pub(crate) fn missing(field: impl fmt::Display) -> Error {
    let field = field.to_string();
    Error::detail(
        ErrorCode::MissingField,
        Some(&field),
        format!("the required field {field} is missing"),
    )
}

/// A short, printable preview of a body for error messages.
fn preview(text: &str) -> String {
    text.trim_start()
        .chars()
        .take(48)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn invalid_json(e: &serde_json::Error, text: &str, what: &str) -> Error {
    let problem = match e.classify() {
        serde_json::error::Category::Eof => "it ends too early",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Io => "read error",
    };
    Error::detail(
        ErrorCode::InvalidJson,
        None,
        format!(
            "{what} body is not valid JSON ({problem}, line {} column {}; it starts with {})",
            e.line(),
            e.column(),
            quoted(&preview(text))
        ),
    )
}

/// Whether valid JSON `text` nests arrays/objects deeper than [`MAX_DEPTH`] (brackets inside
/// strings do not count).
fn depth_exceeds(text: &str) -> bool {
    // Fast path: with no more opening brackets than the limit, the limit cannot be exceeded.
    if count_openers(text.as_bytes()) <= MAX_DEPTH {
        return false;
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// How many bytes are `[` or `{`, eight at a time: those two are the only bytes `b` with
/// `b | 0x20 == 0x7B`, so the count is that of the zero bytes of `(word | 0x20…) ^ 0x7B…`.
fn count_openers(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0usize;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let x = (word | (ONES * 0x20)) ^ (ONES * 0x7B);
        // The high bit of each byte of `nonzero` is set exactly when that byte of `x` is not zero.
        let nonzero = (((x & (ONES * 0x7F)) + ONES * 0x7F) | x) & (ONES * 0x80);
        count += 8 - nonzero.count_ones() as usize;
    }
    count
        + chunks
            .remainder()
            .iter()
            .filter(|&&b| b | 0x20 == 0x7B)
            .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_are_counted_exactly() {
        for len in 0..40 {
            for seed in 0..64u32 {
                // Every byte value shows up, brackets often.
                let bytes: Vec<u8> = (0..len)
                    .map(|i| {
                        let v = (seed.wrapping_mul(2_654_435_761) ^ (i as u32 * 40_503)) >> 5;
                        match v % 5 {
                            0 => b'[',
                            1 => b'{',
                            _ => (v >> 3) as u8,
                        }
                    })
                    .collect();
                let want = bytes.iter().filter(|&&b| b == b'[' || b == b'{').count();
                assert_eq!(count_openers(&bytes), want, "{bytes:?}");
            }
        }
        let all: Vec<u8> = (0..=255u8).collect();
        assert_eq!(count_openers(&all), 2);
    }
}
