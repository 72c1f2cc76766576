#!/usr/bin/env bash
# Install everything callverify's build and tests need, on a fresh Debian 12
# machine of this project's kind (run as root; CI runs it with CI=true and no stdin).
#
# Idempotent: every step checks first and prints exactly one line,
#   "setup: <thing> ok"          (already there, nothing done) or
#   "setup: installing <thing>"  (then installs it).
# A second run is a fast no-op.
#
# Nothing is exported persistently. Instead this writes "$ROOT/.tools/env.sh",
# which other scripts `source` to get PATH additions and tool variables.
#
# Only crates.io, PyPI, Debian apt and the npm registry are reachable here:
# no nightly Rust, no GitHub downloads, no browser downloads (Chromium comes from Debian).
set -euo pipefail

START_NS=$(date +%s%N)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_DIR="$TOOLS/node"
VENV="$ROOT/.venv"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"

# ---- pinned versions ------------------------------------------------------------
WASM_BINDGEN_VERSION="0.2.130"   # must equal the wasm-bindgen crate pin ("=0.2.130")

# npm packages installed into .tools/node (name -> exact version)
NPM_PACKAGES=(
  "binaryen@132.0.0"          # wasm-opt (never Debian's binaryen: it breaks wasm-bindgen output)
  "kotlin-compiler@2.4.20"    # kotlinc-jvm + lib/kotlin-stdlib.jar
  "playwright-core@1.65.1"    # drives Debian's /usr/bin/chromium (no browser download)
  "redis@6.4.0"               # node-redis, for examples/receivers/node (scripts/e2e-receivers.sh)
  "typescript@5.9.3"          # tsc, for checking the npm package's .d.ts
)

# Python packages installed into .venv
PY_REQUIREMENTS="\
maturin==1.16.0
pytest==9.2.0
mypy==2.4.1
pytest-benchmark==5.3.1
requests==2.34.2
httpx==0.28.1
fastapi==0.165.0
uvicorn==0.55.0
redis==8.2.0
"

# Debian packages (checked with dpkg-query)
APT_PACKAGES=(libjna-java junit4 libhamcrest-java chromium redis-server)

# Jars the Kotlin binding tests need; the script fails if they are missing.
JNA_JAR=/usr/share/java/jna.jar
JUNIT_JAR=/usr/share/java/junit4.jar
HAMCREST_JAR=/usr/share/java/hamcrest-core.jar
CHROMIUM=/usr/bin/chromium

export DEBIAN_FRONTEND=noninteractive
export PATH="$CARGO_BIN:$PATH"

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

# Run a noisy command with its output in a log; show the log only if it fails.
quietly() {
  local log rc=0
  log=$(mktemp)
  "$@" </dev/null >"$log" 2>&1 || rc=$?
  if [ $rc -ne 0 ]; then
    echo "setup: ERROR: '$*' failed (exit $rc); its output:" >&2
    cat "$log" >&2
    rm -f "$log"
    exit $rc
  fi
  rm -f "$log"
}

# ---- base tools that the machine image must already have ---------------------------
check_base() {
  local missing=()
  for t in cargo rustup node npm python3; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing base tools: ${missing[*]} (expected on this machine image)"
  say "base tools (cargo, rustup, node, npm, python3) ok"
}

# ---- Rust: wasm target and components --------------------------------------------------
setup_rust_target() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "rust target wasm32-unknown-unknown ok"
  else
    say "installing rust target wasm32-unknown-unknown"
    quietly rustup target add wasm32-unknown-unknown
  fi
}

setup_rust_components() {
  local installed c
  installed=$(rustup component list --installed 2>/dev/null)
  for c in rustfmt clippy; do
    if grep -q "^$c" <<<"$installed"; then
      say "rust component $c ok"
    else
      say "installing rust component $c"
      quietly rustup component add "$c"
    fi
  done
}

# ---- wasm-bindgen-cli (from crates.io; ~2 min to build) -----------------------------------
setup_wasm_bindgen() {
  local have=""
  if command -v wasm-bindgen >/dev/null 2>&1; then
    have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
  fi
  if [ "$have" = "$WASM_BINDGEN_VERSION" ]; then
    say "wasm-bindgen-cli $WASM_BINDGEN_VERSION ok"
    return
  fi
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION${have:+ (found $have)}"
  # No --locked: its lockfile pins a crate version the registry mirror lacks.
  # Run from $HOME so that no project .cargo/config.toml (e.g. a wasm build target) applies.
  (cd "$HOME" && quietly cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force)
  have=$(wasm-bindgen --version | awk '{print $2}')
  [ "$have" = "$WASM_BINDGEN_VERSION" ] || die "wasm-bindgen reports '$have' after install, want $WASM_BINDGEN_VERSION"
}

# ---- cargo-fuzz (from crates.io; ~1 min to build) --------------------------------------------
# Runs on the stable compiler with RUSTC_BOOTSTRAP=1 (see scripts/fuzz.sh).
CARGO_FUZZ_VERSION="0.13.2"
setup_cargo_fuzz() {
  local have=""
  if command -v cargo-fuzz >/dev/null 2>&1; then
    have=$(cargo-fuzz --version 2>/dev/null | awk '{print $2}')
  fi
  if [ "$have" = "$CARGO_FUZZ_VERSION" ]; then
    say "cargo-fuzz $CARGO_FUZZ_VERSION ok"
    return
  fi
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION${have:+ (found $have)}"
  (cd "$HOME" && quietly cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --force)
}

# ---- Debian packages ------------------------------------------------------------------
apt_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

setup_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    apt_installed "$p" || missing+=("$p")
  done
  # kotlinc-jvm and the JUnit runner need a JDK; the image ships OpenJDK 17.
  command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  if [ ${#missing[@]} -eq 0 ]; then
    say "apt packages (${APT_PACKAGES[*]}) ok"
    return
  fi
  say "installing apt packages: ${missing[*]}"
  quietly apt-get update -q
  quietly apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Fail loudly if a jar (or binary) the tests rely on is not where env.sh says.
check_file() { # var-name path debian-package
  local name=$1 path=$2 pkg=$3
  if [ ! -e "$path" ]; then
    echo "setup: ERROR: $name=$path does not exist after installing $pkg." >&2
    echo "setup: files of $pkg that might be it:" >&2
    dpkg -L "$pkg" 2>/dev/null | grep -E '\.jar$|/bin/' >&2 || true
    exit 1
  fi
}

check_jars() {
  check_file JNA_JAR "$JNA_JAR" libjna-java
  check_file JUNIT_JAR "$JUNIT_JAR" junit4
  check_file HAMCREST_JAR "$HAMCREST_JAR" libhamcrest-java
  check_file CHROMIUM "$CHROMIUM" chromium
  say "jars and chromium paths ok"
}

# ---- npm tools in .tools/node ----------------------------------------------------------
# Version of an installed package in .tools/node, or empty.
npm_installed_version() {
  local pj="$NODE_DIR/node_modules/$1/package.json"
  [ -f "$pj" ] && node -p "require(process.argv[1]).version" "$pj" 2>/dev/null || true
}

write_node_package_json() {
  local spec deps="" sep=""
  for spec in "${NPM_PACKAGES[@]}"; do
    deps+="$sep    \"${spec%@*}\": \"${spec##*@}\""
    sep=$',\n'
  done
  printf '{\n  "name": "callverify-tools",\n  "private": true,\n  "description": "Written by scripts/setup.sh; do not edit",\n  "dependencies": {\n%s\n  }\n}\n' "$deps"
}

setup_node_tools() {
  local spec name want missing=()
  for spec in "${NPM_PACKAGES[@]}"; do
    name=${spec%@*}; want=${spec##*@}
    [ "$(npm_installed_version "$name")" = "$want" ] || missing+=("$spec")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "node tools (${NPM_PACKAGES[*]}) ok"
  else
    say "installing node tools into .tools/node: ${missing[*]}"
    mkdir -p "$NODE_DIR"
    write_node_package_json >"$NODE_DIR/package.json"
    quietly npm install --prefix "$NODE_DIR" --no-audit --no-fund --no-update-notifier --loglevel=error
    for spec in "${NPM_PACKAGES[@]}"; do
      name=${spec%@*}; want=${spec##*@}
      [ "$(npm_installed_version "$name")" = "$want" ] || die "npm $name is '$(npm_installed_version "$name")' after install, want $want"
    done
  fi
  # kotlinc-jvm is not linked into node_modules/.bin; make sure its scripts are executable.
  local kbin="$NODE_DIR/node_modules/kotlin-compiler/bin"
  [ -f "$kbin/kotlinc-jvm" ] || die "kotlin-compiler has no bin/kotlinc-jvm"
  [ -x "$kbin/kotlinc-jvm" ] || chmod +x "$kbin"/*
  [ -f "$NODE_DIR/node_modules/kotlin-compiler/lib/kotlin-stdlib.jar" ] || die "kotlin-compiler has no lib/kotlin-stdlib.jar"
  [ -x "$NODE_DIR/node_modules/.bin/wasm-opt" ] || die "binaryen did not provide node_modules/.bin/wasm-opt"
}

# ---- Python venv -----------------------------------------------------------------------
setup_venv() {
  local stamp="$VENV/.callverify-setup-stamp" want
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c '' 2>/dev/null; then
    say "installing python venv at .venv"
    rm -rf "$VENV"
    quietly python3 -m venv "$VENV"
  fi
  # The stamp is a hash of the requirement list and the venv's Python version.
  want=$( { printf '%s' "$PY_REQUIREMENTS"; "$VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "python venv packages ok"
    return
  fi
  say "installing python packages into .venv: $(echo $PY_REQUIREMENTS)"
  printf '%s' "$PY_REQUIREMENTS" >"$VENV/requirements-setup.txt"
  quietly "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input \
    -r "$VENV/requirements-setup.txt"
  echo "$want" >"$stamp"
}

# ---- JVM artifact and aarch64 (bindings-mobile/jvm, examples/jvm, scripts/build-jvm.sh) ------------
# The aarch64 cross toolchain and qemu (the JAR's linux-aarch64 library, the core's tests under
# qemu-user), and the Maven plugins and libraries, fetched once so that the scripts run `mvn -o`.
JVM_APT_PACKAGES=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user maven)

setup_jvm_cross() {
  local missing=() p
  for p in "${JVM_APT_PACKAGES[@]}"; do
    apt_installed "$p" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "apt packages (${JVM_APT_PACKAGES[*]}) ok"
  else
    say "installing apt packages: ${missing[*]}"
    quietly apt-get update -q
    quietly apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  if rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu; then
    say "rust target aarch64-unknown-linux-gnu ok"
  else
    say "installing rust target aarch64-unknown-linux-gnu"
    quietly rustup target add aarch64-unknown-linux-gnu
  fi
}

# `mvn dependency:go-offline` misses what plugins load at run time (Surefire's JUnit platform
# provider and launcher, the Kotlin compiler's runner, the Java compiler's back end), so the builds
# are run once online instead, on throwaway copies of the two POMs (group io.callverify.setup,
# removed afterwards) with a one-line source and test. The stamp in ~/.m2 is the POMs' hash.
setup_maven() {
  local repo="$HOME/.m2/repository" stamp want tmp
  stamp="$repo/.callverify-setup-stamp"
  want=$(cat "$ROOT/bindings-mobile/jvm/pom.xml" "$ROOT/examples/jvm/pom.xml" | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "maven dependencies ok"
    return
  fi
  say "installing maven dependencies into ~/.m2 (builds of bindings-mobile/jvm and examples/jvm, once)"
  tmp=$(mktemp -d)
  mkdir -p "$tmp/lib/src/main/kotlin" "$tmp/lib/src/test/kotlin" "$tmp/lib/generated" "$tmp/lib/native" \
    "$tmp/examples/src/main/java" "$tmp/kotlin"
  sed 's|<groupId>io.callverify</groupId>|<groupId>io.callverify.setup</groupId>|' \
    "$ROOT/bindings-mobile/jvm/pom.xml" >"$tmp/lib/pom.xml"
  printf 'package setup\n\nfun answer(): Int = 42\n' >"$tmp/lib/src/main/kotlin/Setup.kt"
  printf 'package setup\n\nimport org.junit.jupiter.api.Assertions.assertEquals\nimport org.junit.jupiter.api.Test\n\nclass SetupTest {\n    @Test\n    fun answerIs42() {\n        assertEquals(42, answer())\n    }\n}\n' \
    >"$tmp/lib/src/test/kotlin/SetupTest.kt"
  sed 's|<groupId>io.callverify</groupId>|<groupId>io.callverify.setup</groupId>|' \
    "$ROOT/examples/jvm/pom.xml" >"$tmp/examples/pom.xml"
  printf 'package setup\n\nfun main() = println(answer())\n' >"$tmp/kotlin/Main.kt"
  printf 'public class Main { public static void main(String[] a) { System.out.println(setup.SetupKt.answer()); } }\n' \
    >"$tmp/examples/src/main/java/Main.java"
  (cd "$tmp/lib" && quietly mvn -B --no-transfer-progress clean install \
    -Dcallverify.generated.dir="$tmp/lib/generated" -Dcallverify.native.dir="$tmp/lib/native")
  (cd "$tmp/examples" && quietly mvn -B --no-transfer-progress clean package)
  rm -rf "$tmp" "$repo/io/callverify/setup"
  echo "$want" >"$stamp"
}

# ---- .tools/env.sh ---------------------------------------------------------------------
write_env_sh() {
  local env_file="$TOOLS/env.sh" tmp
  mkdir -p "$TOOLS"
  tmp=$(mktemp "$TOOLS/env.sh.XXXXXX")
  cat >"$tmp" <<EOF
# Written by scripts/setup.sh; do not edit. Source it: . .tools/env.sh
# Adds the project's tools to PATH (each directory only once) and sets tool variables.
for _cv_dir in "$CARGO_BIN" "$VENV/bin" "$NODE_DIR/node_modules/kotlin-compiler/bin" "$NODE_DIR/node_modules/.bin"; do
  case ":\$PATH:" in *":\$_cv_dir:"*) ;; *) PATH="\$_cv_dir:\$PATH" ;; esac
done
unset _cv_dir
export PATH
export KOTLIN_HOME="$NODE_DIR/node_modules/kotlin-compiler"
export JNA_JAR="$JNA_JAR"
export JUNIT_JAR="$JUNIT_JAR"
export HAMCREST_JAR="$HAMCREST_JAR"
export CHROMIUM="$CHROMIUM"
export NODE_PATH="$NODE_DIR/node_modules"
EOF
  if [ -f "$env_file" ] && cmp -s "$tmp" "$env_file"; then
    rm -f "$tmp"
    say ".tools/env.sh ok"
  else
    mv "$tmp" "$env_file"
    say "installing .tools/env.sh (written)"
  fi
}

main() {
  check_base
  setup_rust_target
  setup_rust_components
  setup_apt
  check_jars
  setup_node_tools
  setup_venv
  setup_wasm_bindgen
  setup_cargo_fuzz
  setup_jvm_cross
  setup_maven
  write_env_sh
  local end_ns
  end_ns=$(date +%s%N)
  say "done in $(awk -v a="$START_NS" -v b="$end_ns" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s"
}

main "$@"
