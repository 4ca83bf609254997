#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "platform/cache/redis/redis_idempotency_cache.h"
#include "redis_test_support.h"
#include "support/eventually.h"

namespace sagashop::cache::testing {
namespace {

using Keys = std::vector<std::string>;
using Clock = std::chrono::steady_clock;

TEST(RedisOutageTest, ClosedPortAnswersNotSeenQuicklyAndSkipsRedisDuringTheBackoff) {
  RedisConfig config = ConfigFor("127.0.0.1", FreePort());
  config.failure_backoff = std::chrono::seconds(60);
  RedisIdempotencyCache cache(config);

  const auto start = Clock::now();
  EXPECT_EQ(cache.FindSeen(Keys{"a", "b"}), (std::vector<bool>{false, false}));
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(500));
  EXPECT_EQ(cache.ErrorCount(), 1u);

  // Backing off: no attempt at all, so no new failure either.
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(cache.FindSeen(Keys{"a"}), std::vector<bool>{false});
    cache.Remember(Keys{"a"}, std::chrono::seconds(60));
  }
  EXPECT_EQ(cache.ErrorCount(), 1u);

  const auto probe_start = Clock::now();
  const CacheHealth health = cache.CheckHealth();
  EXPECT_FALSE(health.reachable);
  EXPECT_FALSE(health.detail.empty());
  EXPECT_LT(Clock::now() - probe_start, std::chrono::milliseconds(500));
}

TEST(RedisOutageTest, RedisThatDiesAndComesBackIsUsedAgainAfterTheBackoff) {
  RedisServerProcess server;
  RedisConfig config = ConfigFor("127.0.0.1", server.Port());
  config.failure_backoff = std::chrono::milliseconds(300);
  RedisIdempotencyCache cache(config);

  // Several pooled connections, so that all of them are stale once the server restarts.
  for (int i = 0; i < 3; ++i)
    cache.Remember(Keys{"before-" + std::to_string(i)}, std::chrono::seconds(60));
  ASSERT_EQ(cache.FindSeen(Keys{"before-0"}), std::vector<bool>{true});
  ASSERT_EQ(cache.ErrorCount(), 0u);

  server.Stop();
  const auto start = Clock::now();
  EXPECT_EQ(cache.FindSeen(Keys{"before-0"}), std::vector<bool>{false});
  EXPECT_EQ(cache.FindSeen(Keys{"before-0"}), std::vector<bool>{false});
  cache.Remember(Keys{"while-down"}, std::chrono::seconds(60));
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(500));
  EXPECT_GE(cache.ErrorCount(), 1u);
  EXPECT_FALSE(cache.CheckHealth().reachable);

  server.Start();  // same port, empty: nothing was persisted
  EXPECT_TRUE(sagashop::testing::Eventually(
      [&]() -> bool {  // not the vector<bool> proxy, which would outlive its vector
        cache.Remember(Keys{"after"}, std::chrono::seconds(60));
        return cache.FindSeen(Keys{"after"})[0];
      },
      std::chrono::seconds(10)));
  const auto replies = RawCommands(config, {{"EXISTS", config.key_prefix + "after"},
                                            {"EXISTS", config.key_prefix + "while-down"}});
  EXPECT_EQ(replies[0]->integer, 1);
  EXPECT_EQ(replies[1]->integer, 0);
  EXPECT_TRUE(cache.CheckHealth().reachable);
}

}  // namespace
}  // namespace sagashop::cache::testing
