//! The command line, declared with clap.

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
The app secret is read from the environment variable CALLVERIFY_APP_SECRET, never from the command line.
Exit status: 0 success, 2 invalid input (each problem on its own line of stderr, field first), 1 any other
failure; verify-push exits 3 when it rejects a push.

Start here: callverify demo";

/// Sign, build, send and explain Huawei Cloud Voice Call voice verification code requests
/// (语音验证码), verify the platform's pushes, and run a local sandbox of the platform.
#[derive(Debug, Parser)]
#[command(name = "callverify", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the Authorization and X-AKSK headers for a nonce and time.
    Sign(SignArgs),
    /// Build a signed callVerify request and print it (JSON, a curl command, or raw HTTP).
    Build(BuildArgs),
    /// Build, sign and send a callVerify request, then print the platform's answer.
    Send(SendArgs),
    /// Explain a result code of the platform (what it means, what to do, whether to retry).
    Explain(ExplainArgs),
    /// Parse a saved answer of the platform (e.g. from the curl command of `build`).
    ParseResponse(ParseResponseArgs),
    /// Parse a status or fee push body and print it as JSON.
    ParsePush(ParsePushArgs),
    /// Check a push's Authorization and X-AKSK headers.
    VerifyPush(VerifyPushArgs),
    /// Generate a random verification code.
    Code(CodeArgs),
    /// Run a local sandbox of the platform (callVerify plus signed status and fee pushes).
    Sandbox(SandboxArgs),
    /// Run the whole flow locally: sandbox, push receiver, one code sent, every push verified.
    Demo(DemoArgs),
}

/// Output format of `sign`, `send`, `explain`, `verify-push`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// Lines for people.
    Text,
    /// JSON for programs.
    Json,
}

/// Output format of `build`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BuildFormat {
    /// `{"method","url","headers":{…},"body"}`.
    Json,
    /// A runnable curl command.
    Curl,
    /// The raw HTTP/1.1 request (CRLF line ends, Host and Content-Length).
    Http,
}

/// A push digest form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DigestFormArg {
    /// url + nonce + created (the seed's form).
    Concatenated,
    /// url + "\n" + nonce + "\n" + created (current Huawei pages).
    Newline,
}

impl From<DigestFormArg> for callverify_core::DigestForm {
    fn from(f: DigestFormArg) -> Self {
        match f {
            DigestFormArg::Concatenated => callverify_core::DigestForm::Concatenated,
            DigestFormArg::Newline => callverify_core::DigestForm::Newline,
        }
    }
}

/// `callverify sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The application's App Key.
    #[arg(long, value_name = "K")]
    pub app_key: String,
    /// Nonce: 1-128 characters of [0-9A-Za-z] (default: 32 random hex characters).
    #[arg(long, value_name = "N")]
    pub nonce: Option<String>,
    /// Sign for this Unix time in seconds (default: now).
    #[arg(
        long,
        value_name = "UNIX",
        allow_negative_numbers = true,
        conflicts_with = "created"
    )]
    pub now: Option<i64>,
    /// Use this Created stamp verbatim (YYYY-MM-DDTHH:MM:SSZ).
    #[arg(long, value_name = "STAMP")]
    pub created: Option<String>,
    /// Offset of Created from UTC: +08:00, -05:00, +0545 or seconds (default UTC).
    #[arg(
        long,
        value_name = "OFFSET",
        allow_hyphen_values = true,
        conflicts_with = "created"
    )]
    pub created_offset: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// The request flags shared by `build` and `send`.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// Base URL of the application (https://host[:port]; http only to loopback, e.g. the sandbox).
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// The application's App Key.
    #[arg(long, value_name = "K")]
    pub app_key: String,
    /// Read the request from a JSON file ("-": stdin) with the table-4 names (displayNbr, …;
    /// plain statusUrl/feeUrl, boolean returnIdlePort); flags override its fields.
    #[arg(long, value_name = "FILE")]
    pub request: Option<String>,
    /// displayNbr: the number shown to the callee, e.g. +8675528000088.
    #[arg(
        long,
        value_name = "NBR",
        required_unless_present = "request",
        allow_hyphen_values = true
    )]
    pub display: Option<String>,
    /// calleeNbr: the number to call, e.g. +8618900000007.
    #[arg(
        long,
        value_name = "NBR",
        required_unless_present = "request",
        allow_hyphen_values = true
    )]
    pub callee: Option<String>,
    /// verifyCode: 2-8 digits (see `callverify code`).
    #[arg(
        long,
        value_name = "DIGITS",
        required_unless_present = "request",
        allow_hyphen_values = true
    )]
    pub code: Option<String>,
    /// preTone: approved .wav file played before the code.
    #[arg(
        long,
        value_name = "F",
        required_unless_present = "request",
        allow_hyphen_values = true
    )]
    pub pre_tone: Option<String>,
    /// posTone: approved .wav file played after the code.
    #[arg(long, value_name = "F", allow_hyphen_values = true)]
    pub pos_tone: Option<String>,
    /// times: how often the code is played, 0-9 (0: until hangup; platform default 3).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub times: Option<i64>,
    /// languageType (2, Chinese, is the only documented value and the default).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub language: Option<i64>,
    /// statusUrl, plain (base64-encoded for you).
    #[arg(long, value_name = "URL", allow_hyphen_values = true)]
    pub status_url: Option<String>,
    /// feeUrl, plain (base64-encoded for you).
    #[arg(long, value_name = "URL", allow_hyphen_values = true)]
    pub fee_url: Option<String>,
    /// Ask for the platform's idle port count (returnIdlePort "true"; `=false` sends "false").
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub return_idle_port: Option<bool>,
    /// userData: 1-256 ASCII characters without braces, echoed in pushes.
    #[arg(
        long,
        value_name = "S",
        allow_hyphen_values = true,
        conflicts_with = "user_data_text"
    )]
    pub user_data: Option<String>,
    /// userData from any text (e.g. Chinese): sent base64-encoded.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub user_data_text: Option<String>,
    /// Nonce (default: 32 random hex characters). Never reuse one.
    #[arg(long, value_name = "N")]
    pub nonce: Option<String>,
    /// Sign for this Unix time in seconds (default: now).
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub now: Option<i64>,
    /// Offset of Created from UTC: +08:00, -05:00, +0545 or seconds (default UTC).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub created_offset: Option<String>,
}

/// `callverify build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub request: RequestArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BuildFormat::Json)]
    pub format: BuildFormat,
}

/// `callverify send`.
#[derive(Debug, Args)]
pub struct SendArgs {
    #[command(flatten)]
    pub request: RequestArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// `callverify explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The result code, e.g. 1010010.
    #[arg(value_name = "CODE", allow_hyphen_values = true)]
    pub code: String,
    /// The HTTP status it came with (some codes mean different things at different statuses).
    #[arg(long, value_name = "HTTP")]
    pub status: Option<u16>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// `callverify parse-response`.
#[derive(Debug, Args)]
pub struct ParseResponseArgs {
    /// The HTTP status the answer came with.
    #[arg(long, value_name = "HTTP")]
    pub status: u16,
    /// File with the raw answer body ("-" or nothing: stdin).
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// `callverify parse-push`.
#[derive(Debug, Args)]
pub struct ParsePushArgs {
    /// File with the raw push body ("-" or nothing: stdin).
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: String,
}

/// `callverify verify-push`.
#[derive(Debug, Args)]
pub struct VerifyPushArgs {
    /// The push URL exactly as configured in statusUrl/feeUrl.
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// The application's App Key.
    #[arg(long, value_name = "K")]
    pub app_key: String,
    /// A header of the push, 'Name: value' (repeat for each header).
    #[arg(
        long = "header",
        short = 'H',
        value_name = "NAME: VALUE",
        allow_hyphen_values = true
    )]
    pub headers: Vec<String>,
    /// Read headers from a JSON file ("-": stdin): a list of [name, value] pairs, or an object
    /// name → value (for values a command line cannot carry, such as NUL characters).
    #[arg(long, value_name = "FILE")]
    pub headers_json: Option<String>,
    /// The current Unix time in seconds (default: now).
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub now: Option<i64>,
    /// Freshness window in seconds, 1-86400 (default 300).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub window: Option<i64>,
    /// Accept a push that carries neither Authorization nor X-AKSK (reported as unsigned).
    #[arg(long)]
    pub allow_unsigned: bool,
    /// Accept only this digest form (default: either).
    #[arg(long, value_enum)]
    pub digest_form: Option<DigestFormArg>,
    /// Offset of the push's Created from UTC: +08:00, … (default UTC).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub created_offset: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// `callverify code`.
#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Number of digits, 2-8.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 6,
        allow_negative_numbers = true
    )]
    pub digits: i64,
}

/// `callverify sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Loopback address to listen on (port 0: a free port, printed on the first line).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:18080")]
    pub listen: String,
    /// The App Key the sandbox accepts (the secret comes from CALLVERIFY_APP_SECRET).
    #[arg(long, value_name = "K")]
    pub app_key: String,
    /// Delay before each push, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub push_delay_ms: u64,
    /// How pushes are signed.
    #[arg(long, value_enum, default_value_t = DigestFormArg::Newline)]
    pub push_digest_form: DigestFormArg,
    /// Largest accepted difference between Created and the sandbox's clock, in seconds (in each
    /// accepted clock).
    #[arg(long, value_name = "S", default_value_t = 300)]
    pub created_window: u32,
    /// Pin the clock of requests' Created: +08:00, UTC, -05:00, +0545 or seconds (default: UTC
    /// and UTC+8 are both accepted, as on the platform).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub created_offset: Option<String>,
    /// The clock of Created in the sandbox's pushes: +08:00 (Beijing time, as the platform), UTC, …
    #[arg(
        long,
        value_name = "OFFSET",
        allow_hyphen_values = true,
        default_value = "+08:00"
    )]
    pub push_created_offset: String,
    /// Further attempts of a fee push not answered with HTTP 200, each re-signed (status pushes
    /// are never retried).
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub fee_retries: u32,
    /// Seconds between fee push attempts.
    #[arg(long, value_name = "S", default_value_t = 3600)]
    pub fee_retry_interval: u64,
    /// Authentication failures from one IP that get it blocked (result code 1020176); 0 never blocks.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub auth_failure_limit: u32,
    /// Window in which authentication failures are counted, in seconds.
    #[arg(long, value_name = "S", default_value_t = 600)]
    pub auth_failure_window: u64,
    /// How long a blocked IP stays blocked, in seconds.
    #[arg(long, value_name = "S", default_value_t = 1800)]
    pub block_seconds: u64,
    /// Voice ports of the simulated application (idlePort = this minus calls in progress).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub ports: u32,
    /// Do not log requests and pushes.
    #[arg(long)]
    pub quiet: bool,
}

/// Demo scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DemoScenario {
    /// The callee answers and hears the code.
    Answered,
    /// The phone rings, nobody answers (hangup cause 8101).
    NoAnswer,
    /// The callee is busy (8102).
    Busy,
    /// The callee's phone is off (8104).
    PoweredOff,
    /// The callee is blacklisted (result code 1013004, no call).
    Blacklisted,
    /// The callee was called too often (1013117, no call).
    RateLimited,
    /// The platform has no free voice ports (1020154, no call).
    PortsExhausted,
}

impl DemoScenario {
    /// The sandbox's magic callee number for the scenario.
    pub fn callee(self) -> &'static str {
        match self {
            DemoScenario::Answered => "+8618900000007",
            DemoScenario::NoAnswer => "+8613800008101",
            DemoScenario::Busy => "+8613800008102",
            DemoScenario::PoweredOff => "+8613800008104",
            DemoScenario::Blacklisted => "+8613801013004",
            DemoScenario::RateLimited => "+8613801013117",
            DemoScenario::PortsExhausted => "+8613801020154",
        }
    }
}

/// `callverify demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// What happens to the call.
    #[arg(long, value_enum, default_value_t = DemoScenario::Answered)]
    pub scenario: DemoScenario,
    /// Delay before each push, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 150)]
    pub push_delay_ms: u64,
    /// Also print the sandbox's log lines (stderr).
    #[arg(long)]
    pub verbose: bool,
}
