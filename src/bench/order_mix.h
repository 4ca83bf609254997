#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sagashop::bench {

// The ways an order can go (docs/contracts.md, Failure triggers), as the load generator makes them
// happen.
enum class OrderPath { kOk, kDeclined, kShort, kUndeliverable };
inline constexpr std::array<OrderPath, 4> kOrderPaths = {
    OrderPath::kOk, OrderPath::kDeclined, OrderPath::kShort, OrderPath::kUndeliverable};

// "ok", "declined", "short", "undeliverable": the names --mix and the result use.
const char* PathName(OrderPath path);
// What the order should end as: COMPLETED for ok, CANCELED for the others.
const char* ExpectedStatus(OrderPath path);

// The share of orders along each path, e.g. "ok=70,declined=10,short=10,undeliverable=10".
// Orders are assigned deterministically and spread evenly (smooth weighted round-robin), so any
// stretch of a run carries the mix, not only the whole run.
class OrderMix {
 public:
  // Throws std::invalid_argument naming what is wrong. Paths not named get weight 0.
  static OrderMix Parse(std::string_view text);

  OrderPath PathOf(std::int64_t index) const;
  int Weight(OrderPath path) const { return weights_[static_cast<std::size_t>(path)]; }
  std::string ToString() const;

 private:
  std::array<int, 4> weights_{};
  std::vector<OrderPath> cycle_;  // one path per slot of a cycle of sum(weights) orders
};

}  // namespace sagashop::bench
