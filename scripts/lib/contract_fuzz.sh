# shellcheck shell=bash
# Schemathesis for the HTTP API's contract test (tests/e2e/api/schemathesis_test.cc): the pinned
# packages of scripts/api/schemathesis-requirements.txt in a virtual environment under .cache/,
# and SAGASHOP_TEST_SCHEMATHESIS naming its command for the test. Needs common.sh and venv.sh.

CONTRACT_FUZZ_VENV="$SAGASHOP_ROOT/.cache/schemathesis-venv"

contract_fuzz_prepare() {
  venv_ensure "$CONTRACT_FUZZ_VENV" "$SAGASHOP_SCRIPTS/api/schemathesis-requirements.txt"
  export SAGASHOP_TEST_SCHEMATHESIS="$CONTRACT_FUZZ_VENV/bin/st"
}
