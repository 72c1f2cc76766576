//! Strict, typed reading of untrusted JSON bodies (responses and pushes).
//!
//! A body is checked before parsing (size, byte-order mark, UTF-8), then read by serde_json, which
//! checks the syntax of all of it. The top-level object, and the nested objects a caller names,
//! are read by field name ([`read_members`]) into [`Loose`] values that accept any JSON type, so
//! type errors can name their field afterwards; every other value is skipped without being
//! converted, and every key of a read object, known or not, is checked for repeats.
//!
//! What goes wrong inside an object (a key seen twice, a known value that cannot be held, such
//! as a number beyond a double or an unpaired surrogate escape) is recorded as that object's
//! [`Problem`] and reported by the caller only for the parts it uses, after the body as a whole
//! passed: a syntax error anywhere comes first, and an unknown push event keeps its body whatever
//! its `statusInfo` holds.
//!
//! A body is read in one of two [`Mode`]s. [`Mode::Fast`] converts values as they are parsed and
//! gives up at anything unusual (a number with a fraction or an exponent, a value that cannot be
//! held, any error); the caller then reads again in [`Mode::Exact`], which takes each known value
//! as its raw JSON text first, so that nothing stops the pass and every problem is found in
//! document order. Both give the same results (tests check it on every vector); the first is the
//! one almost every body takes.
//!
//! Only serde_json's generic code for one reader (`&str`) is instantiated, once per visitor here;
//! the field lists are data, not types, which keeps the WebAssembly build small.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
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

/// A short, printable preview of a body for error messages.
fn preview(text: &str) -> String {
    text.trim_start()
        .chars()
        .take(48)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Reads the whole body `text` with `seed` in one pass, or `None` if the parser stopped with an
/// error of any kind: then the caller reads the body again with [`read_body`], which tells the
/// errors apart. A fast path: seeds read in [`Mode::Fast`] let every value error stop the parse.
fn try_read_body<'a, S>(text: &'a str, what: &str, seed: S) -> Option<Result<(), Error>>
where
    S: DeserializeSeed<'a, Value = Shape>,
{
    let mut de = serde_json::Deserializer::from_str(text);
    let shape = seed
        .deserialize(&mut de)
        .and_then(|shape| de.end().map(|()| shape))
        .ok()?;
    Some(finish(text, what, Some(shape)).map(|_| ()))
}

/// Reads the whole body `text` with `seed`, which reads its top-level value ([`Mode::Exact`]).
///
/// Problems are reported in this order, whatever order the parser meets them in: invalid JSON
/// anywhere, nesting deeper than [`MAX_DEPTH`] anywhere, not an object. What is wrong inside the
/// object the seed records as it goes; `Ok(false)` means that the seed stopped at a key the
/// parser could not decode (an unpaired surrogate escape), which the caller reports after the
/// problems recorded before it (see [`unreadable`]).
fn read_body<'a, S>(text: &'a str, what: &str, seed: S) -> Result<bool, Error>
where
    S: DeserializeSeed<'a, Value = Shape>,
{
    let mut de = serde_json::Deserializer::from_str(text);
    let shape = match seed
        .deserialize(&mut de)
        .and_then(|shape| de.end().map(|()| shape))
    {
        Ok(shape) => Some(shape),
        // A syntax error, or a key that cannot be decoded: checking the syntax alone tells.
        Err(e) => match serde_json::from_str::<IgnoredAny>(text) {
            Err(_) => return Err(invalid_json(&e, text, what)),
            Ok(_) if text.trim_start().starts_with('{') => None,
            // A top-level number beyond a double.
            Ok(_) => Some(Shape::Other("a number")),
        },
    };
    finish(text, what, shape)
}

/// After a body parsed: its depth, then whether it is an object (`Ok(false)`: unknown, see
/// [`read_body`]).
fn finish(text: &str, what: &str, shape: Option<Shape>) -> Result<bool, Error> {
    if depth_exceeds(text) {
        return Err(Error::detail(
            ErrorCode::NestingTooDeep,
            None,
            format!("{what} body nests arrays and objects deeper than {MAX_DEPTH} levels"),
        ));
    }
    match shape {
        None => Ok(false),
        Some(Shape::Present) => Ok(true),
        Some(Shape::Absent | Shape::Other(_)) => Err(Error::detail(
            ErrorCode::NotJsonObject,
            None,
            format!(
                "{what} body is JSON but not an object (it starts with {})",
                quoted(&preview(text))
            ),
        )),
    }
}

/// Reads the object body `text` with `members`, in `mode`; then reports the first problem
/// recorded at the top level. `None`: a [`Mode::Fast`] reading stopped; read again in
/// [`Mode::Exact`] (with fresh members), which never answers `None`.
pub(crate) fn read_in<'a, M: Members<'a>>(
    text: &'a str,
    what: &str,
    mode: Mode,
    members: M,
) -> Option<Result<(), Error>> {
    let mut problem = None;
    let seed = ObjectSeed {
        members,
        ctx: Ctx {
            place: Place::Top,
            mode,
        },
        problem: &mut problem,
    };
    let read = match mode {
        Mode::Fast => {
            let read = try_read_body(text, what, seed)?;
            if problem.as_ref().is_some_and(Problem::is_unread) {
                return None;
            }
            read
        }
        Mode::Exact => read_body(text, what, seed).and_then(|complete| match complete {
            true => Ok(()),
            // A top-level key that cannot be decoded, after the problems recorded before it.
            false => check(problem.take(), what).and(Err(unreadable(what, "the top level"))),
        }),
    };
    Some(read.and_then(|()| check(problem, what)))
}

/// Reads `raw`, the text of one value inside a body already read by [`read_body`], with `seed`.
/// `None`: the value holds a number beyond a double or a key with an unpaired surrogate escape,
/// which the caller reports after any problem the seed recorded before it ([`unreadable`]).
pub(crate) fn read_part<'a, S>(raw: &'a str, seed: S) -> Option<Shape>
where
    S: DeserializeSeed<'a, Value = Shape>,
{
    seed.deserialize(&mut serde_json::Deserializer::from_str(raw))
        .ok()
}

/// The `invalid_json` error for a value in `place` of a `what` body that cannot be read.
pub(crate) fn unreadable(what: &str, place: &str) -> Error {
    Error::detail(
        ErrorCode::InvalidJson,
        None,
        format!(
            "{what} body is not valid JSON: {place} holds a value that cannot be read (a number too \
             large for a double, or a string with an unpaired surrogate escape)"
        ),
    )
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

/// How a value that should be an object (or array) looked. `null` counts as absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Not there, or `null`.
    #[default]
    Absent,
    /// An object (or, where an array is wanted, an array), read.
    Present,
    /// Another JSON type, by name ("a string", …).
    Other(&'static str),
}

/// How values are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Values are converted as they are parsed: fast, but a value that cannot be held (a number
    /// beyond a double, an unpaired surrogate escape) stops the parse like a syntax error. For a
    /// first attempt, see [`try_read_body`].
    Fast,
    /// Values are taken as raw JSON text first, so one that cannot be held becomes a [`Problem`]
    /// in document order and the parse goes on.
    Exact,
}

/// Where a value is read, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ctx {
    pub(crate) place: Place,
    pub(crate) mode: Mode,
}

/// Which object of a body a [`Problem`] was found in, for field paths in messages.
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Top => Ok(()),
            Place::StatusInfo => f.write_str("statusInfo."),
            Place::Record(i) => write!(f, "feeLst[{i}]."),
        }
    }
}

/// The first thing wrong inside one object (or one list of objects), in document order.
#[derive(Debug)]
pub(crate) struct Problem<'a> {
    key: Cow<'a, str>,
    place: Place,
    trouble: Trouble,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trouble {
    /// The key was seen twice.
    Repeated,
    /// A known field's value cannot be held; its first byte tells what it is (a string with an
    /// unpaired surrogate escape, an object with such a key, a number beyond a double).
    Unreadable(u8),
    /// [`Mode::Fast`] met a number with a fraction or an exponent (or beyond 64 bits), which it
    /// must not round: the body is read again in [`Mode::Exact`].
    Unread,
}

impl Problem<'_> {
    fn is_unread(&self) -> bool {
        self.trouble == Trouble::Unread
    }

    /// The error for this problem in a `what` ("push", "response") body.
    pub(crate) fn into_error(self, what: &str) -> Error {
        let Problem {
            key,
            place,
            trouble,
        } = self;
        match trouble {
            // The field is the repeated key itself, wherever it is.
            Trouble::Repeated => Error::detail(
                ErrorCode::DuplicateField,
                Some(&key),
                format!("{what} body has the field {place}{key} more than once"),
            ),
            Trouble::Unreadable(first) => Error::detail(
                ErrorCode::InvalidJson,
                None,
                format!(
                    "{what} body is not valid JSON: the value of {place}{key} cannot be read ({})",
                    match first {
                        b'"' => "a string with an unpaired surrogate escape",
                        b'{' => "an object with a key with an unpaired surrogate escape",
                        _ => "a number too large for a double",
                    }
                ),
            ),
            // Never reported: the body is read again exactly first.
            Trouble::Unread => unreadable(what, &key),
        }
    }
}

/// Moves a [`Trouble::Unread`] problem of a part read in [`Mode::Fast`] to the top level, so that
/// the whole body is read again exactly (a problem already at the top level comes first anyway).
pub(crate) fn propagate_unread<'a>(part: &mut Option<Problem<'a>>, top: &mut Option<Problem<'a>>) {
    if top.is_none() && part.as_ref().is_some_and(Problem::is_unread) {
        *top = part.take();
    }
}

/// The first problem of a part, as an error.
pub(crate) fn check(problem: Option<Problem<'_>>, what: &str) -> Result<(), Error> {
    problem.map_or(Ok(()), |p| Err(p.into_error(what)))
}

/// The known fields of one kind of object: their wire names, and how each value is read.
pub(crate) trait Members<'de> {
    /// The wire names of the known fields (at most 32), in their usual order.
    fn names(&self) -> &'static [&'static str];

    /// Reads the value of known field `index` (first occurrence), recording what cannot be held.
    fn read<A: MapAccess<'de>>(
        &mut self,
        index: usize,
        key: Cow<'de, str>,
        ctx: Ctx,
        map: &mut A,
        problem: &mut Option<Problem<'de>>,
    ) -> Result<(), A::Error>;
}

impl<'de, M: Members<'de>> Members<'de> for &mut M {
    fn names(&self) -> &'static [&'static str] {
        (**self).names()
    }

    fn read<A: MapAccess<'de>>(
        &mut self,
        index: usize,
        key: Cow<'de, str>,
        ctx: Ctx,
        map: &mut A,
        problem: &mut Option<Problem<'de>>,
    ) -> Result<(), A::Error> {
        (**self).read(index, key, ctx, map, problem)
    }
}

/// Reads an object's members: known fields through `members`, the rest skipped. Records the first
/// key seen twice (known or not) or unreadable value in `problem`; after one, values are only
/// checked for syntax.
pub(crate) fn read_members<'de, A: MapAccess<'de>, M: Members<'de>>(
    map: &mut A,
    members: &mut M,
    ctx: Ctx,
    problem: &mut Option<Problem<'de>>,
) -> Result<(), A::Error> {
    let names = members.names();
    let mut seen = 0u32;
    let mut unknown = UnknownKeys::default();
    // Bodies list their fields in a fixed order: try the one after the last match first.
    let mut next = 0usize;
    while let Some(Key(key)) = map.next_key()? {
        if problem.is_none() {
            let index = match names.get(next) {
                Some(name) if *name == key => Some(next),
                _ => names.iter().position(|name| *name == key),
            };
            let repeated = match index {
                Some(i) => {
                    let bit = 1u32.checked_shl(u32::try_from(i).unwrap_or(u32::MAX));
                    let bit = bit.unwrap_or(0);
                    if seen & bit == 0 {
                        seen |= bit;
                        next = i + 1;
                        members.read(i, key, ctx, map, problem)?;
                        continue;
                    }
                    Some(key)
                }
                None => unknown.insert(key),
            };
            if let Some(key) = repeated {
                *problem = Some(Problem {
                    key,
                    place: ctx.place,
                    trouble: Trouble::Repeated,
                });
            }
        }
        map.next_value::<IgnoredAny>()?;
    }
    Ok(())
}

/// The unknown keys of one object seen so far: a short list, then an ordered set (an object in a
/// 1 MiB body can have tens of thousands of keys, and checking each against a list would take
/// time quadratic in their number).
#[derive(Default)]
struct UnknownKeys<'de> {
    few: Vec<Cow<'de, str>>,
    many: BTreeSet<Cow<'de, str>>,
}

impl<'de> UnknownKeys<'de> {
    const FEW: usize = 16;

    /// Records `key`; gives it back if it was seen before.
    fn insert(&mut self, key: Cow<'de, str>) -> Option<Cow<'de, str>> {
        if self.few.len() < Self::FEW {
            if self.few.contains(&key) {
                return Some(key);
            }
            self.few.push(key);
            return None;
        }
        if self.few.contains(&key) || self.many.contains(&key) {
            return Some(key);
        }
        self.many.insert(key);
        None
    }
}

/// Reads the next value as a [`Loose`] value. In [`Mode::Exact`] it is taken as raw JSON text
/// first, and a value that cannot be held becomes `problem`.
pub(crate) fn read_loose<'de, A: MapAccess<'de>>(
    key: Cow<'de, str>,
    ctx: Ctx,
    map: &mut A,
    slot: &mut Loose<'de>,
    problem: &mut Option<Problem<'de>>,
) -> Result<(), A::Error> {
    if ctx.mode == Mode::Fast {
        match map.next_value()? {
            Loose::Unread => {
                *problem = Some(Problem {
                    key,
                    place: ctx.place,
                    trouble: Trouble::Unread,
                });
            }
            value => *slot = value,
        }
        return Ok(());
    }
    let raw: &'de RawValue = map.next_value()?;
    let text = raw.get();
    match Loose::from_raw(text) {
        Some(value) => *slot = value,
        None => {
            *problem = Some(Problem {
                key,
                place: ctx.place,
                trouble: Trouble::Unreadable(text.bytes().next().unwrap_or(b'?')),
            });
        }
    }
    Ok(())
}

/// An object whose known fields are plain values, read into `values` (one per name).
pub(crate) struct Flat<'s, 'a> {
    pub(crate) names: &'static [&'static str],
    pub(crate) values: &'s mut [Loose<'a>],
}

impl<'de> Members<'de> for Flat<'_, 'de> {
    fn names(&self) -> &'static [&'static str] {
        self.names
    }

    fn read<A: MapAccess<'de>>(
        &mut self,
        index: usize,
        key: Cow<'de, str>,
        ctx: Ctx,
        map: &mut A,
        problem: &mut Option<Problem<'de>>,
    ) -> Result<(), A::Error> {
        match self.values.get_mut(index) {
            Some(slot) => read_loose(key, ctx, map, slot, problem),
            None => map.next_value::<IgnoredAny>().map(|_| ()),
        }
    }
}

/// Reads a value that should be an object with `members`; other types are their [`Shape`].
pub(crate) struct ObjectSeed<'s, 'de, M> {
    pub(crate) members: M,
    pub(crate) ctx: Ctx,
    pub(crate) problem: &'s mut Option<Problem<'de>>,
}

impl<'de, M: Members<'de>> DeserializeSeed<'de> for ObjectSeed<'_, 'de, M> {
    type Value = Shape;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! other_shapes {
    () => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
            Ok(Shape::Absent)
        }
        fn visit_none<E: de::Error>(self) -> Result<Shape, E> {
            Ok(Shape::Absent)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
            Ok(Shape::Other("a boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
            Ok(Shape::Other("an integer"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
            Ok(Shape::Other("an integer"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
            Ok(Shape::Other("a fractional number"))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
            Ok(Shape::Other("a string"))
        }
    };
}

impl<'de, M: Members<'de>> Visitor<'de> for ObjectSeed<'_, 'de, M> {
    type Value = Shape;

    other_shapes!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Shape::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Shape, A::Error> {
        read_members(&mut map, &mut self.members, self.ctx, self.problem)?;
        Ok(Shape::Present)
    }
}

/// A list of objects with the same known fields (`feeLst`): the first `keep` are stored, every
/// one is checked, and `count` says how many there were.
pub(crate) struct Records<'a> {
    names: &'static [&'static str],
    keep: usize,
    /// How many elements the list had.
    pub(crate) count: usize,
    /// The shape of each stored element.
    pub(crate) shapes: Vec<Shape>,
    /// The values of the stored elements, `names.len()` per element.
    pub(crate) values: Vec<Loose<'a>>,
}

impl<'a> Records<'a> {
    pub(crate) fn new(names: &'static [&'static str], keep: usize) -> Self {
        Records {
            names,
            keep,
            count: 0,
            shapes: Vec::new(),
            values: Vec::new(),
        }
    }

    /// The values of stored element `i`.
    pub(crate) fn element(&mut self, i: usize) -> &mut [Loose<'a>] {
        let width = self.names.len();
        self.values
            .get_mut(i * width..(i + 1) * width)
            .unwrap_or_default()
    }
}

/// Reads a value that should be an array of objects into [`Records`].
pub(crate) struct RecordsSeed<'s, 'de> {
    pub(crate) records: &'s mut Records<'de>,
    pub(crate) mode: Mode,
    pub(crate) problem: &'s mut Option<Problem<'de>>,
}

impl<'de> DeserializeSeed<'de> for RecordsSeed<'_, 'de> {
    type Value = Shape;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordsSeed<'_, 'de> {
    type Value = Shape;

    other_shapes!();

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Shape::Other("an object"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let Records {
            names,
            keep,
            count,
            shapes,
            values,
        } = self.records;
        let width = names.len();
        // Elements past `keep` are read (checked) into a scratch object and then dropped.
        let mut scratch: Vec<Loose<'de>> = Vec::new();
        loop {
            let index = *count;
            let stored = index < *keep;
            let slots = if stored {
                values.resize_with(values.len() + width, Loose::default);
                let start = values.len() - width;
                values.get_mut(start..).unwrap_or_default()
            } else {
                scratch.clear();
                scratch.resize_with(width, Loose::default);
                scratch.as_mut_slice()
            };
            let seed = ObjectSeed {
                members: Flat {
                    names,
                    values: slots,
                },
                ctx: Ctx {
                    place: Place::Record(index),
                    mode: self.mode,
                },
                problem: &mut *self.problem,
            };
            match seq.next_element_seed(seed)? {
                Some(shape) => {
                    if stored {
                        shapes.push(shape);
                    }
                    *count += 1;
                }
                None => {
                    if stored {
                        values.truncate(values.len() - width);
                    }
                    return Ok(Shape::Present);
                }
            }
        }
    }
}

/// A map key, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
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
    Array,
    Object,
    /// A number [`Mode::Fast`] did not convert (see [`LooseVisitor`]).
    Unread,
}

impl<'a> Loose<'a> {
    /// The value of one valid JSON value's text, or `None` if it cannot be held (a number
    /// beyond a double, a string or an object key with an unpaired surrogate escape).
    fn from_raw(text: &'a str) -> Option<Self> {
        match text.as_bytes().first() {
            Some(b'"') => match text.get(1..text.len().saturating_sub(1)) {
                // Without escapes the characters between the quotes are the string.
                Some(inner) if !inner.contains('\\') => Some(Loose::Str(Cow::Borrowed(inner))),
                _ => serde_json::from_str(text).ok(),
            },
            Some(b'n') => Some(Loose::Null),
            Some(b't') => Some(Loose::Bool(true)),
            Some(b'f') => Some(Loose::Bool(false)),
            // An array's elements are skipped; an object's keys are read (and may not decode).
            Some(b'[') => Some(Loose::Array),
            Some(b'{') => serde_json::from_str(text).ok(),
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
            Loose::Unread => "a number",
            Loose::Str(_) => "a string",
            Loose::Array => "an array",
            Loose::Object => "an object",
        }
    }

    #[cold]
    #[inline(never)]
    fn wrong(&self, field: impl fmt::Display, expected: &str) -> Error {
        wrong_type(field, expected, self.type_name())
    }

    /// A required string.
    pub(crate) fn required_str(self, field: impl fmt::Display) -> Result<Cow<'a, str>, Error> {
        match self {
            Loose::Str(s) => Ok(s),
            Loose::Absent => Err(missing(field)),
            other => Err(other.wrong(field, "a string")),
        }
    }

    /// An optional string (absent or null mean none).
    pub(crate) fn optional_str(
        self,
        field: impl fmt::Display,
    ) -> Result<Option<Cow<'a, str>>, Error> {
        match self {
            Loose::Str(s) => Ok(Some(s)),
            Loose::Absent | Loose::Null => Ok(None),
            other => Err(other.wrong(field, "a string")),
        }
    }

    /// An optional string, owned (absent or null mean none).
    pub(crate) fn optional_string(self, field: impl fmt::Display) -> Result<Option<String>, Error> {
        self.optional_str(field).map(|s| s.map(Cow::into_owned))
    }

    /// An optional integer (absent or null mean none). JSON has one number type: any spelling of
    /// an integral value (1.0, 1e3, -0) is an integer; see [`crate::number`].
    pub(crate) fn optional_int(self, field: impl fmt::Display) -> Result<Option<i64>, Error> {
        let too_large = |why: fmt::Arguments<'_>| {
            Error::detail(
                ErrorCode::InvalidValue,
                Some(&field.to_string()),
                format!("{field} {why}"),
            )
        };
        match self {
            Loose::Number(Number::Int(i)) => Ok(Some(i)),
            Loose::Number(Number::UInt(u)) => {
                Err(too_large(format_args!("is {u}, beyond a 64-bit integer")))
            }
            Loose::Number(Number::Big) => Err(too_large(format_args!(
                "is an integral number too large to be read exactly (2^53 or more, or beyond 64 bits)"
            ))),
            Loose::Absent | Loose::Null => Ok(None),
            other => Err(other.wrong(field, "an integer")),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Loose<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

/// Reads any value as [`Loose`] as the parser converts it ([`Mode::Fast`]). A number with a
/// fraction or an exponent, or an integer beyond 64 bits, is [`Loose::Unread`] instead: the parser
/// has rounded it already, and [`Mode::Exact`] reads it from its text.
struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Loose::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Loose::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Loose::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Loose::Number(Number::Int(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Loose::Number(
            i64::try_from(v).map_or(Number::UInt(v), Number::Int),
        ))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Loose::Unread)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Loose::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Loose::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Loose::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Object)
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
