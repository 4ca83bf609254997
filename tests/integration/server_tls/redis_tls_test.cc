// The stack's Redis listens for TLS only and takes clients with a certificate from the stack's CA
// only (tls-auth-clients yes); the adapter checks the server's certificate and name in turn.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "integration/server_tls/foreign_identity.h"
#include "platform/cache/redis/redis_connection.h"
#include "platform/cache/redis/redis_idempotency_cache.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

using cache::RedisConfig;
using cache::RedisConnection;
using cache::RedisConnectionError;

RedisConfig StackRedis() {
  RedisConfig config;
  config.host = RequiredEnv("SAGASHOP_TEST_REDIS_HOST");
  config.port = std::stoi(RequiredEnv("SAGASHOP_TEST_REDIS_PORT"));
  // A handshake on a loaded two-core machine can take longer than the adapter's default.
  config.connect_timeout = std::chrono::seconds(5);
  config.command_timeout = std::chrono::seconds(5);
  return config;
}

// What a PING on a fresh connection comes to: "PONG", or the error that ended the connection.
std::string Ping(const RedisConfig& config) {
  try {
    RedisConnection connection = RedisConnection::Connect(config);
    const auto replies = connection.Pipeline({{"PING"}});
    return std::string(replies.front()->str, replies.front()->len);
  } catch (const RedisConnectionError& error) {
    return error.what();
  }
}

TEST(RedisTlsTest, TheStacksClientIsAnsweredOverTls) {
  RedisConfig config = StackRedis();
  config.tls = StackIdentity();
  RedisConnection connection = RedisConnection::Connect(config);
  EXPECT_TRUE(connection.UsesTls());
  const auto replies = connection.Pipeline({{"PING"}, {"ECHO", std::string(100'000, 'x')}});
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(std::string(replies[0]->str, replies[0]->len), "PONG");
  EXPECT_EQ(replies[1]->len, 100'000u) << "a reply larger than one TLS record arrives whole";
}

TEST(RedisTlsTest, TheHostNameIsCheckedToo) {
  RedisConfig config = StackRedis();
  config.tls = StackIdentity();
  config.host = "localhost";  // the certificate names it (DNS:localhost) as well as 127.0.0.1
  EXPECT_EQ(Ping(config), "PONG");
}

TEST(RedisTlsTest, APlaintextClientIsRefused) {
  EXPECT_NE(Ping(StackRedis()), "PONG");
}

TEST(RedisTlsTest, ATlsClientWithoutACertificateIsRefused) {
  RedisConfig config = StackRedis();
  config.tls = core::TlsClientFiles{.ca_file = StackIdentity().ca_file};
  EXPECT_NE(Ping(config), "PONG");
}

TEST(RedisTlsTest, AClientCertificateFromAnotherCaIsRefused) {
  const ForeignIdentity foreign;
  RedisConfig config = StackRedis();
  config.tls = core::TlsClientFiles{.ca_file = StackIdentity().ca_file,
                                    .cert_file = foreign.Files().cert_file,
                                    .key_file = foreign.Files().key_file};
  EXPECT_NE(Ping(config), "PONG");
}

TEST(RedisTlsTest, AServerCertificateFromAnotherCaIsNotTrusted) {
  const ForeignIdentity foreign;
  RedisConfig config = StackRedis();
  config.tls = core::TlsClientFiles{.ca_file = foreign.Files().ca_file,
                                    .cert_file = StackIdentity().cert_file,
                                    .key_file = StackIdentity().key_file};
  const std::string outcome = Ping(config);
  EXPECT_NE(outcome.find("certificate"), std::string::npos) << outcome;
}

TEST(RedisTlsTest, TheIdempotencyCacheWorksOverTls) {
  RedisConfig config = StackRedis();
  config.tls = StackIdentity();
  config.key_prefix = "sagashop-tls-test-" + std::to_string(std::random_device()()) + ":";
  cache::RedisIdempotencyCache cache(config);
  const std::vector<std::string> keys = {"event-1", "event-2"};
  cache.Remember(std::span(keys).first(1), std::chrono::seconds(60));
  EXPECT_EQ(cache.FindSeen(keys), (std::vector<bool>{true, false}));
  EXPECT_TRUE(cache.CheckHealth().reachable);
  EXPECT_EQ(cache.ErrorCount(), 0u);
}

}  // namespace
}  // namespace sagashop::testing
