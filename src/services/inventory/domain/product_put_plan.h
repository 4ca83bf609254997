#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "services/inventory/domain/product_stock.h"

namespace sagashop::inventory {

// One PUT /inventory/{productId}, validated: the name and available quantity the client sets.
struct ProductPut {
  std::int64_t product_id = 0;
  std::string product_name;
  std::int64_t available = 0;
};

enum class PutKind { kCreate, kRestock };

// What one PUT does to its product.
struct PutDecision {
  PutKind kind = PutKind::kCreate;
  // The change of available units, which the stock ledger records (docs/architecture.md); a delta
  // of 0 records nothing.
  std::int64_t delta = 0;
  // The product's row once written: what the client is answered.
  ProductStock after;
  // A restock writes only if the row still has the version it was decided on.
  std::int64_t expected_version = 0;
};

// Decides a group of PUTs at once (docs/contracts.md, HTTP API): a product the inventory does not
// know is created with the quantity asked and nothing reserved; a known one gets the name and
// available quantity asked, its reserved units untouched, its version one higher. `stock` holds
// the group's products that exist, as read; `now` stamps what is written. One decision per PUT,
// in the group's order. Two PUTs of one product never share a group (the second must see what the
// first did), so they throw std::logic_error.
std::vector<PutDecision> PlanProductPuts(const std::map<std::int64_t, ProductStock>& stock,
                                         std::span<const ProductPut* const> puts,
                                         const std::string& now);

}  // namespace sagashop::inventory
