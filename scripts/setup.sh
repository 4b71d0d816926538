#!/usr/bin/env bash
# Installs what stepwise needs to build and test, from Debian's archive only.
# Idempotent: installs only what is missing, and says nothing when all is there.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ make pkg-config
  # libraries
  libfmt-dev libcli11-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  # fuzzing and sanitizers (make fuzz, make asan)
  clang libclang-rt-14-dev
  # local Lambda runners (src/tasks): SAM templates, nodejs/python handlers
  libyaml-dev nodejs python3
  # stepwise serve (src/api, src/store): HTTP on Boost.Beast/Asio, SQLite
  libboost1.81-dev libsqlite3-dev
  # event schemas (src/events): JSON Schema validation
  libvalijson-dev
  # mock checks (src/testing): the AWS service models the output shapes are generated from
  python3-botocore
  # end-to-end tests (tests/e2e): real AWS clients, load generator, reference validator
  awscli python3-boto3 python3-jsonschema wrk
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
