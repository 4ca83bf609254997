// PUT /inventory/{productId} under concurrency, end to end: requests that arrive together are
// written together (group commit), yet each is answered as if it had been alone: 201 with
// Location and the new product, or 200 with the restocked one. In distributed mode two Inventory
// instances also race to create the same products, which sends the losing groups to the path
// where each request is carried out on its own.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <functional>
#include <latch>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {
namespace {

std::string PutBody(const std::string& name, std::int64_t available) {
  return boost::json::serialize(
      boost::json::object{{"productName", name}, {"availableQuantity", available}});
}

std::string Target(std::int64_t product) {
  return "/inventory/" + std::to_string(product);
}

// Runs `send(i)` for i in [0, count) on as many threads, all let go at once; returns the
// responses in i's order. A client error fails the test.
std::vector<http::Response> AllAtOnce(int count, const std::function<http::Response(int)>& send) {
  std::vector<http::Response> responses(count);
  std::latch go(count);
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      try {
        responses[i] = send(i);
      } catch (const std::exception& error) {
        ADD_FAILURE() << "request " << i << ": " << error.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return responses;
}

class InventoryPutTest : public ::testing::TestWithParam<Mode> {
 protected:
  void Start(std::map<std::string, int> instances = {}) {
    system_ = std::make_unique<SystemUnderTest>(GetParam(), std::vector<std::string>{},
                                                std::move(instances));
  }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    system_.reset();
  }

  // Checks a PUT's answer: its status, and the product it shows, which GET shows too.
  void ExpectAnswer(const http::Response& response, int status, std::int64_t product,
                    const std::string& name, std::int64_t available, std::int64_t version) {
    SCOPED_TRACE("product " + std::to_string(product));
    ASSERT_EQ(response.status, status) << response.body;
    if (status == 201) {
      EXPECT_EQ(response.Header("Location"), Target(product));
    } else {
      EXPECT_FALSE(response.Header("Location"));
    }
    const boost::json::value body = boost::json::parse(response.body);
    EXPECT_EQ(body.at("productId").as_int64(), product);
    EXPECT_EQ(body.at("productName").as_string(), name);
    EXPECT_EQ(body.at("availableQuantity").as_int64(), available);
    EXPECT_EQ(body.at("reservedQuantity").as_int64(), 0);
    EXPECT_EQ(body.at("version").as_int64(), version);
    EXPECT_EQ(body, system_->GetJson("inventory", Target(product)));
  }

  std::unique_ptr<SystemUnderTest> system_;
};

TEST_P(InventoryPutTest, ManyConcurrentPutsOfDifferentProductsAreEachAnsweredWithTheirOwn) {
  constexpr int kProducts = 48;
  Start();
  std::vector<std::unique_ptr<http::HttpClient>> clients;
  for (int i = 0; i < kProducts; ++i) clients.push_back(system_->Client("inventory"));
  auto name = [](int i) { return "product " + std::to_string(i); };

  const std::vector<http::Response> created = AllAtOnce(kProducts, [&](int i) {
    return clients[i]->Send("PUT", Target(1000 + i), PutBody(name(i), 10 + i));
  });
  for (int i = 0; i < kProducts; ++i) {
    ExpectAnswer(created[i], 201, 1000 + i, name(i), 10 + i, 0);
    const boost::json::value body = boost::json::parse(created[i].body);
    EXPECT_EQ(body.at("createdAt"), body.at("updatedAt"));
  }

  const std::vector<http::Response> restocked = AllAtOnce(kProducts, [&](int i) {
    return clients[i]->Send("PUT", Target(1000 + i), PutBody("renamed " + name(i), 2 * i));
  });
  for (int i = 0; i < kProducts; ++i) {
    ExpectAnswer(restocked[i], 200, 1000 + i, "renamed " + name(i), 2 * i, 1);
  }
  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << "the stock ledger adds up: " << report;
}

TEST_P(InventoryPutTest, ConcurrentPutsOfOneProductCreateItOnceAndRestockItAfterEachOther) {
  constexpr int kPuts = 12;
  Start();
  std::vector<std::unique_ptr<http::HttpClient>> clients;
  for (int i = 0; i < kPuts; ++i) clients.push_back(system_->Client("inventory"));
  const std::vector<http::Response> responses = AllAtOnce(
      kPuts, [&](int i) { return clients[i]->Send("PUT", Target(7), PutBody("lamp", 100 + i)); });
  int created = 0;
  std::set<std::int64_t> versions;
  for (const http::Response& response : responses) {
    ASSERT_TRUE(response.status == 201 || response.status == 200) << response.body;
    created += response.status == 201 ? 1 : 0;
    versions.insert(boost::json::parse(response.body).at("version").as_int64());
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(versions.size(), static_cast<std::size_t>(kPuts)) << "each saw the one before";
  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << "the stock ledger adds up: " << report;
}

// Two instances on one database: for each product, one creates it and the other, whose group
// read before the creation committed, fails its group and restocks it on its own.
class TwoInventoriesPutTest : public InventoryPutTest {};

TEST_P(TwoInventoriesPutTest, CreatingTheSameProductsAtOnceAnswersEveryRequest) {
  constexpr int kProducts = 24;
  Start({{"inventory", 2}});
  const std::uint16_t ports[] = {system_->InstancePort("inventory"),
                                 system_->InstancePort("inventory#2")};
  std::vector<std::unique_ptr<http::HttpClient>> clients;
  for (int i = 0; i < 2 * kProducts; ++i) {
    clients.push_back(std::make_unique<http::HttpClient>("127.0.0.1", ports[i % 2],
                                                         std::chrono::seconds(30), system_->Tls()));
    clients.back()->SetDefaultHeaders(system_->AuthHeaders());
  }
  const std::vector<http::Response> responses = AllAtOnce(2 * kProducts, [&](int i) {
    return clients[i]->Send("PUT", Target(2000 + i / 2), PutBody("twin", 5 + i % 2));
  });
  for (int product = 0; product < kProducts; ++product) {
    const http::Response& first = responses[2 * product];
    const http::Response& second = responses[2 * product + 1];
    SCOPED_TRACE("product " + std::to_string(2000 + product));
    ASSERT_EQ(first.status + second.status, 201 + 200) << first.body << " / " << second.body;
    const http::Response& restock = first.status == 200 ? first : second;
    EXPECT_EQ(boost::json::parse(restock.body).at("version").as_int64(), 1);
    EXPECT_EQ(system_->GetJson("inventory", Target(2000 + product)).at("version").as_int64(), 1);
  }
  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << "the stock ledger adds up: " << report;
}

INSTANTIATE_TEST_SUITE_P(Modes, InventoryPutTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const auto& info) { return ModeName(info.param); });
INSTANTIATE_TEST_SUITE_P(Modes, TwoInventoriesPutTest, ::testing::Values(Mode::kDistributed),
                         [](const auto& info) { return ModeName(info.param); });

}  // namespace
}  // namespace sagashop::testing
