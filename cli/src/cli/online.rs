//! The commands that use the network: send (to the platform or a sandbox) and sandbox.

use std::io::Write;
use std::time::Duration;

use super::args::{SandboxArgs, SendArgs, TextOrJson};
use super::offline::build_request;
use super::{EXIT_FAILURE, Failure, credentials, offset_flag, print, print_json, runtime};
use crate::send::{Outcome, http_client};
use callverify_core::clocks::utc_name;
use callverify_sandbox::http::{describe_error, loopback_client};
use callverify_sandbox::{Log, Sandbox, SandboxConfig};

/// `callverify send`.
pub(super) fn send(args: &SendArgs) -> Result<(), Failure> {
    let http = build_request(&args.request)?;
    let rt = runtime()?;
    let loopback = http.url.to_ascii_lowercase().starts_with("http://");
    let answer = rt.block_on(async {
        let client = if loopback {
            loopback_client().map_err(|e| describe_error(&e))?
        } else {
            http_client()
        };
        crate::send::send(&client, &http)
            .await
            .map_err(|e| describe_error(&e))
    });
    let answer = answer.map_err(|why| {
        Failure::other(format!(
            "error: could not send the request to {}: {why}",
            http.url
        ))
    })?;
    let outcome = Outcome::from_answer(answer.status, &answer.body);
    match args.format {
        TextOrJson::Text => {
            let mut text = outcome.to_text();
            if let Some(reason) = &answer.sandbox_reason {
                text.push_str(&format!("  sandbox says: {reason}\n"));
            }
            print(&text);
        }
        TextOrJson::Json => {
            let mut json = outcome.to_json();
            if let (Some(reason), serde_json::Value::Object(obj)) =
                (&answer.sandbox_reason, &mut json)
            {
                obj.insert("sandbox_reason".to_owned(), reason.clone().into());
            }
            print_json(&json);
        }
    }
    if outcome.is_success() {
        Ok(())
    } else {
        Err(Failure {
            exit: EXIT_FAILURE,
            lines: Vec::new(),
        })
    }
}

/// `callverify sandbox`: runs until SIGINT or SIGTERM.
pub(super) fn sandbox(args: &SandboxArgs) -> Result<(), Failure> {
    let credentials = credentials(&args.app_key)?;
    let mut config = SandboxConfig::new(credentials);
    config.push_delay = Duration::from_millis(args.push_delay_ms);
    config.push_digest_form = args.push_digest_form.into();
    config.created_window_seconds = args.created_window;
    config.created_offset_seconds = args
        .created_offset
        .as_deref()
        .map(|text| offset_flag("--created-offset", text))
        .transpose()?;
    config.push_created_offset_seconds =
        offset_flag("--push-created-offset", &args.push_created_offset)?;
    config.fee_retries = args.fee_retries;
    config.fee_retry_interval = Duration::from_secs(args.fee_retry_interval);
    config.auth_failure_limit = args.auth_failure_limit;
    config.auth_failure_window = Duration::from_secs(args.auth_failure_window);
    config.block_duration = Duration::from_secs(args.block_seconds);
    config.ports = args.ports;
    config.log = if args.quiet { Log::Quiet } else { Log::Stderr };
    let (config_created, config_push) = (
        config.created_offset_seconds,
        config.push_created_offset_seconds,
    );
    let rt = runtime()?;
    rt.block_on(async {
        let sandbox = Sandbox::start(config, &args.listen).await.map_err(|e| {
            Failure::other(format!("--listen: could not listen on {}: {e}", args.listen))
        })?;
        {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "callverify sandbox listening on {}", sandbox.base_url());
            let _ = out.flush();
        }
        if !args.quiet {
            let request_clocks = match config_created {
                Some(offset) => utc_name(offset),
                None => "UTC or UTC+8".to_owned(),
            };
            let _ = writeln!(
                std::io::stderr(),
                "callverify sandbox: app key {}; requests: Created in {request_clocks} (within {} s); \
                 pushes every {} ms ({} digest form, Created in {}); fee pushes not answered with 200: \
                 up to {} more attempts, {} s apart; magic callees: \
                 +8613800008101 no answer, +8613800008102 busy, +8613800008104 powered off, \
                 +8613801013004 blacklisted, +8613801013117 rate limited, +8613801020154 no ports; \
                 Ctrl-C stops",
                args.app_key,
                args.created_window,
                args.push_delay_ms,
                callverify_core::DigestForm::from(args.push_digest_form).as_str(),
                utc_name(config_push),
                args.fee_retries,
                args.fee_retry_interval
            );
        }
        wait_for_signal().await;
        sandbox.shutdown().await;
        Ok(())
    })
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
