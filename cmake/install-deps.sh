#!/usr/bin/env bash
# Installs everything the build, the demo and the tests need on Debian 12 (as root, or through
# sudo): the Debian packages, the npm packages of tests/js (independent peers the tests check us
# against), and Python's pydantic>=2 and jsonschema (oracles of the interop and schema tests).
# Usage: bash cmake/install-deps.sh [--no-test-deps]   (--no-test-deps: only what the demo needs)
set -euo pipefail
cd "$(dirname "$0")/.."
test_deps=1
if [[ ${1:-} == --no-test-deps ]]; then test_deps=0; fi
packages=(
  cmake ninja-build g++ clang-14 libclang-rt-14-dev     # toolchains, sanitizer and fuzzer runtimes
  nlohmann-json3-dev libhowardhinnant-date-dev libboost1.81-dev doctest-dev   # the core
  libbenchmark-dev libsimdjson-dev                       # benchmarks (simdjson: a baseline of theirs only)
  librdkafka-dev kcat                                    # events::kafka and its tests
  python3-confluent-kafka                                # the Python Kafka peer (Debian's /usr/bin/python3)
  python3-requests python3-jsonschema                    # confluent_kafka.schema_registry's JSON serde (the registry peer)
  libcpp-httplib-dev                                     # events::dapr
  libpq-dev postgresql-15                                # events::outbox and its tests (a real PostgreSQL)
  python3 python3-venv                                   # interop and schema tests
  nodejs npm                                             # tests/js: kafkajs, cloudevents, @dapr/dapr ...
)
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
missing=()
for p in "${packages[@]}"; do
  have "$p" && continue
  # A machine may already carry node/npm/python3 from elsewhere than Debian: keep those.
  case $p in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;;
             python3) command -v python3 >/dev/null && continue ;;
             python3-venv) python3 -c 'import venv, ensurepip' 2>/dev/null && continue ;; esac
  missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
((test_deps)) || exit 0

# npm packages for the tests, from tests/js/package-lock.json.
if [[ ! -d tests/js/node_modules ]] || [[ tests/js/package-lock.json -nt tests/js/node_modules ]]; then
  echo "install-deps: npm packages of tests/js"
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi

# Python oracles, pinned in tests/requirements.txt (pydantic 2, jsonschema with rfc3339-validator so
# that `format: date-time` is checked, PyYAML, and what they need). Debian 12 ships pydantic 1.10,
# so when the system Python lacks any pin, a virtual environment in build/python gets exactly them.
# Without a package index: python3 cmake/python_requirements.py venv build/python, run by a Python
# that has the pinned versions installed (it rebuilds their wheels offline; see that script).
requirements=tests/requirements.txt
python_ok() { "$1" cmake/python_requirements.py check "$requirements" 2>/dev/null; }
if python_ok python3; then exit 0; fi
venv=build/python
if [[ -x $venv/bin/python ]] && python_ok $venv/bin/python; then exit 0; fi
echo "install-deps: python3 lacks $(python3 cmake/python_requirements.py check "$requirements" 2>&1 | sed 's/.* lacks //'); making $venv"
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
if ! "$venv/bin/pip" install -q -r "$requirements" || ! python_ok $venv/bin/python; then
  cat >&2 <<'MSG'
install-deps: could not install tests/requirements.txt (no package index reachable?).
  The interop, schema and tool tests need exactly those Python packages. Either point pip at a
  reachable index (PIP_INDEX_URL) and run this script again, or, with a Python that has the pinned
  versions installed: python3 cmake/python_requirements.py venv build/python
MSG
  exit 1
fi
