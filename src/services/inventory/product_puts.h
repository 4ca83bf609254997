#pragma once

#include <cstddef>
#include <optional>

#include "platform/core/group_commit.h"
#include "platform/db/database.h"
#include "services/inventory/domain/product_put_plan.h"

namespace sagashop::inventory {

// Carries out PUT /inventory/{productId}: concurrent PUTs are written together, one transaction
// per group (group commit, docs/architecture.md). A PUT of a group that failed is carried out on
// its own, as a group of one.
class ProductPuts {
 public:
  explicit ProductPuts(db::Database& database);

  // Creates or restocks the product; returns which, and the product as it now is.
  PutDecision Put(const ProductPut& put);

  // PUTs waiting for a group to take them (not those whose group runs).
  std::size_t Waiting() const { return groups_.Pending(); }

 private:
  // Nullopt when the group failed and the PUT must be carried out on its own.
  std::optional<PutDecision> PutInGroup(const ProductPut& put);
  PutDecision PutAlone(const ProductPut& put);

  db::Database& database_;
  GroupCommit<ProductPut, PutDecision> groups_;
};

}  // namespace sagashop::inventory
