#!/usr/bin/env bash
# Installs every Debian 12 package the project needs (as root, or through sudo).
# Usage: bash cmake/install-deps.sh
set -euo pipefail
packages=(
  cmake ninja-build g++ clang-14 libclang-rt-14-dev     # toolchains, sanitizer runtimes
  nlohmann-json3-dev libhowardhinnant-date-dev libboost1.81-dev doctest-dev   # the core
  libbenchmark-dev                                       # benchmarks
  librdkafka-dev kcat                                    # events::kafka and its tests
  libcpp-httplib-dev                                     # events::dapr
  python3                                                # interop and schema tests
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi
sudo=""
if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
