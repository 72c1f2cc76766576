//! The pushes of one accepted call: status events to the decoded `statusUrl`, then one fee batch to
//! `feeUrl`, each signed with the core's `sign_push` as the platform signs them.

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
use crate::stamp::push_timestamp;

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

/// Runs one call: waits, pushes each status event, then the fee batch.
pub(crate) async fn run_call(shared: Arc<Shared>, call: Call) {
    let Scenario::Call { state_code } = call.scenario else {
        return;
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
        deliver(
            &shared,
            url,
            &body,
            event.as_str(),
            &call.session_id,
            &detail,
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
        deliver(&shared, url, &body, "fee", &call.session_id, "1 record").await;
    }
}

/// Signs and sends one push; one log line.
async fn deliver<T: Serialize>(
    shared: &Shared,
    url: &str,
    body: &T,
    what: &str,
    session_id: &str,
    detail: &str,
) {
    let started = Instant::now();
    let stats = &shared.stats;
    let target = match push_target(url) {
        Ok(t) => t,
        Err(why) => {
            stats.pushes_skipped.fetch_add(1, Ordering::Relaxed);
            shared.log(&format!(
                "push {what} to {url} skipped: {why} (session {session_id})"
            ));
            return;
        }
    };
    let body = match serde_json::to_string(body) {
        Ok(b) => b,
        Err(e) => {
            stats.pushes_failed.fetch_add(1, Ordering::Relaxed);
            shared.log(&format!(
                "push {what} to {url} failed: could not write the body: {e}"
            ));
            return;
        }
    };
    let nonce = Nonce::generate()
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|_| "0".to_owned());
    let now = unix_now().unwrap_or_default();
    let headers = match sign_push(
        &shared.config.credentials,
        url,
        &nonce,
        now,
        shared.config.push_digest_form,
    ) {
        Ok(h) => h,
        Err(e) => {
            stats.pushes_failed.fetch_add(1, Ordering::Relaxed);
            shared.log(&format!("push {what} to {url} failed: could not sign: {e}"));
            return;
        }
    };
    let mut request = shared
        .client
        .post(target)
        .header("Content-Type", "application/json;charset=UTF-8")
        .body(body);
    for (name, value) in &headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let sep = if detail.is_empty() { "" } else { ", " };
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            // Drain the answer so the connection can be reused.
            let _ = response.bytes().await;
            if (200..300).contains(&status) {
                stats.pushes_sent.fetch_add(1, Ordering::Relaxed);
            } else {
                stats.pushes_failed.fetch_add(1, Ordering::Relaxed);
            }
            shared.log(&format!(
                "push {what} -> {url} {status} (session {session_id}{sep}{detail}) {}",
                elapsed_ms(started)
            ));
        }
        Err(e) => {
            stats.pushes_failed.fetch_add(1, Ordering::Relaxed);
            shared.log(&format!(
                "push {what} -> {url} failed: {} (session {session_id}{sep}{detail}) {}",
                crate::send::describe_error(&e),
                elapsed_ms(started)
            ));
        }
    }
}
