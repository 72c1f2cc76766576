//! Reading the two auth headers that every request and every push carries:
//! `Authorization: AKSK realm="SDP",profile="UsernameToken",type="Appkey"` and
//! `X-AKSK: UsernameToken Username="…",PasswordDigest="…",Nonce="…",Created="…"`.
//!
//! One parser, used by [`verify_push`](crate::verify_push) and by the sandbox. The grammar is the
//! seed's: the scheme, one space, then `name="value"` attributes separated by a comma and optional
//! spaces or tabs (the seed's example writes none, its table 2 one space); spaces or tabs around
//! the whole value are ignored. Every attribute appears exactly once, in any order, and no other
//! attribute is allowed. Values are quoted, non-empty, and hold no quote or control character. A
//! line break anywhere makes the value malformed.
//!
//! [`HeaderSyntax::Strict`] takes the attribute names exactly as documented; `verify_push` uses it,
//! since the platform writes its own pushes that way. [`HeaderSyntax::Lenient`] also takes them
//! in any ASCII case: the seed writes `Username` in its example and `UserName` in table 6, so the
//! platform is taken to accept both (the sandbox reads requests this way). That is the only
//! leniency: the seed shows the platform accepting nothing else (no space around `=` or before
//! `,`, no unknown attribute, no empty value), so both modes refuse those.
//!
//! A failure is a [`HeaderError`]: code `malformed_auth_header`, which [`HeaderProblem`] (no
//! scheme, a missing attribute, or another slip), and a message that names what is wrong and the
//! expected shape. Messages name attributes, never their values (a digest).
//!
//! ```
//! use callverify_core::auth_header::{Attribute, HeaderProblem, HeaderSyntax, parse_authorization, parse_x_aksk};
//!
//! let x = parse_x_aksk(
//!     r#"UsernameToken Username="key",PasswordDigest="ZGlnZXN0",Nonce="abc",Created="2018-05-26T00:35:30Z""#,
//!     HeaderSyntax::Strict,
//! )?;
//! assert_eq!((x.username, x.nonce, x.created), ("key", "abc", "2018-05-26T00:35:30Z"));
//!
//! // Table 6's spelling of the name is read in lenient mode only.
//! let table_6 = r#"UsernameToken UserName="key",PasswordDigest="ZGlnZXN0",Nonce="abc",Created="2018-05-26T00:35:30Z""#;
//! assert!(parse_x_aksk(table_6, HeaderSyntax::Lenient).is_ok());
//! assert!(parse_x_aksk(table_6, HeaderSyntax::Strict).is_err());
//!
//! let missing = parse_authorization(r#"AKSK realm="SDP",type="Appkey""#, HeaderSyntax::Lenient).unwrap_err();
//! assert_eq!(missing.problem(), HeaderProblem::Missing(Attribute::Profile));
//! assert_eq!(missing.code().as_str(), "malformed_auth_header");
//!
//! let wrong = parse_authorization(r#"AKSK realm="SDP",profile="UsernameToken",type="AppKey""#, HeaderSyntax::Strict)?;
//! assert_eq!(wrong.wrong_attribute(), Some(Attribute::Type));
//! # Ok::<(), callverify_core::auth_header::HeaderError>(())
//! ```

use std::fmt;

use crate::error::{Error, ErrorCode, quoted};

/// How attribute names are matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HeaderSyntax {
    /// Names exactly as documented (`Username`, `PasswordDigest`, …). The default.
    #[default]
    Strict,
    /// Names in any ASCII case as well (`UserName`, `nonce`); everything else as strict.
    Lenient,
}

/// An attribute of the two headers, by its documented name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attribute {
    /// `realm` of `Authorization` (must be `SDP`).
    Realm,
    /// `profile` of `Authorization` (must be `UsernameToken`).
    Profile,
    /// `type` of `Authorization` (must be `Appkey`).
    Type,
    /// `Username` of `X-AKSK` (the app_key).
    Username,
    /// `Nonce` of `X-AKSK`.
    Nonce,
    /// `Created` of `X-AKSK`.
    Created,
    /// `PasswordDigest` of `X-AKSK`.
    PasswordDigest,
}

impl Attribute {
    /// The documented name: `realm`, `profile`, `type`, `Username`, `Nonce`, `Created`,
    /// `PasswordDigest`.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribute::Realm => "realm",
            Attribute::Profile => "profile",
            Attribute::Type => "type",
            Attribute::Username => "Username",
            Attribute::Nonce => "Nonce",
            Attribute::Created => "Created",
            Attribute::PasswordDigest => "PasswordDigest",
        }
    }

    /// The one documented value of an `Authorization` attribute (`SDP`, `UsernameToken`,
    /// `Appkey`); `None` for the `X-AKSK` attributes, whose values vary.
    pub fn fixed_value(self) -> Option<&'static str> {
        match self {
            Attribute::Realm => Some("SDP"),
            Attribute::Profile => Some("UsernameToken"),
            Attribute::Type => Some("Appkey"),
            _ => None,
        }
    }
}

impl fmt::Display for Attribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a header value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeaderProblem {
    /// It does not start with its scheme and one space (`AKSK `, `UsernameToken `).
    NoScheme,
    /// The syntax is right but this attribute is absent (the first absent one, in table 6's
    /// order: `realm`, `profile`, `type`; `Username`, `Nonce`, `Created`, `PasswordDigest`).
    Missing(Attribute),
    /// Any other slip: a line break, an unquoted, empty or unterminated value, a control
    /// character, an unknown or repeated attribute, stray text between attributes.
    Syntax,
}

/// Why an `Authorization` or `X-AKSK` value could not be read. Its code is always
/// `malformed_auth_header`; it converts into [`Error`] with the header name as the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderError {
    header: &'static str,
    problem: HeaderProblem,
    message: String,
}

impl HeaderError {
    /// The header: `Authorization` or `X-AKSK`.
    pub fn header(&self) -> &'static str {
        self.header
    }

    /// What is wrong.
    pub fn problem(&self) -> HeaderProblem {
        self.problem
    }

    /// The stable code: [`ErrorCode::MalformedAuthHeader`].
    pub fn code(&self) -> ErrorCode {
        ErrorCode::MalformedAuthHeader
    }

    /// What is wrong and the expected shape; names attributes, never their values.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HeaderError {}

impl From<HeaderError> for Error {
    fn from(e: HeaderError) -> Self {
        Error::detail(ErrorCode::MalformedAuthHeader, Some(e.header), e.message)
    }
}

/// The attributes of an `Authorization` value, as sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthorizationHeader<'v> {
    /// `realm`.
    pub realm: &'v str,
    /// `profile`.
    pub profile: &'v str,
    /// `type`.
    pub kind: &'v str,
}

impl AuthorizationHeader<'_> {
    /// The first attribute (in the order `realm`, `profile`, `type`) whose value is not the
    /// documented one (`SDP`, `UsernameToken`, `Appkey`, compared exactly); `None` when all are.
    pub fn wrong_attribute(&self) -> Option<Attribute> {
        [
            (Attribute::Realm, self.realm),
            (Attribute::Profile, self.profile),
            (Attribute::Type, self.kind),
        ]
        .into_iter()
        .find(|(attribute, got)| attribute.fixed_value() != Some(*got))
        .map(|(attribute, _)| attribute)
    }
}

/// The attributes of an `X-AKSK` value, as sent. `Debug` leaves the digest out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct XAkskHeader<'v> {
    /// `Username`: the app_key.
    pub username: &'v str,
    /// `Nonce`.
    pub nonce: &'v str,
    /// `Created`.
    pub created: &'v str,
    /// `PasswordDigest`.
    pub password_digest: &'v str,
}

impl fmt::Debug for XAkskHeader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XAkskHeader")
            .field("username", &self.username)
            .field("nonce", &self.nonce)
            .field("created", &self.created)
            .field("password_digest", &"[redacted]")
            .finish()
    }
}

/// One header's grammar: its name, scheme, attributes (in table 6's order) and the shape quoted
/// in messages (ASCII, so that it survives in an HTTP header such as the sandbox's reason).
struct Grammar<const N: usize> {
    header: &'static str,
    scheme: &'static str,
    attributes: [Attribute; N],
    shape: &'static str,
}

const AUTHORIZATION: Grammar<3> = Grammar {
    header: "Authorization",
    scheme: "AKSK",
    attributes: [Attribute::Realm, Attribute::Profile, Attribute::Type],
    shape: r#"AKSK realm="SDP",profile="UsernameToken",type="Appkey""#,
};

const X_AKSK: Grammar<4> = Grammar {
    header: "X-AKSK",
    scheme: "UsernameToken",
    attributes: [
        Attribute::Username,
        Attribute::Nonce,
        Attribute::Created,
        Attribute::PasswordDigest,
    ],
    shape: r#"UsernameToken Username="...",PasswordDigest="...",Nonce="...",Created="...""#,
};

/// Reads an `Authorization` value (`AKSK realm="…",profile="…",type="…"`).
///
/// The values are not checked against the documented ones: see
/// [`AuthorizationHeader::wrong_attribute`].
pub fn parse_authorization(
    value: &str,
    syntax: HeaderSyntax,
) -> Result<AuthorizationHeader<'_>, HeaderError> {
    let [realm, profile, kind] = AUTHORIZATION.read(value, syntax)?;
    Ok(AuthorizationHeader {
        realm,
        profile,
        kind,
    })
}

/// Reads an `X-AKSK` value (`UsernameToken Username="…",PasswordDigest="…",Nonce="…",Created="…"`).
///
/// The values are not checked (nonce shape, `Created` format, digest encoding): the caller
/// does that.
pub fn parse_x_aksk(value: &str, syntax: HeaderSyntax) -> Result<XAkskHeader<'_>, HeaderError> {
    let [username, nonce, created, password_digest] = X_AKSK.read(value, syntax)?;
    Ok(XAkskHeader {
        username,
        nonce,
        created,
        password_digest,
    })
}

impl<const N: usize> Grammar<N> {
    /// The value of each attribute, in `self.attributes` order.
    fn read<'v>(&self, value: &'v str, syntax: HeaderSyntax) -> Result<[&'v str; N], HeaderError> {
        let syntax_error = |why: fmt::Arguments<'_>| self.error(HeaderProblem::Syntax, why);
        if value.contains(['\r', '\n']) {
            return Err(syntax_error(format_args!("it contains a line break")));
        }
        let mut remaining = value
            .trim_matches([' ', '\t'])
            .strip_prefix(self.scheme)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or_else(|| {
                self.error(
                    HeaderProblem::NoScheme,
                    format_args!("it does not start with \"{} \"", self.scheme),
                )
            })?;
        let mut found: [Option<&'v str>; N] = [None; N];
        loop {
            let (name, after_name) = remaining
                .split_once('=')
                .ok_or_else(|| syntax_error(format_args!("an attribute has no '='")))?;
            let slot = self
                .attributes
                .iter()
                .position(|a| match syntax {
                    HeaderSyntax::Strict => a.as_str() == name,
                    HeaderSyntax::Lenient => a.as_str().eq_ignore_ascii_case(name),
                })
                .ok_or_else(|| syntax_error(format_args!("{}", unknown_attribute(name))))?;
            let (val, after_val) = after_name
                .strip_prefix('"')
                .ok_or_else(|| syntax_error(format_args!("the value of {name} is not quoted")))?
                .split_once('"')
                .ok_or_else(|| {
                    syntax_error(format_args!("the value of {name} has no closing quote"))
                })?;
            if val.is_empty() || val.chars().any(char::is_control) {
                return Err(syntax_error(format_args!(
                    "the value of {name} is empty or has control characters"
                )));
            }
            match found.get_mut(slot) {
                Some(entry @ None) => *entry = Some(val),
                _ => return Err(syntax_error(format_args!("{name} appears more than once"))),
            }
            if after_val.is_empty() {
                break;
            }
            remaining = after_val
                .strip_prefix(',')
                .ok_or_else(|| {
                    syntax_error(format_args!("unexpected text after the value of {name}"))
                })?
                .trim_start_matches([' ', '\t']);
        }
        if let Some((attribute, _)) = self
            .attributes
            .iter()
            .zip(&found)
            .find(|(_, v)| v.is_none())
        {
            return Err(self.error(HeaderProblem::Missing(*attribute), format_args!("")));
        }
        Ok(found.map(Option::unwrap_or_default))
    }

    #[cold]
    #[inline(never)]
    fn error(&self, problem: HeaderProblem, why: fmt::Arguments<'_>) -> HeaderError {
        let (header, shape) = (self.header, self.shape);
        let message = match problem {
            HeaderProblem::Missing(attribute) => {
                format!("the {header} header has no {attribute} attribute; expected {shape}")
            }
            HeaderProblem::NoScheme | HeaderProblem::Syntax => {
                format!("the {header} header is malformed: {why}; expected {shape}")
            }
        };
        HeaderError {
            header,
            problem,
            message,
        }
    }
}

/// "unknown attribute \"name\"" when the name is a short run of letters; otherwise (it may hold
/// part of a value, a digest) the name is not quoted.
#[cold]
fn unknown_attribute(name: &str) -> String {
    if !name.is_empty() && name.len() <= 24 && name.bytes().all(|b| b.is_ascii_alphabetic()) {
        format!("unknown attribute {}", quoted(name))
    } else {
        "an attribute name is not a known name (letters only)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const X: &str = r#"UsernameToken Username="k",PasswordDigest="d+/=",Nonce="n",Created="2018-05-26T00:35:30Z""#;

    #[test]
    fn reads_the_seed_shape_in_both_modes() {
        for syntax in [HeaderSyntax::Strict, HeaderSyntax::Lenient] {
            let x = parse_x_aksk(X, syntax).unwrap();
            assert_eq!(
                (x.username, x.password_digest, x.nonce, x.created),
                ("k", "d+/=", "n", "2018-05-26T00:35:30Z")
            );
            let a = parse_authorization(crate::sign::AUTHORIZATION, syntax).unwrap();
            assert_eq!(a.wrong_attribute(), None);
        }
    }

    #[test]
    fn lenient_differs_only_in_name_case() {
        let lower = X
            .replace("Username=", "username=")
            .replace("Nonce=", "NONCE=");
        assert!(parse_x_aksk(&lower, HeaderSyntax::Lenient).is_ok());
        let strict = parse_x_aksk(&lower, HeaderSyntax::Strict).unwrap_err();
        assert_eq!(strict.problem(), HeaderProblem::Syntax);
        // A name given twice in two cases is a repetition.
        let twice = format!("{X},nonce=\"m\"");
        let err = parse_x_aksk(&twice, HeaderSyntax::Lenient).unwrap_err();
        assert!(err.message().contains("appears more than once"), "{err}");
        for slip in [
            X.replace("Nonce=", "Nonce ="),
            X.replace(",Nonce", " ,Nonce"),
            X.replace("UsernameToken ", "UsernameToken  "),
            format!("{X},Realm=\"x\""),
            X.replace("Nonce=\"n\"", "Nonce=\"\""),
        ] {
            for syntax in [HeaderSyntax::Strict, HeaderSyntax::Lenient] {
                let err = parse_x_aksk(&slip, syntax).unwrap_err();
                assert_eq!(err.problem(), HeaderProblem::Syntax, "{slip}");
            }
        }
    }

    #[test]
    fn missing_attributes_in_table_6_order() {
        let only_username = r#"UsernameToken Username="k",PasswordDigest="d""#;
        let err = parse_x_aksk(only_username, HeaderSyntax::Strict).unwrap_err();
        assert_eq!(err.problem(), HeaderProblem::Missing(Attribute::Nonce));
        let err = parse_authorization(r#"AKSK type="x""#, HeaderSyntax::Strict).unwrap_err();
        assert_eq!(err.problem(), HeaderProblem::Missing(Attribute::Realm));
        assert_eq!(err.header(), "Authorization");
        let err = parse_x_aksk(r#"WSSE Username="k""#, HeaderSyntax::Lenient).unwrap_err();
        assert_eq!(err.problem(), HeaderProblem::NoScheme);
    }

    #[test]
    fn messages_never_quote_a_value() {
        let digest = "c2VjcmV0LWRpZ2VzdA==";
        for value in [
            format!(r#"UsernameToken PasswordDigest{digest},Nonce="n""#),
            format!(r#"UsernameToken PasswordDigest="{digest}" ,Nonce="n""#),
            format!(r#"UsernameToken PasswordDigest="{digest}"x"#),
        ] {
            let err = parse_x_aksk(&value, HeaderSyntax::Strict).unwrap_err();
            assert!(!err.message().contains("c2Vj"), "{err}");
        }
        let debug = format!("{:?}", parse_x_aksk(X, HeaderSyntax::Strict).unwrap());
        assert!(!debug.contains("d+/="), "{debug}");
    }

    #[test]
    fn wrong_values_in_order() {
        let a = parse_authorization(
            r#"AKSK realm="X",profile="Y",type="Appkey""#,
            HeaderSyntax::Strict,
        )
        .unwrap();
        assert_eq!(a.wrong_attribute(), Some(Attribute::Realm));
        let a = parse_authorization(
            r#"AKSK realm="SDP",profile="usernametoken",type="Appkey""#,
            HeaderSyntax::Lenient,
        )
        .unwrap();
        assert_eq!(a.wrong_attribute(), Some(Attribute::Profile));
    }
}
