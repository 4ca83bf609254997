#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sagashop::testing {

// The address of a test server, from the environment that scripts/stack.sh prepares
// (SAGASHOP_TEST_PG_URI, SAGASHOP_TEST_KAFKA_BROKERS, SAGASHOP_TEST_REDIS_HOST/PORT). A missing
// variable fails the test with a message saying how to start the stack.
inline std::string RequiredEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set: start the servers with `scripts/stack.sh start` and "
                             "`source .stack/env`, or run `make test`");
  }
  return value;
}

}  // namespace sagashop::testing
