#include "e2e/readiness/private_stack.h"

#include <filesystem>
#include <random>
#include <stdexcept>

#include "e2e/support/child_process.h"
#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

PrivateStack::PrivateStack()
    : pg_port_(FreePort()),
      redis_port_(FreePort()),
      kafka_port_(FreePort()),
      kafka_controller_port_(FreePort()) {
  std::random_device random;
  dir_ = std::string(SAGASHOP_E2E_LOG_DIR) + "/stack-" + std::to_string(random() % 100000000);
  std::filesystem::create_directories(dir_);
  try {
    Run({"start", "pg", "redis", "kafka"});
  } catch (...) {
    StopAndRemove();  // a half-started stack is stopped all the same
    throw;
  }
}

PrivateStack::~PrivateStack() {
  StopAndRemove();
}

void PrivateStack::StopAndRemove() {
  try {
    Run({"stop", "pg", "redis", "kafka"});
  } catch (const std::exception&) {
    // Removing what is left below matters more than why stopping complained.
  }
  std::error_code ignored;
  // As root, the script keeps PostgreSQL's data outside the stack directory (the server runs as
  // an unprivileged user) and links it from there.
  const std::filesystem::path pg_link = dir_ + "/pg";
  if (std::filesystem::is_symlink(pg_link, ignored)) {
    const std::filesystem::path pg_home = std::filesystem::read_symlink(pg_link, ignored);
    if (pg_home.parent_path().filename().string().rfind("sagashop-", 0) == 0) {
      std::filesystem::remove_all(pg_home.parent_path(), ignored);
    }
  }
  std::filesystem::remove_all(dir_, ignored);
}

void PrivateStack::Stop(const std::string& component) {
  Run({"stop", component});
}

void PrivateStack::Start(const std::string& component) {
  Run({"start", component});
}

std::string PrivateStack::PgUri() const {
  const std::string tls = dir_ + "/tls/";
  return "postgresql://sagashop@127.0.0.1:" + std::to_string(pg_port_) +
         "?sslmode=verify-full&sslrootcert=" + tls + "ca.crt&sslcert=" + tls +
         "client.crt&sslkey=" + tls + "client.key";
}

std::vector<std::string> PrivateStack::ServerTlsArgs() const {
  const std::string tls = dir_ + "/tls/";
  return {"--kafka-tls", "--redis-tls", "--server-tls-ca=" + tls + "ca.crt",
          "--server-tls-cert=" + tls + "client.crt", "--server-tls-key=" + tls + "client.key"};
}

std::string PrivateStack::KafkaBrokers() const {
  return "127.0.0.1:" + std::to_string(kafka_port_);
}

std::string PrivateStack::Redis() const {
  return "127.0.0.1:" + std::to_string(redis_port_);
}

void PrivateStack::Run(const std::vector<std::string>& args) {
  std::vector<std::string> command = {
      "SAGASHOP_STACK_DIR=" + dir_, "SAGASHOP_STACK_PG_PORT=" + std::to_string(pg_port_),
      "SAGASHOP_STACK_REDIS_PORT=" + std::to_string(redis_port_),
      "SAGASHOP_STACK_KAFKA_PORT=" + std::to_string(kafka_port_),
      "SAGASHOP_STACK_KAFKA_CONTROLLER_PORT=" + std::to_string(kafka_controller_port_),
      // Enough for one broker with a handful of topics.
      "SAGASHOP_STACK_KAFKA_HEAP=-Xms128m -Xmx256m",
      // No network-fault proxies, which `make test` asks of its own stack: they would take that
      // stack's ports.
      "SAGASHOP_STACK_PROXIES=0", SAGASHOP_STACK_SCRIPT};
  command.insert(command.end(), args.begin(), args.end());
  const std::string log = dir_ + "-" + std::to_string(++runs_) + "-" + args.front() + ".log";
  ChildProcess script("/usr/bin/env", command, log);
  const int status = script.WaitForExit(std::chrono::minutes(3));
  if (status != 0) {
    throw std::runtime_error("stack.sh " + args.front() + " exited with " + std::to_string(status) +
                             ":\n" + script.LogTail(8000));
  }
}

}  // namespace sagashop::testing
