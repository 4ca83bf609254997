#include "platform/cache/memory/in_memory_idempotency_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sagashop::cache {
namespace {

using std::chrono::seconds;
using Keys = std::vector<std::string>;

// Time that moves only when the test says so.
class FakeClock {
 public:
  std::chrono::steady_clock::time_point Now() const { return now_; }
  void Advance(std::chrono::steady_clock::duration by) { now_ += by; }
  InMemoryIdempotencyCache::Clock AsClock() {
    return [this] { return Now(); };
  }

 private:
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1000)};
};

TEST(InMemoryIdempotencyCache, RemembersKeysAndAnswersPerKeyInOrder) {
  FakeClock clock;
  InMemoryIdempotencyCache cache({}, clock.AsClock());
  EXPECT_EQ(cache.FindSeen(Keys{"a", "b"}), (std::vector<bool>{false, false}));
  cache.Remember(Keys{"b", "c"}, seconds(60));
  EXPECT_EQ(cache.FindSeen(Keys{"a", "b", "c", "b"}), (std::vector<bool>{false, true, true, true}));
  EXPECT_TRUE(cache.FindSeen(Keys{}).empty());
}

TEST(InMemoryIdempotencyCache, ForgetsAKeyWhenItsTtlPasses) {
  FakeClock clock;
  InMemoryIdempotencyCache cache({}, clock.AsClock());
  cache.Remember(Keys{"short"}, seconds(10));
  cache.Remember(Keys{"long"}, seconds(100));
  clock.Advance(seconds(9));
  EXPECT_EQ(cache.FindSeen(Keys{"short", "long"}), (std::vector<bool>{true, true}));
  clock.Advance(seconds(1));
  EXPECT_EQ(cache.FindSeen(Keys{"short", "long"}), (std::vector<bool>{false, true}));
  clock.Advance(seconds(90));
  EXPECT_EQ(cache.FindSeen(Keys{"short", "long"}), (std::vector<bool>{false, false}));
  EXPECT_EQ(cache.Size(), 0u);
}

TEST(InMemoryIdempotencyCache, RememberingAgainExtendsTheTtl) {
  FakeClock clock;
  InMemoryIdempotencyCache cache({}, clock.AsClock());
  cache.Remember(Keys{"k"}, seconds(10));
  clock.Advance(seconds(8));
  cache.Remember(Keys{"k"}, seconds(10));
  clock.Advance(seconds(8));
  EXPECT_EQ(cache.FindSeen(Keys{"k"}), std::vector<bool>{true});
}

TEST(InMemoryIdempotencyCache, ExpiredKeysAreSweptOutOnRemember) {
  FakeClock clock;
  InMemoryIdempotencyCache cache({}, clock.AsClock());
  cache.Remember(Keys{"a", "b", "c"}, seconds(5));
  clock.Advance(seconds(5));
  cache.Remember(Keys{"d"}, seconds(5));
  EXPECT_EQ(cache.Size(), 1u);
}

TEST(InMemoryIdempotencyCache, AZeroTtlRemembersNothing) {
  FakeClock clock;
  InMemoryIdempotencyCache cache({}, clock.AsClock());
  cache.Remember(Keys{"k"}, seconds(0));
  EXPECT_EQ(cache.FindSeen(Keys{"k"}), std::vector<bool>{false});
}

TEST(InMemoryIdempotencyCache, EvictsTheOldestWhenFull) {
  FakeClock clock;
  InMemoryIdempotencyCache cache({.max_entries = 3}, clock.AsClock());
  cache.Remember(Keys{"1", "2", "3"}, seconds(60));
  cache.Remember(Keys{"1"}, seconds(60));  // "1" is now the newest; "2" the oldest
  cache.Remember(Keys{"4"}, seconds(60));
  EXPECT_EQ(cache.FindSeen(Keys{"1", "2", "3", "4"}), (std::vector<bool>{true, false, true, true}));
  EXPECT_EQ(cache.Size(), 3u);
  cache.Remember(Keys{"5", "6", "7", "8"}, seconds(60));
  EXPECT_EQ(cache.FindSeen(Keys{"1", "3", "4", "5", "6", "7", "8"}),
            (std::vector<bool>{false, false, false, false, true, true, true}));
}

TEST(InMemoryIdempotencyCache, IsAlwaysHealthy) {
  InMemoryIdempotencyCache cache;
  EXPECT_TRUE(cache.CheckHealth().reachable);
}

TEST(InMemoryIdempotencyCache, RejectsAZeroCapacity) {
  EXPECT_THROW(InMemoryIdempotencyCache({.max_entries = 0}), std::invalid_argument);
}

TEST(InMemoryIdempotencyCache, ConcurrentCallersSeeEveryKeyTheyRemembered) {
  InMemoryIdempotencyCache cache({.max_entries = 1'000'000});
  constexpr int kThreads = 4;
  constexpr int kKeysPerThread = 2000;
  std::atomic<int> misses{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kKeysPerThread; ++i) {
        const Keys key{std::to_string(t) + ":" + std::to_string(i)};
        cache.Remember(key, seconds(600));
        if (!cache.FindSeen(key)[0]) ++misses;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(misses.load(), 0);
  EXPECT_EQ(cache.Size(), static_cast<std::size_t>(kThreads * kKeysPerThread));
}

}  // namespace
}  // namespace sagashop::cache
