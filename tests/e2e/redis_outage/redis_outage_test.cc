#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "e2e/support/order_pages.h"
#include "e2e/support/system_under_test.h"
// The integration suite's own redis-server, which a test may stop and start on the same port.
#include "integration/redis/redis_test_support.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr int kRound = 40;  // orders per phase

std::string CacheStatus(SystemUnderTest& system, const std::string& service) {
  const http::Response response = system.Send(service, "GET", "/ready");
  const auto ready = boost::json::parse(response.body).as_object();
  return std::string(ready.at("checks").at("cache").at("status").as_string());
}

bool AllCacheStatusesAre(SystemUnderTest& system, const std::string& status) {
  for (const std::string& service : SystemUnderTest::Services()) {
    if (CacheStatus(system, service) != status) return false;
  }
  return true;
}

std::int64_t KeysIn(const cache::testing::RedisServerProcess& redis) {
  const auto replies = cache::testing::RawCommands(
      cache::testing::ConfigFor("127.0.0.1", redis.Port()), {{"DBSIZE"}});
  return replies.front()->integer;
}

// Places a round of orders and waits until every order so far has completed.
void PlaceRoundAndComplete(SystemUnderTest& system, int round) {
  for (int i = 0; i < kRound; ++i) {
    ASSERT_EQ(system
                  .Send("order", "POST", "/orders",
                        R"({"userId":12,"productId":1,"quantity":1,"amount":300})")
                  .status,
              201);
  }
  const std::size_t expected = static_cast<std::size_t>(kRound * round);
  std::size_t completed = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        completed = AllOrders(system, "COMPLETED").size();
        return completed == expected;
      },
      std::chrono::seconds(120), std::chrono::milliseconds(200)))
      << completed << " of " << expected << " completed in round " << round;
}

// Redis is a fast path only (docs/contracts.md, rule 2): stopped in the middle of a run, the
// services keep handling every event correctly on their database inboxes and report the cache as
// degraded; when it returns, they use it again.
TEST(RedisOutageTest, WithoutRedisEveryEventIsStillHandledOnceAndRedisIsUsedWhenBack) {
  cache::testing::RedisServerProcess redis;
  // The test's own redis-server speaks plain TCP, so this system reaches it without TLS, which
  // distributed mode allows only when told it is insecure on purpose.
  SystemUnderTest system(Mode::kDistributed, {"--redis=127.0.0.1:" + std::to_string(redis.Port()),
                                              "--redis-tls=false", "--insecure"});
  ASSERT_EQ(system
                .Send("inventory", "PUT", "/inventory/1",
                      R"({"productName":"fan","availableQuantity":1000})")
                .status,
            201);

  PlaceRoundAndComplete(system, 1);
  EXPECT_TRUE(AllCacheStatusesAre(system, "UP"));
  EXPECT_GT(KeysIn(redis), 0) << "the inboxes record handled events in Redis";

  redis.Stop();
  EXPECT_TRUE(Eventually([&] { return AllCacheStatusesAre(system, "DEGRADED"); }));
  const auto ready = system.Send("payment", "GET", "/ready");
  EXPECT_EQ(ready.status, 200) << "a service without its cache still takes work";
  EXPECT_EQ(boost::json::parse(ready.body).at("status").as_string(), "DEGRADED");
  PlaceRoundAndComplete(system, 2);

  redis.Start();  // empty: it kept nothing
  EXPECT_TRUE(
      Eventually([&] { return AllCacheStatusesAre(system, "UP"); }, std::chrono::seconds(60)));
  PlaceRoundAndComplete(system, 3);
  EXPECT_TRUE(Eventually([&] { return KeysIn(redis) > 0; }))
      << "events handled after Redis came back are recorded in it again";

  EXPECT_TRUE(Eventually([&] { return NothingReserved(system, 1); }));
  EXPECT_EQ(system.GetJson("inventory", "/inventory/1").at("availableQuantity").as_int64(),
            1000 - 3 * kRound);
  std::string report;
  EXPECT_EQ(system.Verify(&report), 0) << report;
  if (HasFailure()) std::cerr << system.Logs();
}

}  // namespace
}  // namespace sagashop::testing
