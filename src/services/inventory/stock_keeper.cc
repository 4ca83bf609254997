#include "services/inventory/stock_keeper.h"

#include <thread>

#include "platform/core/backoff.h"
#include "platform/inbox/inbox_consumer.h"

namespace sagashop::inventory {

std::optional<StockLevel> StockKeeper::Update(InventoryRepository& repository,
                                              std::int64_t product_id, const StockDecision& decide,
                                              const std::string& now) {
  Backoff backoff(std::chrono::milliseconds(1), std::chrono::milliseconds(50));
  for (int attempt = 0; attempt < max_attempts_; ++attempt) {
    const std::optional<ProductStock> current = repository.FindStock(product_id);
    const std::optional<StockLevel> next = decide(current);
    if (!next) return std::nullopt;
    if (!current) throw std::logic_error("a stock decision wrote to an unknown product");
    if (repository.UpdateStockIfVersion(product_id, current->product_name, *next, current->version,
                                        now)) {
      return next;
    }
    ++version_conflicts_;
    std::this_thread::sleep_for(backoff.Next());
  }
  throw inbox::TransientError("stock of product " + std::to_string(product_id) +
                              " kept changing under " + std::to_string(max_attempts_) +
                              " attempts");
}

}  // namespace sagashop::inventory
