#include "platform/cache/redis/redis_idempotency_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "redis_test_support.h"
#include "support/server_tls.h"
#include "support/test_env.h"

namespace sagashop::cache::testing {
namespace {

using Keys = std::vector<std::string>;

// Against the stack's Redis; every test writes under its own random key prefix and deletes it.
class RedisIdempotencyCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = ConfigFor(sagashop::testing::RequiredEnv("SAGASHOP_TEST_REDIS_HOST"),
                        std::stoi(sagashop::testing::RequiredEnv("SAGASHOP_TEST_REDIS_PORT")));
    config_.tls = sagashop::testing::TestServerTls();
  }

  void TearDown() override {
    try {
      RedisCommand del{"DEL"};
      for (const std::string& key : written_) del.push_back(config_.key_prefix + key);
      if (del.size() > 1) RawCommands(config_, {del});
    } catch (const std::exception& error) {
      std::fprintf(stderr, "cleanup of test keys failed: %s\n", error.what());
    }
  }

  Keys Written(Keys keys) {
    written_.insert(written_.end(), keys.begin(), keys.end());
    return keys;
  }

  RedisConfig config_;
  Keys written_;
};

TEST_F(RedisIdempotencyCacheTest, RememberedKeysAreSeenInOrder) {
  RedisIdempotencyCache cache(config_);
  const Keys keys = Written({"event-1", "event-2", "event-3"});
  EXPECT_EQ(cache.FindSeen(keys), (std::vector<bool>{false, false, false}));
  cache.Remember(Keys{keys[0], keys[2]}, std::chrono::seconds(60));
  EXPECT_EQ(cache.FindSeen(Keys{keys[0], keys[1], keys[2], keys[0]}),
            (std::vector<bool>{true, false, true, true}));
  EXPECT_TRUE(cache.FindSeen(Keys{}).empty());
  EXPECT_EQ(cache.ErrorCount(), 0u);
}

TEST_F(RedisIdempotencyCacheTest, RememberSetsTheTtlUnderThePrefix) {
  RedisIdempotencyCache cache(config_);
  const Keys keys = Written({"with-ttl"});
  cache.Remember(keys, std::chrono::seconds(120));
  const auto replies = RawCommands(
      config_, {{"TTL", config_.key_prefix + keys[0]}, {"GET", config_.key_prefix + keys[0]}});
  ASSERT_EQ(replies[0]->type, REDIS_REPLY_INTEGER);
  EXPECT_GT(replies[0]->integer, 100);
  EXPECT_LE(replies[0]->integer, 120);
  ASSERT_EQ(replies[1]->type, REDIS_REPLY_STRING);
  EXPECT_EQ(std::string(replies[1]->str), "1");
}

TEST_F(RedisIdempotencyCacheTest, HealthIsReachableWithLatency) {
  RedisIdempotencyCache cache(config_);
  const CacheHealth health = cache.CheckHealth();
  EXPECT_TRUE(health.reachable) << health.detail;
  EXPECT_GT(health.latency.count(), 0);
}

TEST_F(RedisIdempotencyCacheTest, ManyThreadsShareASmallPool) {
  config_.pool_size = 3;
  RedisIdempotencyCache cache(config_);
  constexpr int kThreads = 8;
  constexpr int kRounds = 100;
  std::vector<Keys> per_thread(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kRounds; ++i) {
      per_thread[t].push_back("t" + std::to_string(t) + "-" + std::to_string(i));
    }
    Written(per_thread[t]);
  }
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (const std::string& key : per_thread[t]) {
        if (cache.FindSeen(Keys{key})[0]) ++wrong;
        cache.Remember(Keys{key}, std::chrono::seconds(60));
        if (!cache.FindSeen(Keys{key})[0]) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(cache.ErrorCount(), 0u);
}

TEST(RedisConfigTest, ValidateNamesTheBadSetting) {
  RedisConfig config;
  config.pool_size = 0;
  try {
    RedisIdempotencyCache cache(config);
    FAIL() << "a pool of zero connections was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("redis.pool_size"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace sagashop::cache::testing
