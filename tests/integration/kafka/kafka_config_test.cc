#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "kafka_test_fixture.h"

namespace sagashop::bus::testing {
namespace {

using ::testing::HasSubstr;

using KafkaConfigTest = KafkaBusTest;

std::string ConstructionError(const KafkaConfig& config) {
  try {
    KafkaEventBus bus(config);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "constructed without error";
}

TEST_F(KafkaConfigTest, UnknownProducerPropertyFailsNamingIt) {
  KafkaConfig config = Config();
  config.producer_overrides["no.such.property"] = "1";
  EXPECT_THAT(ConstructionError(config), HasSubstr("no.such.property"));
}

TEST_F(KafkaConfigTest, BadConsumerValueFailsNamingTheProperty) {
  KafkaConfig config = Config();
  config.consumer_overrides["fetch.min.bytes"] = "lots";
  EXPECT_THAT(ConstructionError(config), HasSubstr("fetch.min.bytes"));
}

TEST_F(KafkaConfigTest, BadCommonPropertyFailsNamingIt) {
  KafkaConfig config = Config();
  config.common_overrides["security.protocol"] = "carrier-pigeon";
  EXPECT_THAT(ConstructionError(config), HasSubstr("security.protocol"));
}

TEST_F(KafkaConfigTest, ValidateNamesTheBadSetting) {
  KafkaConfig config = Config();
  config.partitions = 0;
  EXPECT_THAT(ConstructionError(config), HasSubstr("kafka.partitions"));
  config = Config();
  config.brokers.clear();
  EXPECT_THAT(ConstructionError(config), HasSubstr("kafka.brokers"));
  config = Config();
  config.acks = "1";  // idempotence needs acks=all
  EXPECT_THAT(ConstructionError(config), HasSubstr("kafka.acks"));
  config = Config();
  config.heartbeat_interval = config.session_timeout;  // no heartbeat would come in time
  EXPECT_THAT(ConstructionError(config), HasSubstr("kafka.heartbeat_interval"));
}

TEST_F(KafkaConfigTest, OverridesWinOverDefaults) {
  KafkaConfig config = Config();
  config.producer_overrides["linger.ms"] = "50";
  config.consumer_overrides["fetch.wait.max.ms"] = "77";
  EXPECT_EQ(config.ProducerProperties().at("linger.ms"), "50");
  EXPECT_EQ(config.ProducerProperties().at("acks"), "all");
  EXPECT_EQ(config.ProducerProperties().at("partitioner"), "murmur2_random");
  EXPECT_EQ(config.ConsumerProperties("g").at("fetch.wait.max.ms"), "77");
  // Only stored offsets are committed, and the subscription stores them after its handler.
  EXPECT_EQ(config.ConsumerProperties("g").at("enable.auto.offset.store"), "false");
  EXPECT_EQ(config.ConsumerProperties("g").at("auto.commit.interval.ms"), "500");
  EXPECT_EQ(config.ConsumerProperties("g").at("group.id"), "g");
  EXPECT_EQ(config.ConsumerProperties("g").at("session.timeout.ms"), "10000");
}

}  // namespace
}  // namespace sagashop::bus::testing
