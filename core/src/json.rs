//! Strict, typed reading of untrusted JSON bodies (responses and pushes).
//!
//! Bodies are checked before parsing (size, byte-order mark, UTF-8, top-level object), fields are
//! read into [`Loose`] values that accept any JSON type, and the type checks happen afterwards, so
//! every mistake becomes a typed error naming its field instead of a generic parser message.
//! Duplicate keys among known fields are rejected by the derived deserializers.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, ErrorCode};

/// Largest body accepted (1 MiB).
pub const MAX_BODY_BYTES: usize = 1 << 20;

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
    let cleaned: String = text
        .trim_start()
        .chars()
        .take(48)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned
}

/// Parses `text` as one JSON object into `T`, mapping parser errors to typed errors.
///
/// Problems are reported in this order, whatever order the parser meets them in: invalid JSON,
/// nesting deeper than [`MAX_DEPTH`], not an object, then field-level problems (duplicates, …).
pub(crate) fn parse_object<'a, T: Deserialize<'a>>(text: &'a str, what: &str) -> Result<T, Error> {
    if !text.trim_start().starts_with('{') {
        return Err(whole_body_error(text, what).unwrap_or_else(|| {
            Error::detail(
                ErrorCode::NotJsonObject,
                None,
                format!(
                    "{what} body is JSON but not an object (starts with {:?})",
                    preview(text)
                ),
            )
        }));
    }
    match serde_json::from_str::<Strict<T>>(text) {
        Ok(Strict(value)) => match depth_exceeds(text) {
            true => Err(too_deep(what)),
            false => Ok(value),
        },
        // A field-level error met before a syntax error later in the body: the syntax error wins.
        Err(e) => {
            Err(whole_body_error(text, what).unwrap_or_else(|| map_json_error(&e, text, what)))
        }
    }
}

/// Parses one nested value of a body already known to be valid JSON (field-level errors only).
pub(crate) fn parse_value<'a, T: Deserialize<'a>>(text: &'a str, what: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| map_json_error(&e, text, what))
}

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// The error that concerns the body as a whole (invalid JSON or too deep), if any.
fn whole_body_error(text: &str, what: &str) -> Option<Error> {
    // Skipping a value checks its syntax without building anything (and without a depth limit).
    match serde_json::from_str::<IgnoredAny>(text) {
        Err(e) => Some(map_json_error(&e, text, what)),
        Ok(_) if depth_exceeds(text) => Some(too_deep(what)),
        Ok(_) => None,
    }
}

fn too_deep(what: &str) -> Error {
    Error::detail(
        ErrorCode::NestingTooDeep,
        None,
        format!("{what} body nests arrays and objects deeper than {MAX_DEPTH} levels"),
    )
}

/// Whether valid JSON `text` nests arrays/objects deeper than [`MAX_DEPTH`] (brackets inside
/// strings do not count).
fn depth_exceeds(text: &str) -> bool {
    // Fast path: with no more opening brackets than the limit, the limit cannot be exceeded.
    let openers = text.bytes().filter(|&b| b == b'[' || b == b'{').count();
    if openers <= MAX_DEPTH {
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

/// An object `T` whose keys are checked for duplicates (all keys, known or not).
struct Strict<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Strict<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(UniqueKeys::new(map)))
                    .map(Strict)
            }
        }
        d.deserialize_map(V(PhantomData))
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

/// Wraps a map so that a key seen twice is an error (`duplicate field `…``, like serde's own).
///
/// Keys borrowed from the input are remembered on the stack (the platform's objects have fewer than
/// 32 keys); others spill into a vector.
struct UniqueKeys<'de, A> {
    inner: A,
    borrowed: [&'de str; 32],
    borrowed_len: usize,
    spilled: Vec<Cow<'de, str>>,
}

impl<'de, A> UniqueKeys<'de, A> {
    fn new(inner: A) -> Self {
        UniqueKeys {
            inner,
            borrowed: [""; 32],
            borrowed_len: 0,
            spilled: Vec::new(),
        }
    }

    /// Records `key`; false if it was already seen.
    fn insert(&mut self, key: Cow<'de, str>) -> bool {
        let seen = self.borrowed.get(..self.borrowed_len).unwrap_or_default();
        if seen.contains(&key.as_ref()) || self.spilled.contains(&key) {
            return false;
        }
        match (key, self.borrowed.get_mut(self.borrowed_len)) {
            (Cow::Borrowed(k), Some(slot)) => {
                *slot = k;
                self.borrowed_len += 1;
            }
            (key, _) => self.spilled.push(key),
        }
        true
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for UniqueKeys<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(Key(key)) = self.inner.next_key::<Key<'de>>()? else {
            return Ok(None);
        };
        if !self.insert(key.clone()) {
            return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
        }
        seed.deserialize(de::IntoDeserializer::<A::Error>::into_deserializer(key))
            .map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

fn map_json_error(e: &serde_json::Error, text: &str, what: &str) -> Error {
    let msg = e.to_string();
    if msg.starts_with("recursion limit exceeded") {
        return too_deep(what);
    }
    if let Some(rest) = msg.strip_prefix("duplicate field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return Error::detail(
            ErrorCode::DuplicateField,
            Some(field),
            format!("{what} body has the field {field:?} more than once"),
        );
    }
    Error::detail(
        ErrorCode::InvalidJson,
        None,
        format!(
            "{what} body is not valid JSON ({}, line {} column {}; starts with {:?})",
            json_problem(e),
            e.line(),
            e.column(),
            preview(text)
        ),
    )
}

fn json_problem(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "it ends too early",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Io => "read error",
    }
}

/// Any JSON value, kept loosely so type errors can be reported with their field name.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Loose<'a> {
    /// The field was not present.
    #[default]
    Absent,
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(Cow<'a, str>),
    Array,
    Object,
}

impl<'a> Loose<'a> {
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Loose::Absent => "absent",
            Loose::Null => "null",
            Loose::Bool(_) => "a boolean",
            Loose::Int(_) | Loose::UInt(_) => "an integer",
            Loose::Float(_) => "a fractional number",
            Loose::Str(_) => "a string",
            Loose::Array => "an array",
            Loose::Object => "an object",
        }
    }

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

    /// An optional integer (absent or null mean none).
    pub(crate) fn optional_int(self, field: impl fmt::Display) -> Result<Option<i64>, Error> {
        match self {
            Loose::Int(i) => Ok(Some(i)),
            Loose::UInt(u) => i64::try_from(u).map(Some).map_err(|_| {
                Error::detail(
                    ErrorCode::InvalidValue,
                    Some(&field.to_string()),
                    format!("{field} is {u}, too large"),
                )
            }),
            // JSON has one number type: a number with an integral value (1.0, 1e3, -0) is an
            // integer. Integers the parser could not hold in 64 bits arrive as floats; a float is
            // exact only below 2^53, so anything larger is out of range rather than the wrong type.
            Loose::Float(f) if f.is_finite() && f.fract() == 0.0 => {
                if f.abs() < 9_007_199_254_740_992.0 {
                    // In range and integral: the conversion is exact.
                    #[allow(clippy::cast_possible_truncation)]
                    Ok(Some(f as i64))
                } else {
                    Err(Error::detail(
                        ErrorCode::InvalidValue,
                        Some(&field.to_string()),
                        format!("{field} is an integral number too large for a 64-bit integer"),
                    ))
                }
            }
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
        Ok(Loose::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or(Loose::UInt(v), Loose::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Loose::Float(v))
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

/// A nested value that should be an object `T`; anything else is kept as its type name so the
/// caller can report `wrong_type` with the field's name.
#[derive(Debug, Default)]
pub(crate) enum MaybeObject<T> {
    #[default]
    Absent,
    Object(T),
    Other(&'static str),
}

/// A nested value that should be an array of `T`.
#[derive(Debug, Default)]
pub(crate) enum MaybeArray<T> {
    #[default]
    Absent,
    Array(Vec<T>),
    Other(&'static str),
}

macro_rules! other_scalars {
    () => {
        // A null nested value counts as absent.
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Self::Value::Absent)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Self::Value::Absent)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Self::Value::Other("a boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Self::Value::Other("an integer"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Self::Value::Other("an integer"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Self::Value::Other("a fractional number"))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Self::Value::Other("a string"))
        }
    };
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MaybeObject<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = MaybeObject<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            other_scalars!();
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeObject::Other("an array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(UniqueKeys::new(map)))
                    .map(MaybeObject::Object)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MaybeArray<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = MaybeArray<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            other_scalars!();
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element::<T>()? {
                    items.push(item);
                }
                Ok(MaybeArray::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MaybeArray::Other("an object"))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// `wrong_type` for a nested value of the wrong JSON type.
pub(crate) fn wrong_type(field: impl fmt::Display, expected: &str, found: &str) -> Error {
    let field = field.to_string();
    Error::detail(
        ErrorCode::WrongType,
        Some(&field),
        format!("{field} must be {expected}, not {found}"),
    )
}

/// `missing_field` for a required field.
pub(crate) fn missing(field: impl fmt::Display) -> Error {
    let field = field.to_string();
    Error::detail(
        ErrorCode::MissingField,
        Some(&field),
        format!("the required field {field} is missing"),
    )
}
