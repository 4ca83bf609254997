#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "e2e/support/system_under_test.h"
#include "platform/crypto/sealed_value.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

// Appears in no address but the test's, and in nothing the system writes by itself.
constexpr std::string_view kMarker = "Quokkaplatz";

std::string AddressOf(int n) {
  return std::string(kMarker) + " " + std::to_string(n) + ", 10115 Berlin";
}

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// What `command` prints on stdout; fails the test if it fails.
std::string Output(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return output;
  }
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    output.append(buffer, n);
  EXPECT_EQ(::pclose(pipe), 0) << command;
  return output;
}

class AtRestTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    system_ = std::make_unique<SystemUnderTest>(GetParam());
    const http::Response stocked =
        system_->Send("inventory", "PUT", "/inventory/1",
                      R"({"productName":"Keyboard","availableQuantity":100})");
    ASSERT_TRUE(stocked.status == 200 || stocked.status == 201) << stocked.body;
  }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    system_.reset();
  }

  // Places order `n` (address AddressOf(n)); returns its id.
  std::int64_t Place(int n) {
    const boost::json::object body{{"userId", 1001},          {"productId", 1},
                                   {"quantity", 1},           {"amount", 1000},
                                   {"address", AddressOf(n)}, {"paymentMethod", "CARD"}};
    const http::Response response =
        system_->Send("order", "POST", "/orders", boost::json::serialize(body));
    EXPECT_EQ(response.status, 201) << response.body;
    const std::int64_t id = boost::json::parse(response.body).as_object().at("orderId").as_int64();
    placed_[id] = n;
    return id;
  }

  // Waits until every order placed is COMPLETED with its delivery started.
  void AwaitCompleted() {
    for (const auto& [id, n] : placed_) {
      const std::string target = "/orders/" + std::to_string(id);
      ASSERT_TRUE(Eventually(
          [&] {
            return system_->GetJson("order", target).as_object().at("status").as_string() ==
                   "COMPLETED";
          },
          std::chrono::seconds(60)))
          << target;
    }
  }

  // Every order and its delivery show their own address over the API.
  void ExpectAddressesReadBack() {
    for (const auto& [id, n] : placed_) {
      const auto order = system_->GetJson("order", "/orders/" + std::to_string(id)).as_object();
      EXPECT_EQ(order.at("address").as_string(), AddressOf(n)) << "order " << id;
      const auto deliveries =
          system_->GetJson("delivery", "/deliveries?orderId=" + std::to_string(id)).as_object();
      ASSERT_EQ(deliveries.at("items").as_array().size(), 1u) << "order " << id;
      EXPECT_EQ(deliveries.at("items").as_array()[0].as_object().at("address").as_string(),
                AddressOf(n))
          << "order " << id;
    }
  }

  // The bytes of every database: each SQLite file (with its WAL), or each pg_dump.
  std::string RawDump() const {
    std::string bytes;
    if (GetParam() == Mode::kEmbedded) {
      for (const auto& entry : std::filesystem::directory_iterator(system_->DataDir())) {
        bytes += ReadBytes(entry.path());
      }
      return bytes;
    }
    for (const std::string& service : SystemUnderTest::Services()) {
      bytes += Output("pg_dump --no-owner '" + system_->DatabaseUri(service) + "'");
    }
    return bytes;
  }

  // The key id of every sealed address at rest, each table's values counted by key id.
  std::map<std::string, int> KeyIdsAtRest() const {
    std::map<std::string, int> ids;
    const auto count = [&](const std::string& service, const std::string& sql,
                           const std::string& json_member) {
      auto database = system_->OpenDatabase(service);
      auto tx = database->Begin();
      const db::ResultSet rows = tx->Execute({"test.at_rest", sql}, {});
      for (std::size_t row = 0; row < rows.RowCount(); ++row) {
        if (rows.IsNull(row, 0)) continue;
        std::string value = rows.Text(row, 0);
        if (!json_member.empty()) {
          value = boost::json::parse(value).as_object().at(json_member).as_string();
        }
        ++ids[crypto::SealedKeyId(value).value_or("clear")];
      }
      tx->Commit();
    };
    const std::string text = GetParam() == Mode::kEmbedded ? "" : "::text";
    count("order", "SELECT address FROM orders", "");
    count("order",
          "SELECT payload" + text + " FROM outbox_events WHERE event_type = 'order.created.v1'",
          "address");
    count("delivery", "SELECT address FROM deliveries", "");
    count("delivery", "SELECT address FROM delivery_requests", "");
    count("delivery", "SELECT request FROM outside_calls WHERE kind = 'SHIPMENT'", "address");
    return ids;
  }

  std::unique_ptr<SystemUnderTest> system_;
  std::map<std::int64_t, int> placed_;  // order id -> n of its address
};

TEST_P(AtRestTest, NoAddressRestsInClearAndRotationLeavesEveryValueUnderTheNewKey) {
  for (int n = 0; n < 6; ++n) Place(n);
  AwaitCompleted();
  ExpectAddressesReadBack();

  const std::string dump = RawDump();
  ASSERT_GT(dump.size(), 10'000u) << "the dump holds the databases";
  EXPECT_NE(dump.find("order.created.v1"), std::string::npos) << "the dump holds the events";
  EXPECT_NE(dump.find("Keyboard"), std::string::npos) << "the dump shows what is not sealed";
  EXPECT_EQ(dump.find(kMarker), std::string::npos) << "an address rests in clear";
  const std::map<std::string, int> before = KeyIdsAtRest();
  EXPECT_EQ(before, (std::map<std::string, int>{{"k1", 6 * 5}}));

  // A new key, then rotation while the system runs and takes more orders.
  std::string output;
  ASSERT_EQ(system_->RunCommand({"data-keys", "new"}, &output), 0) << output;
  EXPECT_NE(output.find("added key k2"), std::string::npos) << output;
  for (int n = 6; n < 9; ++n) Place(n);
  ASSERT_EQ(system_->RunCommand({"data-keys", "rotate", "--batch-size=4"}, &output), 0) << output;
  EXPECT_NE(output.find("left under another key or in clear"), std::string::npos) << output;
  AwaitCompleted();

  EXPECT_EQ(KeyIdsAtRest(), (std::map<std::string, int>{{"k2", 9 * 5}}));
  ExpectAddressesReadBack();
  EXPECT_EQ(RawDump().find(kMarker), std::string::npos) << "an address rests in clear";
}

INSTANTIATE_TEST_SUITE_P(Modes, AtRestTest, ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
