//! `callverify`: see `callverify --help` and docs/cli.md.

fn main() -> std::process::ExitCode {
    callverify_cli::cli::run(std::env::args_os())
}
