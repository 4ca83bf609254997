#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "services/inventory/inventory_repository.h"

namespace sagashop::inventory {

// Decides a product's new stock level from its current row (nullopt: unknown product); returning
// nullopt writes nothing.
using StockDecision = std::function<std::optional<StockLevel>(const std::optional<ProductStock>&)>;

// Changes stock under the optimistic lock (docs/contracts.md, rule 5): read the row and its
// version, decide, write only if the version is unchanged, otherwise read again and decide again. A
// conflict is retried with a short backoff and never fails the saga; if conflicts persist the whole
// batch is retried later as a transient error.
class StockKeeper {
 public:
  explicit StockKeeper(int max_attempts = 50) : max_attempts_(max_attempts) {}

  // Returns the level written, or nullopt when `decide` chose not to write.
  std::optional<StockLevel> Update(InventoryRepository& repository, std::int64_t product_id,
                                   const StockDecision& decide, const std::string& now);

  std::uint64_t VersionConflicts() const { return version_conflicts_.load(); }

 private:
  int max_attempts_;
  std::atomic<std::uint64_t> version_conflicts_{0};
};

}  // namespace sagashop::inventory
