//! The HTTP client side shared by the sandbox, the `callverify` command and the tests: a client
//! for loopback addresses (the sandbox's pushes, the demo, tests), the rustls crypto provider every
//! client in the process needs, and a readable text for a client error.

use std::sync::Once;
use std::time::Duration;

static PROVIDER: Once = Once::new();

/// Installs rustls's ring provider as the process default (once; reqwest is built without one).
/// Call it before building any `reqwest::Client`; [`loopback_client`] does.
pub fn install_crypto_provider() {
    PROVIDER.call_once(|| {
        // Fails only when a provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A client for loopback only (no proxy): the sandbox's pushes, the demo, tests.
pub fn loopback_client() -> Result<reqwest::Client, reqwest::Error> {
    install_crypto_provider();
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .build()
}

/// A client error with its causes (reqwest's own text is terse).
pub fn describe_error(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
