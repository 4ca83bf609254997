// POST /orders with an Idempotency-Key, end to end in each deployment mode, as the IETF
// Idempotency-Key draft describes it: a retry gets the original response and creates nothing, a
// different request under the same key gets 422, keys are scoped per user, concurrent requests
// with one key create one order, and a key expires after its retention period.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <latch>
#include <set>
#include <thread>

#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

std::string OrderBody(std::int64_t user_id, std::int64_t quantity = 1, std::int64_t amount = 5000) {
  return boost::json::serialize(boost::json::object{{"userId", user_id},
                                                    {"productId", 1},
                                                    {"quantity", quantity},
                                                    {"amount", amount},
                                                    {"address", "Seoul"}});
}

// The IETF draft's form of the header: a Structured Field String.
http::HttpClient::Headers KeyHeader(const std::string& key) {
  return {{"Idempotency-Key", "\"" + key + "\""}};
}

std::int64_t OrderIdOf(const http::Response& response) {
  return boost::json::parse(response.body).at("orderId").as_int64();
}

bool Replayed(const http::Response& response) {
  return response.Header("Idempotent-Replayed") == "true";
}

class IdempotencyTest : public ::testing::TestWithParam<Mode> {
 protected:
  void Start(std::vector<std::string> extra_args = {}) {
    system_ = std::make_unique<SystemUnderTest>(GetParam(), std::move(extra_args));
    const http::Response stocked =
        system_->Send("inventory", "PUT", "/inventory/1",
                      R"({"productName":"keyboard","availableQuantity":500})");
    ASSERT_EQ(stocked.status, 201) << stocked.body;
  }

  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    system_.reset();
  }

  http::Response Post(const std::string& body, const http::HttpClient::Headers& headers) {
    return system_->Send("order", "POST", "/orders", body, headers);
  }

  std::vector<std::int64_t> OrdersOf(std::int64_t user_id) {
    std::vector<std::int64_t> ids;
    const auto page = system_->GetJson("order", "/orders?userId=" + std::to_string(user_id));
    for (const auto& item : page.at("items").as_array()) ids.push_back(item.at("id").as_int64());
    return ids;
  }

  // Waits until every order has finished its saga, then checks the system's invariants.
  void ExpectFinishedAndVerified(const std::vector<std::int64_t>& order_ids) {
    for (const std::int64_t id : order_ids) {
      EXPECT_TRUE(Eventually(
          [&] {
            return system_->GetJson("order", "/orders/" + std::to_string(id)).at("status") ==
                   "COMPLETED";
          },
          std::chrono::seconds(60), std::chrono::milliseconds(100)))
          << "order " << id;
    }
    std::string report;
    EXPECT_EQ(system_->Verify(&report), 0) << report;
  }

  std::unique_ptr<SystemUnderTest> system_;
};

TEST_P(IdempotencyTest, SameKeyAndBodyGetTheOriginalResponseAndCreateNothing) {
  Start();
  const http::Response original = Post(OrderBody(101), KeyHeader("same-key"));
  ASSERT_EQ(original.status, 201) << original.body;
  EXPECT_FALSE(Replayed(original));
  const std::int64_t order_id = OrderIdOf(original);

  auto expect_original = [&](const http::Response& retry, const char* how) {
    EXPECT_EQ(retry.status, original.status) << how;
    EXPECT_EQ(retry.body, original.body) << how;
    EXPECT_EQ(retry.Header("Location"), original.Header("Location")) << how;
    EXPECT_EQ(retry.Header("Content-Type"), original.Header("Content-Type")) << how;
    EXPECT_TRUE(Replayed(retry)) << how;
  };
  expect_original(Post(OrderBody(101), KeyHeader("same-key")), "the header again");
  expect_original(Post(OrderBody(101), {{"Idempotency-Key", "same-key"}}), "the header bare");
  const std::string body_with_key =
      R"({"userId":101,"productId":1,"quantity":1,"amount":5000,"address":"Seoul",)"
      R"("idempotencyKey":"same-key"})";
  expect_original(Post(body_with_key, {}), "the key in the body");

  // Still the original response once the order has moved on: it was created PENDING.
  ExpectFinishedAndVerified({order_id});
  expect_original(Post(OrderBody(101), KeyHeader("same-key")), "after the saga completed");
  EXPECT_EQ(OrdersOf(101), std::vector<std::int64_t>{order_id});
  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << report;
}

TEST_P(IdempotencyTest, SameKeyWithADifferentBodyIsRefusedWith422) {
  Start();
  const http::Response original = Post(OrderBody(102, 1), KeyHeader("reused"));
  ASSERT_EQ(original.status, 201) << original.body;

  const http::Response reused = Post(OrderBody(102, 2), KeyHeader("reused"));
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(reused.Header("Content-Type"), "application/problem+json");
  const auto problem = boost::json::parse(reused.body).as_object();
  EXPECT_EQ(problem.at("status").as_int64(), 422);
  EXPECT_EQ(problem.at("invalid-params").at(0).at("name").as_string(), "Idempotency-Key");
  const std::string detail(problem.at("detail").as_string());
  EXPECT_NE(detail.find("already used for a different request"), std::string::npos) << detail;
  EXPECT_NE(detail.find("order " + std::to_string(OrderIdOf(original))), std::string::npos)
      << detail;

  EXPECT_EQ(OrdersOf(102), std::vector<std::int64_t>{OrderIdOf(original)});
  ExpectFinishedAndVerified({OrderIdOf(original)});
}

TEST_P(IdempotencyTest, TheSameKeyOfAnotherUserCreatesAnotherOrder) {
  Start();
  const http::Response first = Post(OrderBody(103), KeyHeader("shared-key"));
  const http::Response second = Post(OrderBody(104), KeyHeader("shared-key"));
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_FALSE(Replayed(second));
  EXPECT_NE(OrderIdOf(first), OrderIdOf(second));
  EXPECT_EQ(OrdersOf(103), std::vector<std::int64_t>{OrderIdOf(first)});
  EXPECT_EQ(OrdersOf(104), std::vector<std::int64_t>{OrderIdOf(second)});
  ExpectFinishedAndVerified({OrderIdOf(first), OrderIdOf(second)});
}

TEST_P(IdempotencyTest, FiftyConcurrentRequestsWithOneKeyCreateOneOrder) {
  constexpr int kRequests = 50;
  Start();
  std::vector<std::unique_ptr<http::HttpClient>> clients;
  for (int i = 0; i < kRequests; ++i) clients.push_back(system_->Client("order"));
  std::vector<http::Response> responses(kRequests);
  std::vector<std::string> errors(kRequests);
  std::latch go(kRequests);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    threads.emplace_back([&, i] {
      go.arrive_and_wait();  // all at once
      try {
        responses[i] = clients[i]->Send("POST", "/orders", OrderBody(105), KeyHeader("at-once"));
      } catch (const std::exception& error) {
        errors[i] = error.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<std::string> bodies;
  int created = 0;
  for (int i = 0; i < kRequests; ++i) {
    ASSERT_EQ(errors[i], "") << "request " << i;
    EXPECT_EQ(responses[i].status, 201) << "request " << i << ": " << responses[i].body;
    bodies.insert(responses[i].body);
    created += Replayed(responses[i]) ? 0 : 1;
  }
  ASSERT_EQ(bodies.size(), 1u) << "every request answered with the one order";
  EXPECT_EQ(created, 1) << "one request created the order, the others were answered as retries";
  const std::int64_t order_id = OrderIdOf(responses[0]);
  EXPECT_EQ(OrdersOf(105), std::vector<std::int64_t>{order_id});
  ExpectFinishedAndVerified({order_id});
}

// With a retention of 1.8 s, retries answer as the first request did until the key expires; the
// next request with it then creates a new order, and the first order is of course kept.
TEST_P(IdempotencyTest, AfterItsRetentionAKeyCreatesANewOrder) {
  Start({"--idempotency-key-retention-hours=0.0005"});
  const http::Response original = Post(OrderBody(106), KeyHeader("short-lived"));
  ASSERT_EQ(original.status, 201) << original.body;
  const std::int64_t first_order = OrderIdOf(original);

  http::Response latest;
  int replays = 0;
  const bool expired = Eventually(
      [&] {
        latest = Post(OrderBody(106), KeyHeader("short-lived"));
        if (latest.status != 201 || OrderIdOf(latest) != first_order) return true;
        EXPECT_EQ(latest.body, original.body);
        EXPECT_TRUE(Replayed(latest));
        ++replays;
        return false;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(200));
  ASSERT_TRUE(expired) << "the key never expired";
  ASSERT_EQ(latest.status, 201) << latest.body;
  EXPECT_FALSE(Replayed(latest));
  const std::int64_t second_order = OrderIdOf(latest);
  EXPECT_GT(second_order, first_order);
  EXPECT_EQ(OrdersOf(106), (std::vector<std::int64_t>{first_order, second_order}));
  std::cout << replays << " retries were answered from the key before it expired\n";
  ExpectFinishedAndVerified({first_order, second_order});
}

INSTANTIATE_TEST_SUITE_P(Modes, IdempotencyTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
