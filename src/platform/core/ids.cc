#include "platform/core/ids.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <cstdint>
#include <cstdio>
#include <random>

namespace sagashop {
namespace {

// One generator per thread: boost's random_generator is not thread-safe, and a lock would put
// every request on one mutex.
boost::uuids::random_generator& ThreadGenerator() {
  thread_local boost::uuids::random_generator generator;
  return generator;
}

std::mt19937_64& ThreadEngine() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

}  // namespace

std::string NewUuid() {
  return boost::uuids::to_string(ThreadGenerator()());
}

std::string NewTraceParent() {
  auto& engine = ThreadEngine();
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "00-%016llx%016llx-%016llx-01",
                static_cast<unsigned long long>(engine()),
                static_cast<unsigned long long>(engine()),
                static_cast<unsigned long long>(engine() | 1));
  return buffer;
}

}  // namespace sagashop
