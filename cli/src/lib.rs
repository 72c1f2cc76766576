//! # callverify-cli
//!
//! The library behind the `callverify` command: a [`receiver`] for the pushes of the platform (or
//! of the local sandbox, crate `callverify-sandbox`), the [`send`] path that performs a signed
//! request, and the command-line front end ([`cli`]). Everything that signs, validates or parses
//! lives in `callverify-core`; this crate adds only I/O.
//!
//! The sandbox and the receiver run in-process, on free loopback ports, so tests and examples can
//! drive the whole flow without a platform account:
//!
//! ```
//! use std::time::Duration;
//! use callverify_cli::receiver::PushReceiver;
//! use callverify_core::{CallVerifyRequest, Client, Credentials, VerifyOptions};
//! use callverify_sandbox::{Log, Sandbox, SandboxConfig};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let credentials = Credentials::new("example-key", "example-secret")?;
//! let mut config = SandboxConfig::new(credentials.clone());
//! config.push_delay = Duration::ZERO;
//! config.log = Log::Quiet;
//! let sandbox = Sandbox::start(config, "127.0.0.1:0").await.unwrap();
//! let mut receiver = PushReceiver::start(credentials.clone(), VerifyOptions::default()).await.unwrap();
//!
//! let client = Client::new(&sandbox.base_url(), credentials)?;
//! let mut request = CallVerifyRequest::new("+8675528000088", "+8618900000007", "123456", "welcome.wav");
//! request.status_url = Some(receiver.status_url().to_owned());
//! let http = client.call_verify_now(&request)?;
//! let loopback = callverify_sandbox::http::loopback_client().unwrap();
//! let answer = callverify_cli::send::send(&loopback, &http).await.unwrap();
//! let session = callverify_core::parse_call_verify_response(answer.status, &answer.body)?;
//!
//! // callout, alerting, answer, disconnect: each verified with verify_push.
//! for _ in 0..4 {
//!     let push = receiver.next(Duration::from_secs(5)).await.expect("a push");
//!     assert!(push.verification.is_ok());
//!     assert_eq!(push.session_id().as_deref(), Some(session.session_id.as_str()));
//! }
//! sandbox.shutdown().await;
//! # Ok::<(), callverify_core::Error>(())
//! # }).unwrap();
//! ```
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod cli;
pub mod receiver;
pub mod send;
pub mod stamp;
