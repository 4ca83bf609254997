# shellcheck shell=bash
# The browser tests of the saga console (tests/console, run by tests/e2e/console): the pinned
# npm packages of tests/console/package-lock.json under .cache/, and
# SAGASHOP_TEST_CONSOLE_NODE_MODULES naming them for the test. Playwright drives Debian's
# Chromium (scripts/install-deps.sh installs it), so no browser is downloaded. Needs common.sh.

# shellcheck source=node_env.sh
source "$SAGASHOP_SCRIPTS/lib/node_env.sh"

CONSOLE_TESTS_NODE_ENV="$SAGASHOP_ROOT/.cache/console-node"

console_tests_prepare() {
  [[ -x /usr/bin/chromium ]] || die "no /usr/bin/chromium for the console's browser tests" \
    "(scripts/install-deps.sh installs Debian's chromium)"
  node_env_ensure "$CONSOLE_TESTS_NODE_ENV" "$SAGASHOP_ROOT/tests/console"
  export SAGASHOP_TEST_CONSOLE_NODE_MODULES="$CONSOLE_TESTS_NODE_ENV/node_modules"
}
