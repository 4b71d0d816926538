#!/usr/bin/env bash
# Installs what stepwise needs, from Debian's archive (and the npm registry for
# web/, tests/browser/ and tests/e2e/js_sdk/, by their lock files), then builds the web page (web/)
# when its sources are newer than web/dist.
#   scripts/setup.sh demo   what `make demo` needs: the stepwise binary and its page
#   scripts/setup.sh test   also what the tests need (the default): test libraries,
#                           AWS clients, chromium and its driver, clang for fuzzing
# Idempotent: does only what is missing, and says nothing when all is there.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-test}
[[ "$mode" == demo || "$mode" == test ]] || { echo "usage: scripts/setup.sh [demo|test]" >&2; exit 2; }

packages=(
  # build
  cmake ninja-build g++ make pkg-config
  # libraries
  libfmt-dev libcli11-dev libssl-dev
  # Distributed Map (src/tasks/map_run): gzip-compressed item sources (S3 Inventory data files, *.gz objects)
  zlib1g-dev
  # local Lambda runners (src/tasks): SAM templates, nodejs/python handlers; the web page's build (web/)
  libyaml-dev nodejs python3
  # stepwise serve (src/api, src/store): HTTP on Boost.Beast/Asio, SQLite
  libboost1.81-dev libsqlite3-dev
  # event schemas (src/events): JSON Schema validation
  libvalijson-dev
  # mock checks (src/testing): the AWS service models the output shapes are generated from
  python3-botocore
  # the README's endpoint, http://stepwise.localhost:8083: the AWS SDKs send StartSyncExecution and
  # TestState to sync-stepwise.localhost, which glibc resolves to loopback through this NSS module
  # (it adds itself to /etc/nsswitch.conf; systemd-resolved, where it runs, answers *.localhost too)
  libnss-myhostname
)
if [[ "$mode" == test ]]; then
  packages+=(
    # unit tests and benchmarks
    libgtest-dev libgmock-dev libbenchmark-dev
    # the JSON Schema test suite the schema registry is checked against (tests/unit/events/schema_suite_test.cpp)
    json-schema-test-suite
    # fuzzing and sanitizers (make fuzz, make asan)
    clang libclang-rt-14-dev
    # end-to-end tests (tests/e2e): real AWS clients, load generator, reference validator
    awscli python3-boto3 python3-jsonschema wrk
    # browser tests (tests/browser, e2e_browser): the web page in headless chromium, driven by playwright-core
    chromium
  )
fi
# The web page's build needs npm: Debian's package, unless the nodejs installed
# already carries its own (NodeSource's does, and conflicts with Debian's npm).
command -v npm >/dev/null || packages+=(npm)

install_missing_packages() {
  local missing=() package status
  for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  echo "setup: installing ${missing[*]}"
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: done"
}

# Runs a command in a folder of the project, quiet unless it fails: then its
# output and what failed.
in_dir() {
  local dir=$1 what=$2 output
  shift 2
  if ! output=$(cd "$root/$dir" && "$@" 2>&1); then
    echo "$output" >&2
    echo "setup: '$*' failed in $dir/ ($what)" >&2
    exit 1
  fi
}
in_web() { in_dir web "the web page was not built" "$@"; }

# `npm ci` in a folder with a lock file, when its node_modules is missing or
# older than the lock file.
npm_ci_if_needed() {
  local dir=$1 what=$2
  [[ -f "$root/$dir/package-lock.json" ]] || return 0
  if [[ -f "$root/$dir/node_modules/.package-lock.json" &&
        ! "$root/$dir/package-lock.json" -nt "$root/$dir/node_modules/.package-lock.json" ]]; then
    return 0
  fi
  command -v npm >/dev/null || { echo "setup: npm is missing (apt-get install npm)" >&2; exit 1; }
  echo "setup: npm ci in $dir/"
  in_dir "$dir" "$what" npm ci --no-audit --no-fund --loglevel=error
}

# The web page, compiled into stepwise by src/api (STEPWISE_WEB_DIST, default
# web/dist): `npm ci` when node_modules is missing or older than the lock file,
# `npm run build` when web/dist/index.html is missing or older than any other
# file of web/ (sources, package.json, the lock file, configuration).
build_web_page() {
  local web="$root/web" stamp="$root/web/dist/index.html"
  [[ -f "$web/package-lock.json" ]] || return 0
  if [[ -f "$stamp" ]] &&
     [[ -z $(find "$web" \( -path "$web/node_modules" -o -path "$web/dist" \) -prune -o -type f -newer "$stamp" -print -quit) ]]; then
    return 0
  fi
  command -v npm >/dev/null || { echo "setup: npm is missing (apt-get install npm)" >&2; exit 1; }
  echo "setup: building the web page (web/)"
  npm_ci_if_needed web "the web page was not built"
  in_web npm run build --silent
  for file in index.html app.js app.css elk-worker.js; do
    [[ -f "$web/dist/$file" ]] || { echo "setup: npm run build wrote no web/dist/$file" >&2; exit 1; }
  done
  touch "$stamp"  # the build is newer than every source, even if it left index.html as it was
}

# A hosts line without myhostname (edited by hand) leaves sync-stepwise.localhost unresolved.
check_localhost_names() {
  getent hosts sync-stepwise.localhost >/dev/null && return 0
  echo "setup: warning: sync-stepwise.localhost does not resolve, so the SDKs' StartSyncExecution and TestState" \
       "cannot reach http://stepwise.localhost:8083; add 'myhostname' to the hosts line of /etc/nsswitch.conf" \
       "(or '127.0.0.1 stepwise.localhost sync-stepwise.localhost' to /etc/hosts)" >&2
}

install_missing_packages
check_localhost_names
build_web_page
if [[ "$mode" == test ]]; then
  # The browser tests' driver (playwright-core; the browser is Debian's chromium).
  npm_ci_if_needed tests/browser "the browser tests cannot run"
  # The AWS SDK for JavaScript v3 of the e2e test e2e_js_sdk (@aws-sdk/client-sfn).
  npm_ci_if_needed tests/e2e/js_sdk "the JS SDK's e2e test cannot run"
fi

