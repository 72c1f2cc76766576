//! The sandbox's authentication checks, in the order the platform documents them, each failure
//! mapped to the seed's table-6 result code. The headers are read by the core's parser in its
//! lenient mode (attribute names in any ASCII case, as table 6 writes `UserName`); the values are
//! judged here. Messages name what is wrong, never the secret or a digest.

use callverify_core::Credentials;
use callverify_core::auth_header::{
    Attribute, HeaderError, HeaderProblem, HeaderSyntax, XAkskHeader, parse_authorization,
    parse_x_aksk as read_x_aksk,
};

use super::Rejection;

/// Table 6's code for a header the parser refused: an absent attribute has its own code, the
/// X-AKSK scheme too; any other slip is 1023006.
fn header_rejection(e: HeaderError) -> Rejection {
    let code = match e.problem() {
        HeaderProblem::Missing(Attribute::Realm) => "1023007",
        HeaderProblem::Missing(Attribute::Profile) => "1023008",
        HeaderProblem::Missing(Attribute::Type) => "1023012",
        HeaderProblem::Missing(Attribute::Username) => "1023034",
        HeaderProblem::Missing(Attribute::Nonce) => "1023035",
        HeaderProblem::Missing(Attribute::Created) => "1023036",
        HeaderProblem::Missing(Attribute::PasswordDigest) => "1023037",
        HeaderProblem::NoScheme if e.header() == "X-AKSK" => "1023038",
        HeaderProblem::NoScheme | HeaderProblem::Syntax => "1023006",
    };
    Rejection::auth(code, e.message())
}

/// Checks the Authorization header value (`None`: absent).
pub(crate) fn check_authorization(value: Option<&str>) -> Result<(), Rejection> {
    let Some(value) = value else {
        return Err(Rejection::auth(
            "1023006",
            "the Authorization header is missing",
        ));
    };
    let header = parse_authorization(value, HeaderSyntax::Lenient).map_err(header_rejection)?;
    let Some(wrong) = header.wrong_attribute() else {
        return Ok(());
    };
    let code = match wrong {
        Attribute::Realm => "1023009",
        Attribute::Profile => "1023010",
        _ => "1023011",
    };
    let wanted = wrong.fixed_value().unwrap_or_default();
    Err(Rejection::auth(
        code,
        format!("Authorization {wrong} must be \"{wanted}\""),
    ))
}

/// Parses the X-AKSK header value (`None`: absent).
pub(crate) fn parse_x_aksk(value: Option<&str>) -> Result<XAkskHeader<'_>, Rejection> {
    let Some(value) = value else {
        return Err(Rejection::auth("1023033", "the X-AKSK header is missing"));
    };
    read_x_aksk(value, HeaderSyntax::Lenient).map_err(header_rejection)
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
            r#"UsernameToken UserName="k",PasswordDigest="d+/=",Nonce="n",Created="2018-05-26T00:35:30Z""#,
        ))
        .unwrap();
        assert_eq!(
            (x.username, x.password_digest, x.nonce, x.created),
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
