#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "kafka_test_fixture.h"

namespace sagashop::bus::testing {
namespace {

using KafkaAdminTest = KafkaBusTest;

// A loopback port nothing listens on: bound once to get a free number, then released.
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST_F(KafkaAdminTest, EnsureTopicsIsIdempotentAndCreatesThePartitionsAsked) {
  KafkaEventBus bus(Config(3));
  const std::vector<std::string> topics = {Topic("a"), Topic("b")};
  bus.EnsureTopics(topics);
  bus.EnsureTopics(topics);

  // A bus configured for more partitions leaves an existing topic as it is.
  KafkaEventBus wider(Config(6));
  const std::string fresh = Topic("c");
  wider.EnsureTopics(std::vector{topics[0], fresh});

  const std::map<std::string, int> counts = bus.Admin().PartitionCounts(std::chrono::seconds(5));
  ASSERT_TRUE(counts.contains(topics[0]) && counts.contains(topics[1]) && counts.contains(fresh));
  EXPECT_EQ(counts.at(topics[0]), 3);
  EXPECT_EQ(counts.at(topics[1]), 3);
  EXPECT_EQ(counts.at(fresh), 6);
}

TEST_F(KafkaAdminTest, InvalidTopicNameIsRefusedAsInvalid) {
  KafkaEventBus bus(Config());
  EXPECT_THROW(bus.EnsureTopics(std::vector<std::string>{"no spaces allowed"}),
               std::invalid_argument);
}

TEST_F(KafkaAdminTest, HealthIsReachableAgainstTheBroker) {
  KafkaEventBus bus(Config());
  const BusHealth health = bus.CheckHealth();
  EXPECT_TRUE(health.reachable) << health.detail;
  EXPECT_GT(health.latency.count(), 0);
}

TEST_F(KafkaAdminTest, HealthIsUnreachableQuicklyAgainstAClosedPort) {
  KafkaConfig config = Config();
  config.brokers = "127.0.0.1:" + std::to_string(ClosedPort());
  config.health_timeout = std::chrono::milliseconds(500);
  KafkaEventBus bus(config);
  const auto start = std::chrono::steady_clock::now();
  const BusHealth health = bus.CheckHealth();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(health.reachable);
  EXPECT_FALSE(health.detail.empty());
  EXPECT_LT(took, std::chrono::seconds(2));
}

TEST_F(KafkaAdminTest, EnsureTopicsFailsWithBusErrorWhenTheBrokerIsDown) {
  KafkaConfig config = Config();
  config.brokers = "127.0.0.1:" + std::to_string(ClosedPort());
  config.admin_timeout = std::chrono::milliseconds(1000);
  KafkaEventBus bus(config);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(bus.EnsureTopics(std::vector<std::string>{"never-created"}), BusError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace sagashop::bus::testing
