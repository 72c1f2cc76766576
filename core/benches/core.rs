//! Criterion benchmarks of the core's hot paths, each beside its plain baseline.
//!
//! Run: `cargo bench -p callverify-core --bench core`. Figures go to BENCHMARKS.md.
// Test code: its helpers stand outside #[test] functions, which clippy.toml's allow-*-in-tests
// do not reach.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::hint::black_box;

use callverify_core::push_auth::sign_push;
use callverify_core::{
    Client, Credentials, DigestForm, Nonce, VerifyOptions, parse_call_verify_response, parse_push,
    password_digest, verify_push,
};
use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::{CREATED, NONCE, SECRET, bare_digest, request};

fn signing(c: &mut Criterion) {
    let credentials = Credentials::new("bench-app-key", SECRET).unwrap();
    let mut g = c.benchmark_group("sign");
    g.bench_function("bare_hmac_sha256_base64", |b| {
        b.iter(|| black_box(bare_digest()))
    });
    g.bench_function("password_digest", |b| {
        b.iter(|| {
            black_box(password_digest(
                &credentials,
                black_box(NONCE),
                black_box(CREATED),
            ))
        })
    });
    g.finish();
}

fn build(c: &mut Criterion) {
    let client = Client::new(
        "https://rtccall.cn-north-1.myhuaweicloud.cn:443",
        Credentials::new("bench-app-key", SECRET).unwrap(),
    )
    .unwrap();
    let request = request();
    let mut g = c.benchmark_group("build_parts");
    g.bench_function("validate", |b| {
        b.iter(|| black_box(black_box(&request).validate().is_ok()))
    });
    g.bench_function("validate_and_body", |b| {
        b.iter(|| black_box(black_box(&request).to_body().unwrap()))
    });
    let prepared = client.prepare_call_verify(&request).unwrap();
    g.bench_function("sign_prepared", |b| {
        b.iter(|| {
            black_box(
                prepared
                    .sign(
                        black_box(1_527_294_930),
                        Nonce::new(black_box(NONCE)).unwrap(),
                    )
                    .unwrap(),
            )
        })
    });
    g.finish();
    c.bench_function("build_sign_validate", |b| {
        b.iter(|| {
            let nonce = Nonce::new(black_box(NONCE)).unwrap();
            black_box(
                client
                    .call_verify(black_box(&request), black_box(1_527_294_930), nonce)
                    .unwrap(),
            )
        })
    });
}

fn responses(c: &mut Criterion) {
    let body = br#"{"resultcode":"0","resultdesc":"Success","sessionId":"1200_366_0_20161228102743@callenabler.home1.com"}"#;
    c.bench_function("parse_response", |b| {
        b.iter(|| black_box(parse_call_verify_response(200, black_box(body)).unwrap()))
    });
}

fn pushes(c: &mut Criterion) {
    let status = br#"{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260_4294967295_20190124024846@callenabler245.huaweicaas.com","timestamp":"2019-01-24 02:49:23","caller":"+86138****0022","called":"+86138****0021","stateCode":0,"stateDesc":"The user releases the call."}}"#;
    c.bench_function("parse_status_push", |b| {
        b.iter(|| black_box(parse_push(black_box(status)).unwrap()))
    });

    let record = r#"{"direction":0,"spId":"sp_001","appKey":"app-key","icid":"ba171f34e6953fcd751edc77127748f4.3757223714.337238.7","bindNum":"+8675528000088","sessionId":"1202_SESSION@callenabler245.huaweicaas.com","callerNum":"+8675528000088","calleeNum":"+8618900000007","fwdUnaswRsn":0,"failTime":"","ulFailReason":0,"sipStatusCode":0,"callOutStartTime":"2019-01-24 02:48:46","callOutAlertingTime":"2019-01-24 02:48:47","callOutAnswerTime":"2019-01-24 02:49:12","callEndTime":"2019-01-24 02:49:23","callOutUnaswRsn":0,"dynIVRStartTime":"","dynIVRPath":"","recordFlag":0,"ttsPlayTimes":0,"serviceType":"002","hostName":"callenabler245.huaweicaas.com","userData":"order-42"}"#;
    let fee = format!(
        r#"{{"eventType":"fee","feeLst":[{}]}}"#,
        vec![record; 50].join(",")
    );
    c.bench_function("parse_fee_batch_50", |b| {
        b.iter(|| black_box(parse_push(black_box(fee.as_bytes())).unwrap()))
    });

    let credentials = Credentials::new("bench-app-key", SECRET).unwrap();
    let url = "https://example.com/voice/status";
    let headers = sign_push(&credentials, url, NONCE, 1_700_000_000, DigestForm::Newline).unwrap();
    let options = VerifyOptions::default();
    c.bench_function("verify_push", |b| {
        b.iter(|| {
            black_box(
                verify_push(
                    black_box(&headers),
                    url,
                    &credentials,
                    1_700_000_010,
                    &options,
                )
                .unwrap(),
            )
        })
    });
}

criterion_group!(benches, signing, build, responses, pushes);
criterion_main!(benches);
