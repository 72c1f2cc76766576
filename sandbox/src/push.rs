//! The pushes of one accepted call: status events to the decoded `statusUrl`, then one fee batch to
//! `feeUrl`, each signed with the core's `sign_push` as the platform signs them, `Created` in the
//! configured push clock (Beijing time by default).
//!
//! Status pushes are sent once. A fee push that is not answered with HTTP 200 (a refused
//! connection and a timeout included) is sent again, as the platform does: up to `fee_retries`
//! more attempts, `fee_retry_interval` apart, each re-signed with a fresh nonce and `Created`.
//! Retries run in the call's own task, so they never hold up other requests or other calls'
//! pushes, and they stop when the sandbox shuts down.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use callverify_core::push::StatusEventType;
use callverify_core::push_auth::sign_push;
use callverify_core::{Nonce, unix_now};
use serde::Serialize;

use super::scenario::{Scenario, failure_causes, state_desc};
use super::{Shared, elapsed_ms};

/// One accepted call, as the pushes need it.
#[derive(Debug)]
pub(crate) struct Call {
    pub session_id: String,
    pub scenario: Scenario,
    pub display_nbr: String,
    pub callee_nbr: String,
    pub status_url: Option<String>,
    pub fee_url: Option<String>,
    pub user_data: Option<String>,
    pub times: Option<i64>,
}

#[derive(Serialize)]
struct StatusPush<'a> {
    #[serde(rename = "eventType")]
    event_type: &'a str,
    #[serde(rename = "statusInfo")]
    status_info: StatusInfo<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusInfo<'a> {
    session_id: &'a str,
    timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_data: Option<&'a str>,
    caller: &'a str,
    called: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_desc: Option<String>,
}

#[derive(Serialize)]
struct FeePush<'a> {
    #[serde(rename = "eventType")]
    event_type: &'a str,
    #[serde(rename = "feeLst")]
    fee_lst: [FeeInfo<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FeeInfo<'a> {
    direction: i64,
    sp_id: &'a str,
    app_key: &'a str,
    icid: String,
    bind_num: &'a str,
    session_id: &'a str,
    caller_num: &'a str,
    callee_num: &'a str,
    fwd_unasw_rsn: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    fail_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ul_fail_reason: Option<i64>,
    sip_status_code: i64,
    call_out_start_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_out_alerting_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_out_answer_time: Option<String>,
    call_end_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_out_unasw_rsn: Option<i64>,
    record_flag: i64,
    tts_play_times: i64,
    service_type: &'a str,
    host_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_data: Option<&'a str>,
}

/// The platform's push timestamp (`yyyy-MM-dd HH:mm:ss`, UTC) for Unix seconds.
pub(crate) fn push_timestamp(unix: i64) -> String {
    callverify_core::stamps::format_push_timestamp(unix)
        .unwrap_or_else(|_| "1970-01-01 00:00:00".to_owned())
}

/// Whether the sandbox may push to this URL: plain http to a loopback host only.
pub(crate) fn push_target(url: &str) -> Result<reqwest::Url, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
    if parsed.scheme() != "http" {
        return Err("the sandbox pushes over plain http only".to_owned());
    }
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    };
    if !loopback {
        return Err(
            "the sandbox pushes only to loopback hosts (127.0.0.0/8, localhost, [::1])".to_owned(),
        );
    }
    Ok(parsed)
}

/// A fee push whose first attempt was not answered with HTTP 200.
#[derive(Debug)]
pub(crate) struct FeeRetry {
    url: String,
    body: String,
    session_id: String,
}

/// What one push attempt came to.
enum Delivery {
    /// Answered with HTTP 200.
    Delivered,
    /// Not sent: the URL is not plain http to loopback, or the push could not be made.
    NotSent,
    /// Sent, but refused, not answered in time, or answered with another status.
    Failed,
}

/// Runs one call: waits, pushes each status event, then the fee batch. Returns the fee push when
/// its first attempt failed and retries are configured.
pub(crate) async fn run_call(shared: &Arc<Shared>, call: Call) -> Option<FeeRetry> {
    let Scenario::Call { state_code } = call.scenario else {
        return None;
    };
    let delay = shared.config.push_delay;
    let mut start = None;
    let mut alerting = None;
    let mut answer = None;
    let mut end = 0;
    for &event in call.scenario.events() {
        tokio::time::sleep(delay).await;
        let now = unix_now().unwrap_or_default();
        match event {
            StatusEventType::Callout => start = Some(now),
            StatusEventType::Alerting => alerting = Some(now),
            StatusEventType::Answer => answer = Some(now),
            StatusEventType::Disconnect => end = now,
        }
        let Some(url) = &call.status_url else {
            continue;
        };
        let disconnect = event == StatusEventType::Disconnect;
        let body = StatusPush {
            event_type: event.as_str(),
            status_info: StatusInfo {
                session_id: &call.session_id,
                timestamp: push_timestamp(now),
                user_data: call.user_data.as_deref(),
                caller: &call.display_nbr,
                called: &call.callee_nbr,
                state_code: disconnect.then_some(state_code),
                state_desc: disconnect.then(|| state_desc(state_code)),
            },
        };
        let detail = if disconnect {
            format!("stateCode {state_code}")
        } else {
            String::new()
        };
        let Some(body) = to_json(shared, &body, url) else {
            continue;
        };
        deliver(
            shared,
            url,
            &body,
            event.as_str(),
            &call.session_id,
            &detail,
            "; status pushes are not retried",
        )
        .await;
    }
    if let Some(url) = &call.fee_url {
        tokio::time::sleep(delay).await;
        let start = start.unwrap_or(end);
        let answered = answer.is_some();
        let (sip, q850) = failure_causes(state_code);
        let record = FeeInfo {
            direction: 0,
            sp_id: "sandbox_sp",
            app_key: shared.config.credentials.app_key(),
            icid: format!(
                "CAE-{}",
                Nonce::generate()
                    .map(|n| n.as_str().to_owned())
                    .unwrap_or_default()
            ),
            bind_num: &call.display_nbr,
            session_id: &call.session_id,
            caller_num: &call.display_nbr,
            callee_num: &call.callee_nbr,
            fwd_unasw_rsn: 0,
            fail_time: (!answered).then(|| push_timestamp(end)),
            ul_fail_reason: (!answered).then_some(state_code),
            sip_status_code: if answered { 200 } else { sip },
            call_out_start_time: push_timestamp(start),
            call_out_alerting_time: alerting.map(push_timestamp),
            call_out_answer_time: answer.map(push_timestamp),
            call_end_time: push_timestamp(end),
            call_out_unasw_rsn: (!answered).then_some(q850),
            record_flag: 0,
            tts_play_times: if answered { call.times.unwrap_or(3) } else { 0 },
            service_type: "004",
            host_name: "callenabler.sandbox.invalid",
            user_data: call.user_data.as_deref(),
        };
        let body = FeePush {
            event_type: "fee",
            fee_lst: [record],
        };
        let body = to_json(shared, &body, url)?;
        let retries = shared.config.fee_retries;
        let attempts = u64::from(retries) + 1;
        let tail = if retries == 0 {
            "; no retries configured".to_owned()
        } else {
            format!(
                "; next attempt in {}",
                seconds(shared.config.fee_retry_interval)
            )
        };
        let detail = format!("1 record, attempt 1 of {attempts}");
        if let Delivery::Failed =
            deliver(shared, url, &body, "fee", &call.session_id, &detail, &tail).await
            && retries > 0
        {
            return Some(FeeRetry {
                url: url.clone(),
                body,
                session_id: call.session_id,
            });
        }
    }
    None
}

/// Sends a failed fee push again, `fee_retry_interval` apart, until it is answered with HTTP 200,
/// the attempts run out, or the sandbox shuts down.
pub(crate) async fn retry_fee(shared: &Shared, retry: FeeRetry) {
    let retries = shared.config.fee_retries;
    let attempts = u64::from(retries) + 1;
    let interval = shared.config.fee_retry_interval;
    let FeeRetry {
        url,
        body,
        session_id,
    } = retry;
    for attempt in 2..=attempts {
        let left = attempts - attempt + 1;
        let stopped = |when: &str| {
            format!(
                "push fee -> {url} retries stopped {when}: the sandbox is shutting down ({left} of {attempts} attempts not made; session {session_id})"
            )
        };
        tokio::select! {
            () = tokio::time::sleep(interval) => {}
            () = shared.stopped() => {
                shared.log(&stopped("before the next attempt"));
                return;
            }
        }
        shared.stats.fee_retries.fetch_add(1, Ordering::Relaxed);
        let tail = if attempt == attempts {
            "; no attempts left, the fee push is dropped".to_owned()
        } else {
            format!("; next attempt in {}", seconds(interval))
        };
        let detail = format!("1 record, attempt {attempt} of {attempts}");
        let outcome = tokio::select! {
            outcome = deliver(shared, &url, &body, "fee", &session_id, &detail, &tail) => outcome,
            () = shared.stopped() => {
                shared.log(&stopped("during an attempt"));
                return;
            }
        };
        match outcome {
            Delivery::Failed => {}
            Delivery::Delivered | Delivery::NotSent => return,
        }
    }
}

/// `1 s`, `3600 s`, `0.25 s`.
fn seconds(d: std::time::Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} s", d.as_secs_f64())
    }
}

/// A push body as JSON; a failure is counted and logged.
fn to_json<T: Serialize>(shared: &Shared, body: &T, url: &str) -> Option<String> {
    match serde_json::to_string(body) {
        Ok(b) => Some(b),
        Err(e) => {
            shared.stats.pushes_failed.fetch_add(1, Ordering::Relaxed);
            shared.log(&format!(
                "push to {url} failed: could not write the body: {e}"
            ));
            None
        }
    }
}

/// Signs (fresh nonce, `Created` now in the push clock) and sends one push attempt; one log line.
/// `fail_tail` is appended to the line when the attempt fails (what happens next).
async fn deliver(
    shared: &Shared,
    url: &str,
    body: &str,
    what: &str,
    session_id: &str,
    detail: &str,
    fail_tail: &str,
) -> Delivery {
    let started = Instant::now();
    let stats = &shared.stats;
    let target = match push_target(url) {
        Ok(t) => t,
        Err(why) => {
            stats.pushes_skipped.fetch_add(1, Ordering::Relaxed);
            shared.log(&format!(
                "push {what} to {url} skipped: {why} (session {session_id})"
            ));
            return Delivery::NotSent;
        }
    };
    let nonce = Nonce::generate()
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|_| "0".to_owned());
    // `Created` in the push clock: UTC plus its offset (the stamp keeps its trailing Z).
    let stamped = unix_now()
        .unwrap_or_default()
        .saturating_add(i64::from(shared.config.push_created_offset_seconds));
    let headers = match sign_push(
        &shared.config.credentials,
        url,
        &nonce,
        stamped,
        shared.config.push_digest_form,
    ) {
        Ok(h) => h,
        Err(e) => {
            stats.pushes_failed.fetch_add(1, Ordering::Relaxed);
            shared.log(&format!("push {what} to {url} failed: could not sign: {e}"));
            return Delivery::NotSent;
        }
    };
    let mut request = shared
        .client
        .post(target)
        .header("Content-Type", "application/json;charset=UTF-8")
        .body(body.to_owned());
    for (name, value) in &headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let sep = if detail.is_empty() { "" } else { ", " };
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            // Drain the answer so the connection can be reused.
            let _ = response.bytes().await;
            let (outcome, tail) = if status == 200 {
                stats.pushes_sent.fetch_add(1, Ordering::Relaxed);
                (Delivery::Delivered, "")
            } else {
                stats.pushes_failed.fetch_add(1, Ordering::Relaxed);
                (Delivery::Failed, fail_tail)
            };
            shared.log(&format!(
                "push {what} -> {url} {status} (session {session_id}{sep}{detail}{tail}) {}",
                elapsed_ms(started)
            ));
            outcome
        }
        Err(e) => {
            stats.pushes_failed.fetch_add(1, Ordering::Relaxed);
            shared.log(&format!(
                "push {what} -> {url} failed: {} (session {session_id}{sep}{detail}{fail_tail}) {}",
                crate::http::describe_error(&e),
                elapsed_ms(started)
            ));
            Delivery::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_timestamps() {
        assert_eq!(push_timestamp(1_548_298_126), "2019-01-24 02:48:46");
    }
}
