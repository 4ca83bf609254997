#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "platform/bus/kafka/kafka_event_bus.h"
#include "platform/db/postgres/pg_database.h"
#include "support/eventually.h"
#include "support/pg_admin.h"
#include "support/server_tls.h"
#include "support/test_env.h"

namespace sagashop::testing {

inline std::string RandomSuffix() {
  std::random_device random;
  return std::to_string(random()) + std::to_string(random() % 1000);
}

// A fresh database and a fresh topic on the real PostgreSQL and Kafka, for the outbox and inbox.
class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    suffix_ = RandomSuffix();
    database_name_ = "it_outbox_" + suffix_;
    admin_.CreateDatabase(database_name_);
    database_ = OpenDatabase();
    bus::KafkaConfig config;
    config.brokers = RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS");
    config.tls = TestServerTls();
    bus_ = std::make_unique<bus::KafkaEventBus>(config);
    topic_ = "it-outbox-" + suffix_;
    bus_->EnsureTopics(std::vector<std::string>{topic_});
  }

  void TearDown() override {
    database_.reset();
    admin_.DropDatabase(database_name_);
  }

  std::unique_ptr<db::PgDatabase> OpenDatabase() const {
    db::PgConfig config;
    config.conninfo = admin_.UriOf(database_name_);
    return std::make_unique<db::PgDatabase>(config);
  }

  // Collects what a consumer group sees of `topic_`.
  class Collector {
   public:
    Collector(bus::EventBus& bus, const std::string& topic, const std::string& group) {
      subscription_ = bus.Subscribe({.group = group, .topics = {topic}},
                                    [this](std::span<const bus::IncomingMessage> batch) {
                                      std::lock_guard lock(mutex_);
                                      received_.insert(received_.end(), batch.begin(), batch.end());
                                    });
    }
    std::vector<bus::IncomingMessage> Received() {
      std::lock_guard lock(mutex_);
      return received_;
    }
    std::size_t Count() { return Received().size(); }

   private:
    std::mutex mutex_;
    std::vector<bus::IncomingMessage> received_;
    std::unique_ptr<bus::Subscription> subscription_;
  };

  PgAdmin admin_{RequiredEnv("SAGASHOP_TEST_PG_URI")};
  std::string suffix_;
  std::string database_name_;
  std::unique_ptr<db::PgDatabase> database_;
  std::unique_ptr<bus::KafkaEventBus> bus_;
  std::string topic_;
};

}  // namespace sagashop::testing
