#include "e2e/readiness/private_stack.h"

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

PrivateStack::PrivateStack()
    : pg_port_(FreePort()),
      redis_port_(FreePort()),
      kafka_port_(FreePort()),
      kafka_controller_port_(FreePort()),
      stack_("stack",
             {"SAGASHOP_STACK_PG_PORT=" + std::to_string(pg_port_),
              "SAGASHOP_STACK_REDIS_PORT=" + std::to_string(redis_port_),
              "SAGASHOP_STACK_KAFKA_PORT=" + std::to_string(kafka_port_),
              "SAGASHOP_STACK_KAFKA_CONTROLLER_PORT=" + std::to_string(kafka_controller_port_),
              // Enough for one broker with a handful of topics.
              "SAGASHOP_STACK_KAFKA_HEAP=-Xms128m -Xmx256m",
              // No network-fault proxies, which `make test` asks of its own stack: they would take
              // that stack's ports.
              "SAGASHOP_STACK_PROXIES=0"},
             {"pg", "redis", "kafka"}) {}

void PrivateStack::Stop(const std::string& component) {
  stack_.Run({"stop", component});
}

void PrivateStack::Start(const std::string& component) {
  stack_.Run({"start", component});
}

std::string PrivateStack::PgUri() const {
  return "postgresql://sagashop@127.0.0.1:" + std::to_string(pg_port_) +
         "?sslmode=verify-full&sslrootcert=" + stack_.TlsFile("ca.crt") +
         "&sslcert=" + stack_.TlsFile("client.crt") + "&sslkey=" + stack_.TlsFile("client.key");
}

std::vector<std::string> PrivateStack::ServerTlsArgs() const {
  return {"--kafka-tls", "--redis-tls", "--server-tls-ca=" + stack_.TlsFile("ca.crt"),
          "--server-tls-cert=" + stack_.TlsFile("client.crt"),
          "--server-tls-key=" + stack_.TlsFile("client.key")};
}

std::string PrivateStack::KafkaBrokers() const {
  return "127.0.0.1:" + std::to_string(kafka_port_);
}

std::string PrivateStack::Redis() const {
  return "127.0.0.1:" + std::to_string(redis_port_);
}

}  // namespace sagashop::testing
