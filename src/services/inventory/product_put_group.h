#pragma once

#include <span>
#include <stdexcept>
#include <vector>

#include "platform/db/transaction.h"
#include "services/inventory/domain/product_put_plan.h"

namespace sagashop::inventory {

// Carries out the PUTs of `group` in `tx` with one statement per step, whatever the group's size:
// the group's rows are locked and read together, then the new products inserted, the restocked
// ones written and the stock ledger's rows recorded together. Returns one decision per PUT, in
// order; each one's `after` is the product as it now is. A product created meanwhile by another
// instance throws db::DbError (a constraint error), a row changed meanwhile StockChangedMeanwhile:
// the caller rolls back and handles each PUT on its own.
std::vector<PutDecision> PutProductsTogether(db::Transaction& tx,
                                             std::span<const ProductPut* const> group);

// Two PUTs of one product never go in one group: the second must see what the first did.
bool MayJoinGroup(const ProductPut& candidate, std::span<const ProductPut* const> group);

// Thrown inside a transaction when a restocked row no longer had the version it was read with.
struct StockChangedMeanwhile : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace sagashop::inventory
