//! The #2 speed goal as one figure: build + sign + validate one callVerify request, divided by one
//! bare HMAC-SHA256 + base64 of the same Nonce + Created (the plain way, keyed each time).
//!
//! Criterion (`benches/core.rs`) measures the two one after the other, several seconds apart; on
//! a VM whose speed drifts by tens of per cent within minutes, that makes their ratio drift too.
//! This bench alternates short rounds of the two (`ROUNDS` pairs of ~100 ms each), takes the
//! ratio within each pair, and prints the median, the spread and the per-call medians.
//!
//! Run: `cargo bench -p callverify-core --bench ratio` (add `-- --rounds N` for more pairs).
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
use std::time::{Duration, Instant};

use callverify_core::{Client, Credentials, Nonce};

mod common;
use common::{NONCE, SECRET, bare_digest, request};

const ROUND: Duration = Duration::from_millis(100);

/// Nanoseconds per call of `f`, over one round of about `ROUND`.
fn round(mut f: impl FnMut()) -> f64 {
    // Calibrate the batch so the clock is read rarely.
    let mut batch = 64u32;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        if start.elapsed() >= ROUND / 20 {
            break;
        }
        batch *= 2;
    }
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed() < ROUND {
        for _ in 0..batch {
            f();
        }
        calls += u64::from(batch);
    }
    start.elapsed().as_nanos() as f64 / calls as f64
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn main() {
    let mut rounds = 30usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--rounds" {
            rounds = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--rounds N");
        }
        // `cargo bench` passes `--bench`; other arguments are ignored.
    }
    let client = Client::new(
        "https://rtccall.cn-north-1.myhuaweicloud.cn:443",
        Credentials::new("bench-app-key", SECRET).unwrap(),
    )
    .unwrap();
    let request = request();
    let mut bare = || {
        black_box(bare_digest());
    };
    let mut build = || {
        let nonce = Nonce::new(black_box(NONCE)).unwrap();
        black_box(
            client
                .call_verify(black_box(&request), black_box(1_527_294_930), nonce)
                .unwrap(),
        );
    };
    // Warm-up: one untimed pair.
    round(&mut bare);
    round(&mut build);
    let (mut bare_ns, mut build_ns, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        // Alternate which side goes first, so neither always runs on a warmer cache.
        let (b, s) = if i % 2 == 0 {
            let b = round(&mut bare);
            (b, round(&mut build))
        } else {
            let s = round(&mut build);
            (round(&mut bare), s)
        };
        bare_ns.push(b);
        build_ns.push(s);
        ratios.push(s / b);
    }
    let mut sorted = ratios.clone();
    sorted.sort_by(f64::total_cmp);
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let q = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    println!(
        "{rounds} alternating pairs of {} ms rounds",
        ROUND.as_millis()
    );
    println!(
        "bare HMAC-SHA256 + base64: median {:.0} ns; build + sign + validate: median {:.0} ns",
        median(&mut bare_ns),
        median(&mut build_ns)
    );
    println!(
        "ratio per pair: median {:.2}x, quartiles {:.2}-{:.2}x, range {lo:.2}-{hi:.2}x (goal <= 2x)",
        median(&mut ratios),
        q(0.25),
        q(0.75)
    );
}
