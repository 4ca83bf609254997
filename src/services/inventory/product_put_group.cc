#include "services/inventory/product_put_group.h"

#include <algorithm>

#include "platform/core/timestamp.h"
#include "services/inventory/inventory_batch_repository.h"

namespace sagashop::inventory {

std::vector<PutDecision> PutProductsTogether(db::Transaction& tx,
                                             std::span<const ProductPut* const> group) {
  std::vector<std::int64_t> product_ids;
  product_ids.reserve(group.size());
  for (const ProductPut* put : group) product_ids.push_back(put->product_id);
  InventoryBatchRepository repository(tx);
  const std::map<std::int64_t, ProductStock> stock = repository.LockStock(product_ids);
  const std::string now = NowRfc3339();
  std::vector<PutDecision> decisions = PlanProductPuts(stock, group, now);

  std::vector<ProductPut> creations;
  std::vector<ProductWrite> restocks;
  std::vector<StockAdjustment> adjustments;
  for (const PutDecision& decision : decisions) {
    const ProductStock& after = decision.after;
    if (decision.kind == PutKind::kCreate) {
      creations.push_back({after.product_id, after.product_name, after.level.available});
    } else {
      restocks.push_back({.product_id = after.product_id,
                          .product_name = after.product_name,
                          .available = after.level.available,
                          .expected_version = decision.expected_version});
    }
    if (decision.delta != 0) {
      adjustments.push_back({.product_id = after.product_id,
                             .delta = decision.delta,
                             .kind = decision.kind == PutKind::kCreate ? "CREATE" : "RESTOCK"});
    }
  }
  // In product order, as LockStock locks: two instances creating the same products then wait for
  // each other instead of deadlocking.
  std::sort(creations.begin(), creations.end(),
            [](const ProductPut& a, const ProductPut& b) { return a.product_id < b.product_id; });
  repository.InsertProducts(creations, now);
  if (repository.WriteProducts(restocks, now) != static_cast<std::int64_t>(restocks.size())) {
    throw StockChangedMeanwhile("a restocked product changed after it was read");
  }
  repository.RecordAdjustments(adjustments, now);
  return decisions;
}

bool MayJoinGroup(const ProductPut& candidate, std::span<const ProductPut* const> group) {
  for (const ProductPut* member : group) {
    if (member->product_id == candidate.product_id) return false;
  }
  return true;
}

}  // namespace sagashop::inventory
