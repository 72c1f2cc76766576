#!/usr/bin/env bash
# Builds and installs the callverify Python package, then runs every Python check:
#   1. `pip install ./bindings-python` (maturin, release, abi3 wheel) into the project venv (.venv);
#   2. the type stubs against the runtime: `python -m mypy.stubtest callverify` (no allowlist);
#   3. mypy --strict over the package and over the examples (the installed stubs are usable);
#   4. pytest: every case of tests/vectors/*.json, the Python surface, security, threads, examples;
#   5. the benchmark script with tiny iteration counts (a smoke check; figures: docs/bench/python.md);
#   6. scripts/e2e-python.sh: the examples against the local sandbox.
# Prints "<N> passed, <M> failed" as its last line; exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=/dev/null
source .tools/env.sh

PY="$ROOT/.venv/bin/python"
OUT="$ROOT/target/python"
mkdir -p "$OUT"

passed=0
failed=0
step() { # name command...
  local name=$1 log
  shift
  log="$OUT/$(echo "$name" | tr ' /' '__').log"
  if "$@" >"$log" 2>&1; then
    echo "ok    $name"
    passed=$((passed + 1))
  else
    echo "FAIL  $name (log: ${log#"$ROOT"/})"
    tail -n 40 "$log" | sed 's/^/      /'
    failed=$((failed + 1))
  fi
}

echo "building and installing bindings-python (pip install, maturin, release)..."
# maturin builds with PYO3_BUILD_EXTENSION_MODULE set; a target dir of its own keeps that from
# invalidating the workspace's pyo3 build (and the other way round).
if ! CARGO_TARGET_DIR="$OUT" "$PY" -m pip install --quiet --no-build-isolation --force-reinstall --no-deps \
  ./bindings-python >"$OUT/pip-install.log" 2>&1; then
  tail -n 60 "$OUT/pip-install.log"
  echo "0 passed, 1 failed"
  exit 1
fi

# Import from the installed wheel, never from the source tree.
cd "$OUT"
step "stubtest callverify" "$PY" -m mypy.stubtest callverify
# The package's own sources, then the examples against the installed package (py.typed, stubs).
step "mypy --strict package" "$PY" -m mypy --strict --no-incremental --python-version 3.10 \
  "$ROOT/bindings-python/python/callverify"
step "mypy --strict examples" "$PY" -m mypy --strict --no-incremental --python-version 3.10 \
  "$ROOT/examples/python" "$ROOT/examples/receivers/python"
cd "$ROOT"

pytest_xml="$OUT/pytest.xml"
rm -f "$pytest_xml"
set +e
"$PY" -m pytest -q -p no:cacheprovider --junitxml="$pytest_xml" bindings-python/tests | tail -n 30
set -e
if [ -f "$pytest_xml" ]; then
  read -r tp tf < <("$PY" - "$pytest_xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(tests - bad - skipped, bad + skipped)  # a skipped test counts as not passed
EOF
)
  passed=$((passed + tp))
  failed=$((failed + tf))
else
  echo "FAIL  pytest produced no report"
  failed=$((failed + 1))
fi

step "benchmark smoke run" "$PY" scripts/bench-python.py --smoke

# The examples end to end against the local sandbox (builds the CLI).
set +e
e2e_output=$(CALLVERIFY_PY_INSTALLED=1 scripts/e2e-python.sh 2>&1)
set -e
echo "$e2e_output" | grep -E '^(ok|FAIL|      )' || true
e2e_last=$(echo "$e2e_output" | tail -n 1)
if [[ "$e2e_last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  passed=$((passed + BASH_REMATCH[1]))
  failed=$((failed + BASH_REMATCH[2]))
else
  echo "FAIL  scripts/e2e-python.sh did not finish:"
  echo "$e2e_output" | tail -n 20 | sed 's/^/      /'
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
