//! The `callverify` command: argument parsing ([`args`]), exit statuses and error lines, and the
//! commands themselves.
//!
//! Exit status: 0 success, 2 invalid input (every problem on its own line of stderr, the field or
//! flag first, the stable error code last in parentheses), 1 any other failure; `verify-push`
//! exits 3 when it rejects a push.

pub mod args;
mod demo;
mod offline;
mod online;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use callverify_core::result_codes::RetryAdvice;
use callverify_core::{Credentials, Error, ErrorCode, ErrorKind};
use clap::Parser;

use self::args::{Cli, Command};

/// The variable the app secret is read from.
pub const SECRET_ENV: &str = "CALLVERIFY_APP_SECRET";

/// Exit status of invalid input.
pub const EXIT_INVALID: u8 = 2;
/// Exit status of any other failure.
pub const EXIT_FAILURE: u8 = 1;
/// Exit status of `verify-push` when it rejects a push.
pub const EXIT_REJECTED: u8 = 3;

/// A command's failure: the exit status and the lines for stderr.
#[derive(Debug)]
pub struct Failure {
    /// Exit status.
    pub exit: u8,
    /// Lines for stderr, one problem each.
    pub lines: Vec<String>,
}

impl Failure {
    pub(crate) fn invalid(line: impl Into<String>) -> Self {
        Failure {
            exit: EXIT_INVALID,
            lines: vec![line.into()],
        }
    }

    pub(crate) fn other(line: impl Into<String>) -> Self {
        Failure {
            exit: EXIT_FAILURE,
            lines: vec![line.into()],
        }
    }
}

/// The flag or variable a configuration error is about.
fn config_subject(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::AppKeyEmpty | ErrorCode::AppKeyCharset => "--app-key",
        ErrorCode::AppSecretEmpty => SECRET_ENV,
        ErrorCode::NonceInvalid => "--nonce",
        ErrorCode::BaseUrlInvalid | ErrorCode::BaseUrlPath | ErrorCode::BaseUrlInsecure => {
            "--base-url"
        }
        ErrorCode::CreatedOffsetInvalid => "--created-offset",
        ErrorCode::TimeOutOfRange => "--now",
        ErrorCode::DigitsOutOfRange => "--digits",
        ErrorCode::WindowInvalid => "--window",
        ErrorCode::AmbiguousResultCode => "--status",
        _ => "error",
    }
}

/// Turns a core error into stderr lines and an exit status (input errors: 2, others: 1).
pub(crate) fn core_failure(err: &Error) -> Failure {
    match err {
        Error::Validation(v) => Failure {
            exit: EXIT_INVALID,
            lines: v.violations.iter().map(ToString::to_string).collect(),
        },
        Error::Config(d) => {
            let exit = match d.code {
                ErrorCode::RandomUnavailable | ErrorCode::ClockUnavailable => EXIT_FAILURE,
                _ => EXIT_INVALID,
            };
            let mut message = d.message.clone();
            if d.code == ErrorCode::AppSecretEmpty {
                message = format!(
                    "the app secret is not set; export {SECRET_ENV} with the App Secret from the console \
                     (it is never taken from the command line)"
                );
            }
            Failure {
                exit,
                lines: vec![format!(
                    "{}: {message} ({})",
                    config_subject(d.code),
                    d.code
                )],
            }
        }
        Error::Parse(d) | Error::PushAuth(d) => {
            let push_auth = err.kind() == ErrorKind::PushAuth;
            let field = d
                .field
                .as_deref()
                .unwrap_or(if push_auth { "headers" } else { "body" });
            let exit = if push_auth {
                EXIT_REJECTED
            } else {
                EXIT_INVALID
            };
            Failure {
                exit,
                lines: vec![format!("{field}: {} ({})", err, d.code)],
            }
        }
        Error::Api(a) => Failure {
            exit: EXIT_FAILURE,
            lines: vec![format!("{a} ({})", ErrorCode::ApiError)],
        },
    }
}

/// Credentials from `--app-key` and the environment.
pub(crate) fn credentials(app_key: &str) -> Result<Credentials, Failure> {
    let secret = match std::env::var(SECRET_ENV) {
        Ok(s) => s,
        Err(std::env::VarError::NotPresent) => String::new(),
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(Failure::invalid(format!(
                "{SECRET_ENV}: the app secret is not valid UTF-8 ({})",
                ErrorCode::AppSecretEmpty
            )));
        }
    };
    Credentials::new(app_key, secret).map_err(|e| core_failure(&e))
}

/// `--created-offset` for signing: UTC when absent.
pub(crate) fn offset_seconds(flag: Option<&str>) -> Result<i32, Failure> {
    flag.map_or(Ok(0), |text| offset_flag("--created-offset", text))
}

/// An offset flag (`+08:00`, `UTC`, `0`, seconds…) in seconds, within the core's range.
pub(crate) fn offset_flag(flag: &str, text: &str) -> Result<i32, Failure> {
    let code = ErrorCode::CreatedOffsetInvalid;
    let offset = crate::stamp::parse_offset(text)
        .map_err(|why| Failure::invalid(format!("{flag}: {why} ({code})")))?;
    callverify_core::sign::check_offset(offset)
        .map_err(|e| Failure::invalid(format!("{flag}: {e} ({code})")))
}

/// Retry advice in words.
pub fn retry_text(retry: RetryAdvice) -> String {
    match retry {
        RetryAdvice::Never => "never automatically".to_owned(),
        RetryAdvice::AfterSeconds { seconds: s } => {
            format!("after {s} s, signed afresh (new nonce and Created)")
        }
        RetryAdvice::ImmediatelyWithFreshSignature => {
            "at once, signed afresh (new nonce and Created)".to_owned()
        }
    }
}

/// Writes to stdout, ignoring a closed pipe.
pub(crate) fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// A core value as JSON with snake_case keys, the command line's JSON style (the core serialises
/// with the platform's camelCase names: `sessionId` → `session_id`, `dynIvrPath` → `dyn_ivr_path`).
pub(crate) fn snake_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    fn snake(value: serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Object(map) => map
                .into_iter()
                .map(|(key, v)| {
                    let mut name = String::with_capacity(key.len() + 4);
                    for ch in key.chars() {
                        if ch.is_ascii_uppercase() {
                            name.push('_');
                        }
                        name.push(ch.to_ascii_lowercase());
                    }
                    (name, snake(v))
                })
                .collect(),
            serde_json::Value::Array(items) => items.into_iter().map(snake).collect(),
            other => other,
        }
    }
    snake(serde_json::to_value(value).unwrap_or(serde_json::Value::Null))
}

/// Pretty JSON plus a newline.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print(&format!("{text}\n")),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: could not write JSON: {e}");
        }
    }
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::other(format!("error: could not start the async runtime: {e}")))
}

/// Runs the command line `args` (the first item is the program name); returns the exit status.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_INVALID));
        }
    };
    let result = match cli.command {
        Command::Sign(a) => offline::sign(&a),
        Command::Build(a) => offline::build(&a),
        Command::Explain(a) => offline::explain(&a),
        Command::ParseResponse(a) => offline::parse_response(&a),
        Command::ParsePush(a) => offline::parse_push(&a),
        Command::VerifyPush(a) => offline::verify_push(&a),
        Command::Code(a) => offline::code(&a),
        Command::Send(a) => online::send(&a),
        Command::Sandbox(a) => online::sandbox(&a),
        Command::Demo(a) => demo::demo(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let mut err = std::io::stderr().lock();
            for line in &failure.lines {
                let _ = writeln!(err, "{line}");
            }
            ExitCode::from(failure.exit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A configuration error the core adds later must be given the flag it is about.
    #[test]
    fn every_config_code_names_its_flag() {
        for &code in ErrorCode::ALL {
            if code.kind() == ErrorKind::Config
                && !matches!(
                    code,
                    ErrorCode::RandomUnavailable | ErrorCode::ClockUnavailable
                )
            {
                assert_ne!(
                    config_subject(code),
                    "error",
                    "{code} has no flag in config_subject"
                );
            }
        }
    }
}
