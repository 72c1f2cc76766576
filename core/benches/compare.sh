#!/usr/bin/env bash
# Side-by-side run of several builds' criterion benches (`benches/core.rs`) in interleaved rounds:
# each round runs every build once, in a rotating order, so a VM whose speed drifts within
# minutes slows every build alike. Prints each build's median per benchmark over the rounds and
# its ratio to the first build's.
#
# Build each side's bench binary first, each commit in its own worktree. One target directory
# for all keeps the dependencies shared, but cargo gives every build of the crate the same binary
# name (`core-<hash>`, the hash does not depend on the folder), so touch the sources to force the
# rebuild and copy the binary away after each build:
#   git worktree add --detach /tmp/base <commit>
#   cd /tmp/base && touch core/src/*.rs &&
#     CARGO_TARGET_DIR=/tmp/t cargo bench -p callverify-core --bench core --no-run
#   cp /tmp/t/release/deps/core-<hash> /tmp/base-core    # the path cargo printed
#   (the same in this worktree, copied to /tmp/new-core)
#   bash core/benches/compare.sh -r 6 base=/tmp/base-core new=/tmp/new-core
# ROUNDS defaults to 6; REGEX (criterion's benchmark filter) to the two floors' benchmarks and
# the HMAC baseline.
set -euo pipefail

rounds=6
filter='^(sign/bare_hmac_sha256_base64|build_sign_validate|parse_status_push)$'
while getopts r:f: opt; do
    case $opt in
        r) rounds=$OPTARG ;;
        f) filter=$OPTARG ;;
        *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: $0 [-r ROUNDS] [-f REGEX] name=binary name=binary ..." >&2; exit 2; }

names=() bins=()
for arg in "$@"; do
    names+=("${arg%%=*}")
    bins+=("${arg#*=}")
done
results=$(mktemp)
trap 'rm -f "$results"' EXIT
n=${#names[@]}
for ((round = 0; round < rounds; round++)); do
    for ((k = 0; k < n; k++)); do
        i=$(((round + k) % n))
        # `--output-format bencher` prints "test NAME ... bench: 1,234 ns/iter (+/- 56)".
        "${bins[$i]}" --bench --output-format bencher --warm-up-time 1 --measurement-time 3 \
            "$filter" 2>/dev/null |
            awk -v build="${names[$i]}" '/ns\/iter/ { gsub(",", "", $5); print build, $2, $5 }' \
                >>"$results"
    done
    echo "round $((round + 1))/$rounds done" >&2
done

echo "$rounds interleaved rounds, $(date -u '+%Y-%m-%d %H:%M UTC'); median ns per call (ratio to ${names[0]})"
python3 - "$results" "${names[@]}" <<'EOF'
import statistics, sys
path, names = sys.argv[1], sys.argv[2:]
times = {}
for line in open(path):
    build, bench, ns = line.split()
    times.setdefault(bench, {}).setdefault(build, []).append(float(ns))
print("| benchmark | " + " | ".join(names) + " |")
print("|---|" + "---:|" * len(names))
for bench, by_build in times.items():
    base = statistics.median(by_build.get(names[0], [float("nan")]))
    cells = []
    for name in names:
        values = by_build.get(name, [])
        med = statistics.median(values) if values else float("nan")
        spread = f" ({min(values):.0f}-{max(values):.0f})" if values else ""
        ratio = "" if name == names[0] else f", {med / base:.2f}×"
        cells.append(f"{med:.0f}{spread}{ratio}")
    print(f"| {bench} | " + " | ".join(cells) + " |")
EOF
