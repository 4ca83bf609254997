#pragma once

#include <cstdint>
#include <string>

#include "bench/order_mix.h"
#include "platform/http/client.h"

namespace sagashop::bench {

// The products and order bodies a run uses: one product stocked for every order of a run, one
// with no stock at all (the "short" path), and amounts and addresses that trip the simulated
// gateway and carrier (docs/contracts.md, Failure triggers).
class BenchCatalog {
 public:
  static constexpr std::int64_t kStockedProduct = 700001;
  static constexpr std::int64_t kEmptyProduct = 700002;

  // Puts the two products in place through the Inventory API: the stocked one restocked to a
  // billion units when below a hundred million, the empty one at zero. Throws std::runtime_error
  // when Inventory refuses.
  static void Seed(http::HttpClient& inventory);

  // The body of POST /orders for an order along `path`, placed by `user_id` (one per run, so the
  // run's orders can be listed afterwards).
  static std::string OrderBody(OrderPath path, std::int64_t user_id);
};

}  // namespace sagashop::bench
