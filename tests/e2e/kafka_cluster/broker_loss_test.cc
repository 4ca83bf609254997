#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

#include "e2e/kafka_cluster/order_flow.h"
#include "e2e/support/kafka_cluster_control.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr int kOrders = 1000;
constexpr int kKillAt = 250;  // orders answered when the broker dies
// Orders answered before it may start again; it starts once the quorum also named a controller
// among the others, which takes a few seconds (and JVM starts): with the clients placing 1,000
// orders in about 20 s, that is usually after the last was placed, while their sagas still run.
constexpr int kRestartAt = 600;

// The distributed system on a three-broker cluster: its topics have three replicas, and the
// cluster wants two in sync for a write (min.insync.replicas=2), so one broker may die.
class BrokerLossTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string log_dir = std::string(SAGASHOP_E2E_LOG_DIR) + "/kafka-cluster";
    std::filesystem::create_directories(log_dir);
    cluster_ = std::make_unique<KafkaClusterControl>(log_dir);
    // A broker an earlier test restarted may still be catching up.
    ASSERT_TRUE(AllPartitionsReplicated());
    system_ = std::make_unique<SystemUnderTest>(
        Mode::kDistributed, std::vector<std::string>{"--kafka-replication-factor=3"});
    // Every topic the services made, dead-letter topics included, is on all three brokers.
    ASSERT_EQ(cluster_->FewestReplicas(system_->BusNamespace() + "."), 3);
  }

  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    system_.reset();
    // A failed test must not leave the next one a broker short.
    for (int broker : killed_) cluster_->Start(broker);
  }

  bool AllPartitionsReplicated() {
    return Eventually([&] { return cluster_->UnderReplicatedPartitions() == 0; },
                      std::chrono::minutes(3), std::chrono::seconds(1));
  }

  int ControllerOrNone() {
    try {
      return cluster_->ActiveController();
    } catch (const std::exception&) {
      return -1;  // no leader while the quorum elects one
    }
  }

  // 1,000 orders over every saga path; `victim()` names the broker to SIGKILL once kKillAt orders
  // were answered (none when empty), and it starts again after kRestartAt. Every order must
  // end, each effect exactly once, `verify` clean, and every partition back to three in-sync
  // replicas.
  void RunOrders(const std::function<int()>& victim) {
    // Chosen before the orders flow: asking the quorum takes a JVM's start.
    const int broker = victim ? victim() : 0;
    OrderFlow flow(*system_, kOrders);
    flow.StockProducts();
    const auto started = std::chrono::steady_clock::now();
    std::string chaos_error;
    int killed_at = -1;
    int restarted_at = -1;
    std::thread chaos([&] {
      if (broker == 0) return;
      try {
        Eventually([&] { return flow.Answered() >= kKillAt; }, std::chrono::minutes(10));
        killed_at = flow.Answered();
        cluster_->Kill(broker);
        killed_.insert(broker);
        // The quorum has (or elects) an active controller among the brokers left.
        int controller = -1;
        if (!Eventually(
                [&] {
                  controller = ControllerOrNone();
                  return controller >= 1 && controller != broker;
                },
                std::chrono::minutes(2), std::chrono::milliseconds(200))) {
          throw std::runtime_error("no controller but the killed broker " + std::to_string(broker) +
                                   ": " + std::to_string(controller));
        }
        Eventually([&] { return flow.Answered() >= kRestartAt; }, std::chrono::minutes(10));
        restarted_at = flow.Answered();
        cluster_->Start(broker);
        killed_.erase(broker);
      } catch (const std::exception& error) {
        chaos_error = error.what();
      }
    });
    flow.Place();
    chaos.join();
    ASSERT_EQ(chaos_error, "");
    if (broker != 0) {
      EXPECT_LT(killed_at, kOrders) << "the broker died while orders were placed";
    }

    ASSERT_TRUE(flow.AllEnded(std::chrono::seconds(600)));
    const auto seconds = std::chrono::duration_cast<std::chrono::duration<double>>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    std::cout << kOrders << " orders ended in " << seconds << " s"
              << (broker != 0 ? " with broker " + std::to_string(broker) + " killed after " +
                                    std::to_string(killed_at) + " orders, started after " +
                                    std::to_string(restarted_at)
                              : "")
              << "\n";
    RecordProperty("orders_ended_seconds", std::to_string(seconds));

    EXPECT_TRUE(AllPartitionsReplicated()) << "the restarted broker caught up";
    flow.Check();
  }

  std::unique_ptr<KafkaClusterControl> cluster_;
  std::unique_ptr<SystemUnderTest> system_;
  std::set<int> killed_;
};

TEST_F(BrokerLossTest, ThousandOrdersOnThreeBrokersAllEnd) {
  RunOrders(nullptr);
}

TEST_F(BrokerLossTest, ABrokerKilledWhileOrdersFlowLosesNothingAndDuplicatesNothing) {
  RunOrders([&] {
    // A broker that is not the active controller: the next test kills that one.
    const int controller = ControllerOrNone();
    EXPECT_GE(controller, 1);
    return controller % cluster_->Brokers() + 1;
  });
}

TEST_F(BrokerLossTest, TheActiveControllerKilledWhileOrdersFlowLosesNothing) {
  RunOrders([&] {
    const int controller = ControllerOrNone();
    if (controller < 1) throw std::runtime_error("the quorum named no active controller");
    return controller;
  });
}

}  // namespace
}  // namespace sagashop::testing
