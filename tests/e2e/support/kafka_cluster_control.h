#pragma once

#include <string>
#include <vector>

namespace sagashop::testing {

// The three-broker Kafka cluster of the local stack, driven as an operator (or a crash) would,
// through `scripts/stack.sh kafka-broker`: the stack started it and knows its brokers' pid files.
// The stack's env file names the script (SAGASHOP_TEST_KAFKA_CLUSTER_CONTROL) and the cluster.
class KafkaClusterControl {
 public:
  // Throws when the stack runs no cluster (its env file was not loaded, or it runs one broker).
  explicit KafkaClusterControl(std::string log_dir);

  int Brokers() const { return brokers_; }
  // SIGKILL, as a crash or a power cut would; returns once the broker is gone.
  void Kill(int broker);
  // Starts a broker again on its data; returns once it answers with every broker registered.
  void Start(int broker);
  // The node id of the active KRaft controller, as the quorum reports it.
  int ActiveController();
  // Partitions with fewer in-sync replicas than replicas (or no leader), or -1 if unknown.
  int UnderReplicatedPartitions();
  // The fewest replicas a partition of the topics named `prefix`... has; 0 when there are none.
  int FewestReplicas(const std::string& prefix);

 private:
  // Runs `stack.sh kafka-broker <args>`; throws unless it exits 0; returns what it printed.
  std::string Run(const std::vector<std::string>& args);

  std::string log_dir_;
  int brokers_ = 0;
  int commands_ = 0;
};

}  // namespace sagashop::testing
