#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "platform/bus/kafka/kafka_event_bus.h"
#include "support/eventually.h"
#include "support/server_tls.h"
#include "support/test_env.h"

namespace sagashop::bus::testing {

inline std::string RandomSuffix() {
  std::random_device random;
  std::uniform_int_distribution<std::uint32_t> pick;
  char text[9];
  std::snprintf(text, sizeof text, "%08x", pick(random));
  return text;
}

// Records every handler call; `fail_call(index)` decides which calls throw.
class BatchRecorder {
 public:
  struct Call {
    std::vector<IncomingMessage> messages;
    bool failed = false;
  };

  BatchHandler Handler(std::function<bool(int call)> fail_call = nullptr) {
    return [this, fail_call = std::move(fail_call)](std::span<const IncomingMessage> batch) {
      int index = 0;
      {
        std::lock_guard lock(mutex_);
        index = static_cast<int>(calls_.size());
        calls_.push_back({{batch.begin(), batch.end()}, false});
      }
      if (fail_call && fail_call(index)) {
        std::lock_guard lock(mutex_);
        calls_[index].failed = true;
        throw std::runtime_error("injected handler failure");
      }
    };
  }

  std::vector<Call> Calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

  // Messages of the calls that succeeded, in delivery order.
  std::vector<IncomingMessage> Handled() const {
    std::lock_guard lock(mutex_);
    std::vector<IncomingMessage> handled;
    for (const Call& call : calls_) {
      if (!call.failed) handled.insert(handled.end(), call.messages.begin(), call.messages.end());
    }
    return handled;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Call> calls_;
};

// A bus on the test broker, with topic and group names unique to the test; deletes them after.
class KafkaBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    brokers_ = sagashop::testing::RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS");
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '.');  // parameterized names; '/' is not allowed
    prefix_ = "sagashop-test-" + name + "-" + RandomSuffix() + "-";
  }

  void TearDown() override {
    try {
      KafkaEventBus cleaner(Config());
      cleaner.Admin().DeleteGroups(groups_, std::chrono::seconds(10));
      cleaner.Admin().DeleteTopics(topics_, std::chrono::seconds(10));
    } catch (const std::exception& error) {
      std::fprintf(stderr, "cleanup of test topics/groups failed: %s\n", error.what());
    }
  }

  KafkaConfig Config(int partitions = 4) const {
    KafkaConfig config;
    config.brokers = brokers_;
    config.client_id = "sagashop-test";
    config.tls = sagashop::testing::TestServerTls();
    config.partitions = partitions;
    // Members learn of a rebalance at their next heartbeat; frequent ones keep group tests short.
    config.consumer_overrides["heartbeat.interval.ms"] = "300";
    return config;
  }

  std::string Topic(std::string_view name) {
    topics_.push_back(prefix_ + std::string(name));
    return topics_.back();
  }

  std::string Group(std::string_view name) {
    groups_.push_back(prefix_ + std::string(name));
    return groups_.back();
  }

  static SubscriptionOptions Options(std::string group, std::vector<std::string> topics,
                                     std::size_t max_batch = 500) {
    SubscriptionOptions options;
    options.group = std::move(group);
    options.topics = std::move(topics);
    options.max_batch = max_batch;
    options.retry_backoff_initial = std::chrono::milliseconds(10);
    options.retry_backoff_max = std::chrono::milliseconds(100);
    return options;
  }

  static void PublishAll(Publisher& publisher, const std::vector<OutgoingMessage>& messages) {
    ASSERT_EQ(publisher.PublishBatch(messages), messages.size());
  }

  std::string brokers_;
  std::string prefix_;
  std::vector<std::string> topics_;
  std::vector<std::string> groups_;
};

}  // namespace sagashop::bus::testing
