//! `callverify demo`: the whole flow on one machine, with no configuration.
//!
//! It starts the sandbox and a push receiver in-process on free loopback ports, sends one code
//! through the same path as `send`, prints the answer, then every push as it arrives with its
//! verification result (the digest form and the clock its `Created` matched: the sandbox stamps
//! pushes in Beijing time, UTC+8, as the platform does) and the hangup cause of the disconnect,
//! and finally replays one push to show that the receiver's replay-key cache rejects it.

use std::time::{Duration, Instant};

use callverify_core::{
    CallVerifyRequest, Client, Credentials, Error, Nonce, Push, VerifyOptions, generate_verify_code,
};

use super::args::DemoArgs;
use super::{Failure, core_failure, print, runtime};
use crate::receiver::{PushReceiver, ReceivedPush};
use crate::send::Outcome;
use callverify_sandbox::http::{describe_error, loopback_client};
use callverify_sandbox::{Log, Sandbox, SandboxConfig};

const APP_KEY: &str = "demo-app-key";
const DISPLAY: &str = "+8675528000088";
/// How long to wait for the next push before giving up.
const PUSH_TIMEOUT: Duration = Duration::from_secs(10);

fn verification_text(push: &ReceivedPush) -> String {
    if push.replayed {
        return "rejected: replay key already seen".to_owned();
    }
    match (&push.verification, &push.push) {
        (Err(e), _) => format!("rejected: {e} ({})", e.code()),
        (Ok(v), Some(Err(e))) => format!(
            "signature ok ({}), body rejected: {e}",
            v.digest_form().map_or("unsigned", |f| f.as_str())
        ),
        (Ok(v), _) => match v.created_offset_seconds() {
            Some(offset) => format!(
                "verified ({} digest, Created in {})",
                v.digest_form().map_or("unsigned", |f| f.as_str()),
                callverify_core::clocks::utc_name(offset)
            ),
            None => "accepted unsigned".to_owned(),
        },
    }
}

fn clock(text: &str) -> &str {
    text.split_once(' ').map_or(text, |(_, t)| t)
}

fn describe(push: &ReceivedPush) -> (String, String) {
    match &push.push {
        Some(Ok(Push::Status(e))) => {
            let mut detail = format!("{} UTC", clock(&e.timestamp.text));
            if let Some(code) = e.state_code {
                match e.hangup_cause() {
                    Some(c) => detail.push_str(&format!(
                        "  hangup {code}: {} ({})",
                        c.meaning_en,
                        c.category.as_str()
                    )),
                    None => detail.push_str(&format!("  hangup {code} (not in the table)")),
                }
            }
            (e.event_type.as_str().to_owned(), detail)
        }
        Some(Ok(Push::Fee(batch))) => {
            let detail = match batch.records.first() {
                Some(r) if r.call_out_answer_time.is_some() => format!(
                    "{} record: answered {} UTC, ended {} UTC, code played {} times",
                    batch.records.len(),
                    r.call_out_answer_time
                        .as_ref()
                        .map_or("", |t| clock(&t.text)),
                    r.call_end_time.as_ref().map_or("", |t| clock(&t.text)),
                    r.tts_play_times.unwrap_or_default()
                ),
                Some(r) => format!(
                    "{} record: not answered (failure reason {})",
                    batch.records.len(),
                    r.ul_fail_reason
                        .map_or_else(|| "unknown".to_owned(), |c| c.to_string())
                ),
                None => "no records".to_owned(),
            };
            ("fee".to_owned(), detail)
        }
        Some(Ok(Push::CollectInfo(e))) => (
            "collectInfo".to_owned(),
            format!(
                "{} UTC  digits {}",
                clock(&e.timestamp.text),
                e.digit_info.as_deref().unwrap_or("(none)")
            ),
        ),
        Some(Ok(Push::Unknown(u))) => (u.event_type.to_string(), "unknown event type".to_owned()),
        _ => ("push".to_owned(), String::new()),
    }
}

/// `callverify demo`.
pub(super) fn demo(args: &DemoArgs) -> Result<(), Failure> {
    let rt = runtime()?;
    rt.block_on(run(args))
}

async fn run(args: &DemoArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let secret = Nonce::generate().map_err(|e| core_failure(&e))?;
    let credentials =
        Credentials::new(APP_KEY, secret.as_str().to_owned()).map_err(|e| core_failure(&e))?;
    let mut config = SandboxConfig::new(credentials.clone());
    config.push_delay = Duration::from_millis(args.push_delay_ms);
    config.log = if args.verbose {
        Log::Stderr
    } else {
        Log::Quiet
    };
    let io = |what: &str, e: std::io::Error| {
        Failure::other(format!("error: could not start the {what}: {e}"))
    };
    let sandbox = Sandbox::start(config, "127.0.0.1:0")
        .await
        .map_err(|e| io("sandbox", e))?;
    let mut receiver = PushReceiver::start(credentials.clone(), VerifyOptions::default())
        .await
        .map_err(|e| io("push receiver", e))?;

    print(&format!(
        "callverify demo: everything runs on 127.0.0.1; nothing is sent to Huawei Cloud.\n\
         sandbox   {}  (imitates the platform; app key {APP_KEY}, random secret)\n\
         receiver  {}  (your server: statusUrl /status, feeUrl /fee)\n\n",
        sandbox.base_url(),
        receiver.base_url()
    ));

    let result = flow(args, &credentials, &sandbox, &mut receiver).await;
    receiver.stop();
    sandbox.shutdown().await;
    let summary = result?;
    print(&format!(
        "\n{summary} ({:.1} s). Try --scenario busy, or `callverify sandbox --help`.\n",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

async fn flow(
    args: &DemoArgs,
    credentials: &Credentials,
    sandbox: &Sandbox,
    receiver: &mut PushReceiver,
) -> Result<String, Failure> {
    let client =
        Client::new(&sandbox.base_url(), credentials.clone()).map_err(|e| core_failure(&e))?;
    let code = generate_verify_code(6).map_err(|e| core_failure(&e))?;
    let callee = args.scenario.callee();
    let mut request = CallVerifyRequest::new(DISPLAY, callee, code.as_str(), "welcome.wav");
    request.status_url = Some(receiver.status_url().to_owned());
    request.fee_url = Some(receiver.fee_url().to_owned());
    request.user_data = Some("demo-order-1".to_owned());
    // Signed now with a fresh nonce: the natural way, and what every retry must do too.
    let http = client
        .call_verify_now(&request)
        .map_err(|e| core_failure(&e))?;

    print(&format!(
        "-> callVerify: call {callee} from {DISPLAY} and read out the code {code}\n"
    ));
    let http_client = loopback_client().map_err(|e| Failure::other(describe_error(&e)))?;
    let answer = crate::send::send(&http_client, &http).await.map_err(|e| {
        Failure::other(format!(
            "error: the sandbox did not answer: {}",
            describe_error(&e)
        ))
    })?;
    let status = answer.status;
    let outcome = Outcome::from_answer(status, &answer.body);
    let session_id = match &outcome {
        Outcome::Success { response, .. } => {
            print(&format!(
                "<- HTTP {status}, resultcode 0 ({}), sessionId {}\n\n",
                response.result_desc, response.session_id
            ));
            response.session_id.clone()
        }
        Outcome::Failure(Error::Api(api)) => {
            print(&format!(
                "<- HTTP {}, resultcode {} ({})\n",
                api.http_status, api.result_code, api.result_desc
            ));
            if let Some(e) = &api.entry {
                print(&format!(
                    "   {}: {} Retry: {}.\n",
                    e.category.as_str(),
                    e.action_en,
                    super::retry_text(e.retry)
                ));
            }
            return Ok("done: the platform refused the call, as this scenario expects".to_owned());
        }
        Outcome::Failure(e) => {
            return Err(Failure::other(format!(
                "error: unexpected answer from the sandbox: {e}"
            )));
        }
    };

    print("pushes to your server, each checked with verify_push, then parsed with parse_push:\n");
    let mut verified = 0;
    let mut last_status: Option<ReceivedPush> = None;
    let mut disconnect_seen = false;
    let mut fee_seen = false;
    while !(disconnect_seen && fee_seen) {
        let Some(push) = receiver.next(PUSH_TIMEOUT).await else {
            return Err(Failure::other(format!(
                "error: no push within {} s (disconnect seen: {disconnect_seen}, fee seen: {fee_seen})",
                PUSH_TIMEOUT.as_secs()
            )));
        };
        let (what, detail) = describe(&push);
        print(&format!(
            "  {what:<11} {}  {detail}\n",
            verification_text(&push)
        ));
        if !push.accepted() {
            return Err(Failure::other(
                "error: a push from the sandbox was rejected",
            ));
        }
        if push.session_id().as_deref() != Some(session_id.as_str()) {
            return Err(Failure::other("error: a push carried another sessionId"));
        }
        verified += 1;
        match &push.push {
            Some(Ok(Push::Status(e))) if e.state_code.is_some() => {
                disconnect_seen = true;
                last_status = Some(push);
            }
            Some(Ok(Push::Fee(_))) => fee_seen = true,
            _ => {}
        }
    }

    // A captured push sent again, signature and all: the replay-key cache must refuse it.
    let mut replay_note = String::new();
    if let Some(original) = last_status {
        let mut again = http_client.post(&original.url).body(original.body.clone());
        for (name, value) in &original.headers {
            if !name.eq_ignore_ascii_case("host") && !name.eq_ignore_ascii_case("content-length") {
                again = again.header(name.as_str(), value.as_str());
            }
        }
        if again.send().await.is_ok()
            && let Some(replayed) = receiver.next(PUSH_TIMEOUT).await
        {
            print(&format!(
                "  {:<11} {}  (the disconnect push sent again, signature and all)\n",
                "replay",
                verification_text(&replayed)
            ));
            if !replayed.replayed {
                return Err(Failure::other("error: the replayed push was not detected"));
            }
            replay_note = ", 1 replay rejected".to_owned();
        }
    }
    Ok(format!("done: {verified} pushes verified{replay_note}"))
}
