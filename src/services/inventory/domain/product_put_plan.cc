#include "services/inventory/domain/product_put_plan.h"

#include <set>
#include <stdexcept>

namespace sagashop::inventory {
namespace {

PutDecision Create(const ProductPut& put, const std::string& now) {
  return {.kind = PutKind::kCreate,
          .delta = put.available,
          .after = {.product_id = put.product_id,
                    .product_name = put.product_name,
                    .level = {.available = put.available, .reserved = 0},
                    .version = 0,
                    .created_at = now,
                    .updated_at = now}};
}

PutDecision Restock(const ProductPut& put, const ProductStock& current, const std::string& now) {
  return {.kind = PutKind::kRestock,
          .delta = put.available - current.level.available,
          .after = {.product_id = put.product_id,
                    .product_name = put.product_name,
                    .level = {.available = put.available, .reserved = current.level.reserved},
                    .version = current.version + 1,
                    .created_at = current.created_at,
                    .updated_at = now},
          .expected_version = current.version};
}

}  // namespace

std::vector<PutDecision> PlanProductPuts(const std::map<std::int64_t, ProductStock>& stock,
                                         std::span<const ProductPut* const> puts,
                                         const std::string& now) {
  std::vector<PutDecision> decisions;
  decisions.reserve(puts.size());
  std::set<std::int64_t> seen;
  for (const ProductPut* put : puts) {
    if (!seen.insert(put->product_id).second) {
      throw std::logic_error("two PUTs of product " + std::to_string(put->product_id) +
                             " in one group");
    }
    const auto current = stock.find(put->product_id);
    decisions.push_back(current == stock.end() ? Create(*put, now)
                                               : Restock(*put, current->second, now));
  }
  return decisions;
}

}  // namespace sagashop::inventory
