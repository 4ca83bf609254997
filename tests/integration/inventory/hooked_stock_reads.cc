#include "integration/inventory/hooked_stock_reads.h"

#include <string>
#include <vector>

namespace sagashop::testing {
namespace {

// The name of LockStock's statement.
constexpr std::string_view kStockRead = "inventory_lock";
constexpr std::size_t kProductColumn = 0;
constexpr std::size_t kVersionColumn = 4;

class HookedTransaction final : public db::Transaction {
 public:
  HookedTransaction(std::unique_ptr<db::Transaction> inner, const StockReadHook& hook)
      : inner_(std::move(inner)), hook_(hook) {}

  db::Dialect GetDialect() const override { return inner_->GetDialect(); }

  using db::Transaction::Execute;
  db::ResultSet Execute(const db::Query& query, std::span<const db::Param> params) override {
    db::ResultSet rows = inner_->Execute(query, params);
    if (query.name != kStockRead) return rows;
    return hook_(params, std::move(rows));
  }
  void ExecuteUnprepared(std::string_view sql) override { inner_->ExecuteUnprepared(sql); }
  void Notify(std::string_view channel) override { inner_->Notify(channel); }
  void Commit() override {
    inner_->Commit();
    RunAfterCommit();
  }

 private:
  std::unique_ptr<db::Transaction> inner_;
  const StockReadHook& hook_;
};

// `rows` with each row passed through `edit`, which may drop it (returns false).
template <typename Edit>
db::ResultSet EditRows(const db::ResultSet& rows, Edit edit) {
  std::vector<std::vector<db::ResultSet::Cell>> kept;
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    std::vector<db::ResultSet::Cell> cells;
    for (std::size_t column = 0; column < rows.Columns().size(); ++column) {
      cells.push_back(rows.OptionalText(row, column));
    }
    if (edit(cells)) kept.push_back(std::move(cells));
  }
  const auto count = static_cast<std::int64_t>(kept.size());
  return db::ResultSet(rows.Columns(), std::move(kept), count);
}

bool Is(const std::vector<db::ResultSet::Cell>& cells, std::int64_t product_id) {
  return std::stoll(*cells[kProductColumn]) == product_id;
}

}  // namespace

std::unique_ptr<db::Transaction> HookedStockReads::Begin() {
  return std::make_unique<HookedTransaction>(inner_.Begin(), hook_);
}

db::ResultSet WithoutProduct(const db::ResultSet& rows, std::int64_t product_id) {
  return EditRows(rows,
                  [&](std::vector<db::ResultSet::Cell>& cells) { return !Is(cells, product_id); });
}

db::ResultSet WithOlderVersion(const db::ResultSet& rows, std::int64_t product_id) {
  return EditRows(rows, [&](std::vector<db::ResultSet::Cell>& cells) {
    if (Is(cells, product_id)) {
      cells[kVersionColumn] = std::to_string(std::stoll(*cells[kVersionColumn]) - 1);
    }
    return true;
  });
}

}  // namespace sagashop::testing
