#include "services/inventory/product_puts.h"

#include <spdlog/spdlog.h>

#include "platform/db/db_error.h"
#include "platform/db/run_in_transaction.h"
#include "services/inventory/product_put_group.h"

namespace sagashop::inventory {
namespace {

// At most this many PUTs in one group: about as many as requests are handled at once.
constexpr std::size_t kMaxGroup = 64;

}  // namespace

ProductPuts::ProductPuts(db::Database& database)
    : database_(database),
      groups_(
          kMaxGroup,
          [this](std::span<const ProductPut* const> group) {
            return db::RunInTransaction(
                database_, [&](db::Transaction& tx) { return PutProductsTogether(tx, group); });
          },
          MayJoinGroup) {}

PutDecision ProductPuts::Put(const ProductPut& put) {
  if (std::optional<PutDecision> done = PutInGroup(put)) return std::move(*done);
  return PutAlone(put);
}

std::optional<PutDecision> ProductPuts::PutInGroup(const ProductPut& put) {
  try {
    return groups_.Submit(put);
  } catch (const std::exception& failure) {
    spdlog::debug("a group of PUT /inventory failed ({}); each is tried on its own",
                  failure.what());
    return std::nullopt;
  }
}

PutDecision ProductPuts::PutAlone(const ProductPut& put) {
  const ProductPut* const alone = &put;
  auto put_in_transaction = [&](db::Transaction& tx) {
    return PutProductsTogether(tx, {&alone, 1}).front();
  };
  // Two creations of one product raced (another instance created it first), or its row changed
  // after it was read: the rerun finds it as it now is and restocks it.
  constexpr int kAttempts = 2;
  for (int attempt = 1;; ++attempt) {
    try {
      return db::RunInTransaction(database_, put_in_transaction);
    } catch (const db::DbError& error) {
      if (error.GetKind() != db::DbError::Kind::kConstraint || attempt == kAttempts) throw;
    } catch (const StockChangedMeanwhile&) {
      if (attempt == kAttempts) throw;
    }
  }
}

}  // namespace sagashop::inventory
