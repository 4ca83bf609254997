#pragma once

#include <cstdint>
#include <string>

#include "services/inventory/domain/stock_arithmetic.h"

namespace sagashop::inventory {

// A product's row in the inventory: its stock level and the version that the optimistic lock
// compares (docs/contracts.md, rule 5).
struct ProductStock {
  std::int64_t product_id = 0;
  std::string product_name;
  StockLevel level;
  std::int64_t version = 0;
  std::string created_at;
  std::string updated_at;

  bool operator==(const ProductStock&) const = default;
};

}  // namespace sagashop::inventory
