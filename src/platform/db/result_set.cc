#include "platform/db/result_set.h"

#include <charconv>
#include <stdexcept>

namespace sagashop::db {

const ResultSet::Cell& ResultSet::At(std::size_t row, std::size_t column) const {
  if (row >= rows_.size() || column >= columns_.size()) {
    throw std::out_of_range("result set index out of range");
  }
  return rows_[row][column];
}

bool ResultSet::IsNull(std::size_t row, std::size_t column) const {
  return !At(row, column).has_value();
}

const std::string& ResultSet::Text(std::size_t row, std::size_t column) const {
  const Cell& cell = At(row, column);
  if (!cell) throw std::logic_error("column '" + columns_[column] + "' is NULL");
  return *cell;
}

std::int64_t ResultSet::Int64(std::size_t row, std::size_t column) const {
  const std::string& text = Text(row, column);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::logic_error("column '" + columns_[column] + "' is not an integer: " + text);
  }
  return value;
}

std::optional<std::string> ResultSet::OptionalText(std::size_t row, std::size_t column) const {
  return At(row, column);
}

std::optional<std::int64_t> ResultSet::OptionalInt64(std::size_t row, std::size_t column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Int64(row, column);
}

}  // namespace sagashop::db
