#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "e2e/support/system_under_test.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

// `sagashop verify` passes on what the system wrote, and catches what it would never write: a
// COMPLETED order whose payment was refunded behind its back.
TEST(VerifyTest, CatchesACompletedOrderWithARefundedPayment) {
  SystemUnderTest system(Mode::kEmbedded);
  ASSERT_EQ(
      system
          .Send("inventory", "PUT", "/inventory/1", R"({"productName":"p","availableQuantity":10})")
          .status,
      201);
  const http::Response created = system.Send(
      "order", "POST", "/orders", R"({"userId":1,"productId":1,"quantity":1,"amount":700})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t order_id = boost::json::parse(created.body).at("orderId").as_int64();
  ASSERT_TRUE(Eventually([&] {
    return system.GetJson("order", "/orders/" + std::to_string(order_id)).at("status") ==
           "COMPLETED";
  }));
  std::string report;
  ASSERT_EQ(system.Verify(&report), 0) << report;

  db::SqliteDatabase payments({.path = system.DataDir() + "/payment.db"});
  auto tx = payments.Begin();
  tx->Execute({"tamper", "UPDATE payments SET status = 'REFUNDED' WHERE order_id = $1"},
              {order_id});
  tx->Commit();

  EXPECT_EQ(system.Verify(&report), 1) << report;
  EXPECT_NE(report.find("VIOLATION completed order=" + std::to_string(order_id)), std::string::npos)
      << report;
  EXPECT_NE(report.find("VIOLATION money"), std::string::npos) << report;
}

}  // namespace
}  // namespace sagashop::testing
