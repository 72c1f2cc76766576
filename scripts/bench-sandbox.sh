#!/usr/bin/env bash
# Load benchmark of the local sandbox (a benchmark, not a test): 10,000 signed callVerify requests
# from 16 concurrent clients against one sandbox, every push received and verified; then the same
# load against the sandbox without push URLs and against a bare endpoint, for the ratios.
# Writes docs/bench/sandbox.md (pass --no-write to only print). Loopback only; bounded in count and
# time (the run stops by itself after at most 10 minutes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f .tools/env.sh ] && source .tools/env.sh

REQUESTS="${REQUESTS:-10000}"
CLIENTS="${CLIENTS:-16}"
cargo build --release -q -p callverify-cli --example bench-sandbox
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
report=$(target/release/examples/bench-sandbox "$REQUESTS" "$CLIENTS")
echo "$report"

if [ "${1:-}" != "--no-write" ]; then
  {
    echo "# Sandbox load benchmark"
    echo
    echo "Command: \`scripts/bench-sandbox.sh\` (runs \`cargo run --release -p callverify-cli --example bench-sandbox -- $REQUESTS $CLIENTS\`)"
    echo
    echo "Machine: $(nproc) cores, $(rustc --version), release build. Date: $(date -u +%Y-%m-%d). Figures vary by"
    echo "about ±30 % from run to run on this shared 2-core machine (load average before this run: $load_before;"
    echo "other work on the machine lowers them); the pass/fail result does not."
    echo "Everything runs in one process on one tokio runtime ($(nproc) worker threads): the $CLIENTS clients"
    echo "(each request signed afresh with the core), the sandbox, and the push receiver (verify_push, replay"
    echo "check and parse_push on every push). Latency is per request, from sending to the end of the answer."
    echo "The sandbox runs with --push-delay-ms 0, so every answered call makes 4 status pushes and 1 fee push"
    echo "at once. The bare endpoint answers a fixed success without reading or checking anything: the plain"
    echo "way of answering the same requests, for the ratio."
    echo
    echo "$report"
  } > docs/bench/sandbox.md
  echo "wrote docs/bench/sandbox.md"
fi
