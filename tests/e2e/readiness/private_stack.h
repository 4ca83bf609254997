#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "e2e/support/stack_script.h"

namespace sagashop::testing {

// A PostgreSQL, a Redis and a single-node Kafka of this test's own, started by the project's
// scripts/stack.sh on free loopback ports in a directory of their own, so that the test can stop
// and start each of them (a real outage) without touching the servers other tests share. Stopped
// and removed, data and all, when destroyed.
class PrivateStack {
 public:
  PrivateStack();  // starts all three; throws with the script's output if one does not start

  // component: "pg", "redis" or "kafka". Each returns once the script has stopped the server, or
  // started it and seen it answer; throws if the script failed.
  void Stop(const std::string& component);
  void Start(const std::string& component);

  // Each server takes TLS clients only, with a certificate from the stack's own CA (made by the
  // script in the stack's directory): the URI carries libpq's TLS parameters, and
  // ServerTlsArgs() are the sagashop flags for Kafka and Redis.
  std::string PgUri() const;  // without a database; the services' *_db databases exist
  std::string KafkaBrokers() const;
  std::string Redis() const;  // host:port
  std::vector<std::string> ServerTlsArgs() const;

 private:
  std::uint16_t pg_port_;
  std::uint16_t redis_port_;
  std::uint16_t kafka_port_;
  std::uint16_t kafka_controller_port_;
  PrivateStackDir stack_;  // after the ports, which it starts the servers on
};

}  // namespace sagashop::testing
