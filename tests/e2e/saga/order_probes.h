#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {

// What end-to-end tests ask the system about one order, over its public HTTP API.

// Waits for the order to be final and returns it.
inline boost::json::object FinalOrder(SystemUnderTest& system, std::int64_t id) {
  boost::json::object order;
  const bool final = Eventually(
      [&] {
        order = system.GetJson("order", "/orders/" + std::to_string(id)).as_object();
        const auto status = order.at("status").as_string();
        return status == "COMPLETED" || status == "CANCELED";
      },
      std::chrono::seconds(60), std::chrono::milliseconds(50));
  EXPECT_TRUE(final) << boost::json::serialize(order);
  return order;
}

inline std::int64_t Place(SystemUnderTest& system, const std::string& body) {
  const http::Response response = system.Send("order", "POST", "/orders", body);
  EXPECT_EQ(response.status, 201) << response.body;
  return boost::json::parse(response.body).at("orderId").as_int64();
}

inline boost::json::array Items(SystemUnderTest& system, const std::string& service,
                                const std::string& path, std::int64_t order_id) {
  return system.GetJson(service, path + "?orderId=" + std::to_string(order_id))
      .at("items")
      .as_array();
}

inline std::vector<std::string> StepTypes(SystemUnderTest& system, std::int64_t order_id) {
  std::vector<std::string> types;
  const auto saga = system.GetJson("order", "/orders/" + std::to_string(order_id) + "/saga");
  for (const auto& step : saga.at("steps").as_array()) {
    types.emplace_back(step.at("eventType").as_string());
  }
  return types;
}

inline bool Contains(const boost::json::value& text, std::string_view part) {
  return text.is_string() && std::string_view(text.as_string()).find(part) != std::string::npos;
}

}  // namespace sagashop::testing
