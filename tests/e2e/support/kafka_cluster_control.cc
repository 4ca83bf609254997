#include "e2e/support/kafka_cluster_control.h"

#include <stdexcept>

#include "e2e/support/stack_script.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

// The last line of `output` that holds a number, as the stack script prints its answers.
int LastNumber(const std::string& output) {
  std::size_t end = output.find_last_of("0123456789");
  if (end == std::string::npos) throw std::runtime_error("no number in: " + output);
  std::size_t begin = output.find_last_not_of("0123456789", end);
  begin = begin == std::string::npos ? 0 : begin + 1;
  return std::stoi(output.substr(begin, end - begin + 1));
}

}  // namespace

KafkaClusterControl::KafkaClusterControl(std::string log_dir)
    : log_dir_(std::move(log_dir)),
      brokers_(std::stoi(RequiredEnv("SAGASHOP_STACK_KAFKA_BROKERS"))) {
  // The cluster's env file names the script that controls it; without it, there is none.
  RequiredEnv("SAGASHOP_TEST_KAFKA_CLUSTER_CONTROL");
  if (brokers_ < 3) throw std::runtime_error("the stack runs no three-broker cluster");
}

std::string KafkaClusterControl::Run(const std::vector<std::string>& args) {
  std::vector<std::string> command = {"kafka-broker"};
  command.insert(command.end(), args.begin(), args.end());
  // A broker's start waits for its JVM and the quorum; the script itself gives up after 90 s.
  return RunStackScript(
      command, {},
      log_dir_ + "/kafka-broker-" + std::to_string(++commands_) + "-" + args.front() + ".log");
}

void KafkaClusterControl::Kill(int broker) {
  Run({"kill", std::to_string(broker)});
}

void KafkaClusterControl::Start(int broker) {
  Run({"start", std::to_string(broker)});
}

int KafkaClusterControl::ActiveController() {
  return LastNumber(Run({"controller"}));
}

int KafkaClusterControl::FewestReplicas(const std::string& prefix) {
  return LastNumber(Run({"replicas", prefix}));
}

int KafkaClusterControl::UnderReplicatedPartitions() {
  try {
    return LastNumber(Run({"under-replicated"}));
  } catch (const std::exception&) {
    return -1;  // no answer while a leader is being elected: not a fact yet
  }
}

}  // namespace sagashop::testing
