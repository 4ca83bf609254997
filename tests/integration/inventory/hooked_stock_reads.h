#pragma once

#include <functional>
#include <memory>
#include <span>
#include <utility>

#include "platform/db/database.h"

namespace sagashop::testing {

// Sees each read of a group's stock rows (InventoryBatchRepository::LockStock) and returns what the
// reader is given: the rows as read, or rows edited to show what another instance did between the
// read and the write, which no single process can otherwise arrange on SQLite. It may also block,
// to hold a group while others gather behind it.
using StockReadHook =
    std::function<db::ResultSet(std::span<const db::Param> params, db::ResultSet rows)>;

// A database that passes every call on, and each stock read's rows through a hook.
class HookedStockReads final : public db::Database {
 public:
  HookedStockReads(db::Database& inner, StockReadHook hook)
      : inner_(inner), hook_(std::move(hook)) {}

  db::Dialect GetDialect() const override { return inner_.GetDialect(); }
  std::unique_ptr<db::Transaction> Begin() override;
  using db::Database::RunStatement;
  db::ResultSet RunStatement(const db::Query& query, std::span<const db::Param> params) override {
    return inner_.RunStatement(query, params);
  }
  void ApplyMigrations(std::span<const db::Migration> migrations) override {
    inner_.ApplyMigrations(migrations);
  }
  std::unique_ptr<db::NotificationListener> Listen(std::string_view channel) override {
    return inner_.Listen(channel);
  }
  std::unique_ptr<db::LeaderLease> TryAcquireLeadership(std::string_view role) override {
    return inner_.TryAcquireLeadership(role);
  }
  void Ping() override { inner_.Ping(); }
  db::PoolStats GetPoolStats() const override { return inner_.GetPoolStats(); }

 private:
  db::Database& inner_;
  StockReadHook hook_;
};

// `rows` (product rows as LockStock reads them) without `product_id`'s: as if it was created after
// the read.
db::ResultSet WithoutProduct(const db::ResultSet& rows, std::int64_t product_id);

// `rows` with `product_id`'s version one lower: as if the row was written after the read.
db::ResultSet WithOlderVersion(const db::ResultSet& rows, std::int64_t product_id);

}  // namespace sagashop::testing
