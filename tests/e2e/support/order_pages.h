#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

// Every order with `status` (all orders when empty), following GET /orders' pages.
inline std::vector<boost::json::object> AllOrders(SystemUnderTest& system,
                                                  const std::string& status = "") {
  std::vector<boost::json::object> orders;
  std::string after;
  while (true) {
    std::string target = "/orders?limit=500";
    if (!status.empty()) target += "&status=" + status;
    if (!after.empty()) target += "&after=" + after;
    const boost::json::object page = system.GetJson("order", target).as_object();
    for (const auto& item : page.at("items").as_array()) orders.push_back(item.as_object());
    if (page.at("next").is_null()) return orders;
    after = std::to_string(page.at("next").as_int64());
  }
}

// True when no unit of products 1..`products` is reserved any more. An order completes on
// delivery.started and Inventory commits its reservation on that same event, possibly a moment
// later, so tests wait for this before checking stock or running verify.
inline bool NothingReserved(SystemUnderTest& system, int products) {
  for (int product = 1; product <= products; ++product) {
    const auto stock = system.GetJson("inventory", "/inventory/" + std::to_string(product));
    if (stock.at("reservedQuantity").as_int64() != 0) return false;
  }
  return true;
}

}  // namespace sagashop::testing
