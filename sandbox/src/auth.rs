//! The sandbox's authentication checks, in the order the platform documents them, each failure
//! mapped to the seed's table-6 result code. Messages name what is wrong, never the secret or a
//! digest.

use callverify_core::Credentials;

use super::Rejection;

/// The fixed Authorization header of every request.
const REALM: &str = "SDP";
const PROFILE: &str = "UsernameToken";
const TYPE: &str = "Appkey";

/// `scheme name="value",name="value"`: the attributes in order, or why the text is malformed.
/// Attribute names compare case-insensitively (table 6 writes `UserName`, the example `Username`);
/// values are taken verbatim.
pub(crate) fn parse_attributes<'v>(
    value: &'v str,
    scheme: &str,
) -> Result<Vec<(&'v str, &'v str)>, AttrError> {
    let value = value.trim_matches([' ', '\t']);
    let rest = value
        .strip_prefix(scheme)
        .filter(|r| r.starts_with([' ', '\t']))
        .ok_or(AttrError::NoScheme)?;
    let mut out = Vec::new();
    for part in rest.split(',') {
        let part = part.trim_matches([' ', '\t']);
        let (name, quoted) = part
            .split_once('=')
            .ok_or_else(|| AttrError::Malformed(format!("{scheme}: an attribute has no '='")))?;
        let name = name.trim_matches([' ', '\t']);
        let inner = quoted
            .trim_matches([' ', '\t'])
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .filter(|v| !v.contains('"'))
            .ok_or_else(|| {
                AttrError::Malformed(format!(
                    "{scheme}: the value of {name:?} is not one quoted string"
                ))
            })?;
        if out
            .iter()
            .any(|(n, _): &(&str, &str)| n.eq_ignore_ascii_case(name))
        {
            return Err(AttrError::Malformed(format!(
                "{scheme}: attribute {name:?} appears more than once"
            )));
        }
        out.push((name, inner));
    }
    Ok(out)
}

#[derive(Debug)]
pub(crate) enum AttrError {
    NoScheme,
    Malformed(String),
}

fn attr<'v>(attrs: &[(&str, &'v str)], name: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// Checks the Authorization header value (`None`: absent).
pub(crate) fn check_authorization(value: Option<&str>) -> Result<(), Rejection> {
    let Some(value) = value else {
        return Err(Rejection::auth(
            "1023006",
            "the Authorization header is missing",
        ));
    };
    let attrs = match parse_attributes(value, "AKSK") {
        Ok(a) => a,
        Err(AttrError::NoScheme) => {
            return Err(Rejection::auth(
                "1023006",
                "the Authorization header does not start with \"AKSK \"",
            ));
        }
        Err(AttrError::Malformed(why)) => return Err(Rejection::auth("1023006", why)),
    };
    let expect = |name: &str, wanted: &str, missing: &'static str, wrong: &'static str| match attr(
        &attrs, name,
    ) {
        None => Err(Rejection::auth(
            missing,
            format!("Authorization has no {name} attribute"),
        )),
        Some(v) if v != wanted => Err(Rejection::auth(
            wrong,
            format!("Authorization {name} must be \"{wanted}\""),
        )),
        Some(_) => Ok(()),
    };
    expect("realm", REALM, "1023007", "1023009")?;
    expect("profile", PROFILE, "1023008", "1023010")?;
    expect("type", TYPE, "1023012", "1023011")?;
    Ok(())
}

/// The four X-AKSK attributes, once they are all present.
#[derive(Debug)]
pub(crate) struct XAksk<'v> {
    pub username: &'v str,
    pub digest: &'v str,
    pub nonce: &'v str,
    pub created: &'v str,
}

/// Parses the X-AKSK header value (`None`: absent).
pub(crate) fn parse_x_aksk(value: Option<&str>) -> Result<XAksk<'_>, Rejection> {
    let Some(value) = value else {
        return Err(Rejection::auth("1023033", "the X-AKSK header is missing"));
    };
    let attrs = match parse_attributes(value, "UsernameToken") {
        Ok(a) => a,
        Err(AttrError::NoScheme) => {
            return Err(Rejection::auth(
                "1023038",
                "X-AKSK does not start with \"UsernameToken \"",
            ));
        }
        Err(AttrError::Malformed(why)) => return Err(Rejection::auth("1023006", why)),
    };
    let need = |name: &str, code: &'static str| {
        attr(&attrs, name)
            .ok_or_else(|| Rejection::auth(code, format!("X-AKSK has no {name} attribute")))
    };
    let username = need("Username", "1023034")?;
    let nonce = need("Nonce", "1023035")?;
    let created = need("Created", "1023036")?;
    let digest = need("PasswordDigest", "1023037")?;
    Ok(XAksk {
        username,
        digest,
        nonce,
        created,
    })
}

/// Whether `received` is the PasswordDigest of `nonce` + `created`, compared in constant time.
pub(crate) fn digest_matches(
    credentials: &Credentials,
    nonce: &str,
    created: &str,
    received: &str,
) -> bool {
    callverify_core::sign::verify_password_digest(credentials, nonce, created, received)
}

/// Whether a nonce has the documented shape (1-128 of `[0-9A-Za-z]`).
pub(crate) fn nonce_ok(nonce: &str) -> bool {
    callverify_core::Nonce::new(nonce).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_seed_headers() {
        assert!(
            check_authorization(Some(
                r#"AKSK realm="SDP",profile="UsernameToken",type="Appkey""#
            ))
            .is_ok()
        );
        assert!(
            check_authorization(Some(
                r#"AKSK realm="SDP", profile="UsernameToken", type="Appkey""#
            ))
            .is_ok()
        );
        let x = parse_x_aksk(Some(
            r#"UsernameToken Username="k",PasswordDigest="d+/=",Nonce="n",Created="2018-05-26T00:35:30Z""#,
        ))
        .unwrap();
        assert_eq!(
            (x.username, x.digest, x.nonce, x.created),
            ("k", "d+/=", "n", "2018-05-26T00:35:30Z")
        );
    }

    #[test]
    fn maps_authorization_failures() {
        let code = |v: Option<&str>| check_authorization(v).unwrap_err().result_code;
        assert_eq!(code(None), "1023006");
        assert_eq!(code(Some("Basic abc")), "1023006");
        assert_eq!(
            code(Some(r#"AKSK profile="UsernameToken",type="Appkey""#)),
            "1023007"
        );
        assert_eq!(code(Some(r#"AKSK realm="SDP",type="Appkey""#)), "1023008");
        assert_eq!(
            code(Some(
                r#"AKSK realm="X",profile="UsernameToken",type="Appkey""#
            )),
            "1023009"
        );
        assert_eq!(
            code(Some(r#"AKSK realm="SDP",profile="X",type="Appkey""#)),
            "1023010"
        );
        assert_eq!(
            code(Some(r#"AKSK realm="SDP",profile="UsernameToken",type="X""#)),
            "1023011"
        );
        assert_eq!(
            code(Some(r#"AKSK realm="SDP",profile="UsernameToken""#)),
            "1023012"
        );
    }
}
