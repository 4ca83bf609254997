#!/usr/bin/env bash
# Installs the Debian 12 packages sagashop needs to build, test and run its local stack, when any is
# missing. A second run finds them all and returns at once, without touching the network.
# Runs as root, or as an ordinary user through sudo.
set -euo pipefail

LOG_TAG=deps
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PACKAGES=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config clang-format clang-tidy
  # the fuzzers of tests/fuzz: clang and its libFuzzer and sanitizer runtimes
  clang-14 libclang-rt-14-dev
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libpq-dev librdkafka-dev libhiredis-dev libsqlite3-dev sqlite3 prometheus-cpp-dev
  libspdlog-dev libcli11-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  # servers for tests and the dev stack (scripts/stack.sh runs its own instances)
  postgresql-15 postgresql-client-15 redis-server kcat openssl openjdk-17-jre-headless maven curl
  # `make bench` reads the load generator's JSON results; the deploy/ tests read the dashboard
  jq
  # promtool, which checks and unit-tests deploy/prometheus/alerts.yml, and the Prometheus server
  # the metrics scrape test runs on its own port; like PostgreSQL and Redis, the system-wide
  # server is kept from starting (see below)
  prometheus
  # scripts/check-kubernetes.sh validates deploy/kubernetes with pinned PyPI packages in a
  # virtual environment of its own under .cache/
  python3 python3-venv
  # the chaos run skews one service's clock with libfaketime (LD_PRELOAD, tests/e2e/chaos)
  libfaketime
  # the browser the console's tests drive with Playwright (tests/console), which downloads none
  chromium
)

missing_packages() {
  local package
  # Go builds Toxiproxy, the network-fault proxy (scripts/lib/toxiproxy.sh). Its v2.5.0 needs Go
  # 1.17 or later, so Debian 12's golang-go (1.19) will do; a newer Go already on PATH is used as
  # it is.
  command -v go >/dev/null || printf 'golang-go\n'
  # Node.js runs the AsyncAPI parser of scripts/check-events.sh (Debian 12's nodejs 18 will do). A
  # Node.js already on PATH is used as it is: Debian's npm package would not sit beside another's.
  command -v node >/dev/null || printf 'nodejs\n'
  command -v npm >/dev/null || printf 'npm\n'
  for package in "${PACKAGES[@]}"; do
    # "ii" = wanted and installed; anything else (absent, half-configured) needs apt.
    if [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null)" != ii* ]]; then
      printf '%s\n' "$package"
    fi
  done
}

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "installing packages needs root: run as root or install sudo"
  fi
}

POLICY_RC_D=/usr/sbin/policy-rc.d
OWN_POLICY=0

# Package scripts ask policy-rc.d whether they may start a service; exit code 101 means no. We run
# our own PostgreSQL, Redis and Prometheus on other ports, so the system-wide servers must not
# start. An existing policy (a container image often has one) is left as it is.
forbid_service_starts() {
  [[ -e "$POLICY_RC_D" ]] && return
  printf '#!/bin/sh\n# Temporary, from sagashop scripts/install-deps.sh.\nexit 101\n' |
    as_root tee "$POLICY_RC_D" >/dev/null
  as_root chmod 0755 "$POLICY_RC_D"
  OWN_POLICY=1
}

restore_service_starts() {
  if ((OWN_POLICY)); then
    as_root rm -f "$POLICY_RC_D"
    OWN_POLICY=0
  fi
}

main() {
  command -v dpkg-query >/dev/null || die "this script installs Debian packages; no dpkg here"
  local missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    log "all ${#PACKAGES[@]} packages are installed"
    return
  fi
  log "installing ${#missing[@]} missing packages: ${missing[*]}"
  trap restore_service_starts EXIT
  forbid_service_starts
  local started
  started="$(now_ms)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
  restore_service_starts
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || die "still missing after apt-get install: ${missing[*]}"
  log "installed in $(elapsed_since "$started")"
}

main "$@"
