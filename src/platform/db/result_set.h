#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sagashop::db {

// The rows a statement returned, copied out of the driver so that no C handle escapes the adapter.
// Every value is kept as text (or NULL) — the same form libpq and SQLite hand out — and converted
// on access.
class ResultSet {
 public:
  using Cell = std::optional<std::string>;

  ResultSet() = default;
  ResultSet(std::vector<std::string> columns, std::vector<std::vector<Cell>> rows,
            std::int64_t affected_rows)
      : columns_(std::move(columns)), rows_(std::move(rows)), affected_rows_(affected_rows) {}

  std::size_t RowCount() const { return rows_.size(); }
  bool Empty() const { return rows_.empty(); }
  // Rows changed by INSERT/UPDATE/DELETE (for RETURNING statements, also the rows returned).
  std::int64_t AffectedRows() const { return affected_rows_; }
  const std::vector<std::string>& Columns() const { return columns_; }

  bool IsNull(std::size_t row, std::size_t column) const;
  // Throws std::out_of_range for a bad index and std::logic_error for NULL.
  const std::string& Text(std::size_t row, std::size_t column) const;
  std::int64_t Int64(std::size_t row, std::size_t column) const;
  std::optional<std::string> OptionalText(std::size_t row, std::size_t column) const;
  std::optional<std::int64_t> OptionalInt64(std::size_t row, std::size_t column) const;

 private:
  const Cell& At(std::size_t row, std::size_t column) const;

  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
  std::int64_t affected_rows_ = 0;
};

}  // namespace sagashop::db
