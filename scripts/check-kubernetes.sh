#!/usr/bin/env bash
# Validates deploy/kubernetes offline: `make check-kubernetes` runs it alone, `make test` as one of
# its steps.
#
#   scripts/check-kubernetes.sh BUILD_DIR
#
# Installs the pinned validator (scripts/kubernetes/requirements.txt) into .cache/ when missing,
# checks the manifests (scripts/kubernetes/check_manifests.py: the Kubernetes schemas, the
# ServiceMonitor CRD's schema, and the references between the objects and to sagashop's settings,
# which BUILD_DIR's sagashop lists), then checks that each of a few deliberately broken copies is
# refused, so that a check that passes everything cannot go unnoticed. Exits non-zero on any
# failure.
set -euo pipefail

LOG_TAG=kubernetes
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/venv.sh
source "$SAGASHOP_SCRIPTS/lib/venv.sh"

MANIFESTS="$SAGASHOP_ROOT/deploy/kubernetes"
VENV="$SAGASHOP_ROOT/.cache/kubernetes-venv"
CHECKER="$SAGASHOP_SCRIPTS/kubernetes/check_manifests.py"

# Each broken copy: the file, a sed expression that breaks it (first match only), what it breaks.
BREAKAGES=(
  "order.yaml|0,/  replicas: 2/s//  replica: 2/|a misspelt Deployment field"
  "payment.yaml|0,/containerPort: 8002/s//containerPort: eight-oh-two/|a port that is no number"
  "inventory.yaml|0,/scheme: https/s//scheme: htps/|a ServiceMonitor scheme outside the CRD's enum"
  "delivery.yaml|0,/honorLabels: true/s//honourLabels: true/|a field the ServiceMonitor CRD lacks"
  "order.yaml|0,/apiVersion: policy\/v1/s//apiVersion: policy\/v1beta2/|a kind no schema knows"
  "payment.yaml|0,/key: payment$/s//key: paymnet/|a Secret key that does not exist"
  "inventory.yaml|0,/scheme: HTTPS/s//scheme: HTTP/|a liveness probe without HTTPS"
  "config.yaml|0,/SAGASHOP_REDIS_TLS:/s//SAGASHOP_REDIS_TSL:/|a variable that is no setting"
  "kustomization.yaml|/  - delivery.yaml/d|a file the kustomization leaves out"
  "order.yaml|0,/targetPort: https/s//targetPort: http/|a Service port its pods lack"
)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

check() { "$VENV/bin/python" "$CHECKER" --settings-from="$WORK/sagashop-help.txt" "$@"; }

# Makes every broken copy, then checks them all in one run: each must be refused, with a FAIL line.
check_broken_copies() {
  local i file expression what copies=() whats=()
  for i in "${!BREAKAGES[@]}"; do
    IFS='|' read -r file expression what <<<"${BREAKAGES[$i]}"
    cp -r "$MANIFESTS" "$WORK/broken-$i"
    sed -i -e "$expression" "$WORK/broken-$i/$file"
    if cmp -s "$MANIFESTS/$file" "$WORK/broken-$i/$file"; then
      fail "the copy with $what is no longer broken: its sed expression matches nothing in $file"
      return 1
    fi
    copies+=("$WORK/broken-$i")
    whats+=("$what")
  done
  if ! check --each-must-fail "${copies[@]}" >"$WORK/broken.out" 2>&1; then
    cat "$WORK/broken.out" >&2
    for i in "${!copies[@]}"; do
      if grep -qxF "NOT REFUSED: ${copies[$i]}" "$WORK/broken.out"; then
        fail "a copy with ${whats[$i]} was not refused"
      fi
    done
    return 1
  fi
  for i in "${!copies[@]}"; do
    log "refused, as it should be: ${whats[$i]}:"
    log "  $(grep -m1 -F "FAIL: ${copies[$i]}: " "$WORK/broken.out" |
      sed "s|FAIL: ${copies[$i]}: ||")"
  done
  log "all ${#copies[@]} broken copies refused"
}

main() {
  (($# == 1)) || die "usage: $(basename "$0") BUILD_DIR"
  local binary="$1/sagashop"
  [[ -x "$binary" ]] || die "no executable $binary (run \`make build\`)"
  "$binary" --help >"$WORK/sagashop-help.txt"
  venv_ensure "$VENV" "$SAGASHOP_SCRIPTS/kubernetes/requirements.txt"
  check "$MANIFESTS" || die "deploy/kubernetes is not valid (see above)"
  check_broken_copies
}

main "$@"
