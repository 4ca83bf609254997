#include "platform/db/row_batch.h"

#include <boost/json/serialize.hpp>
#include <variant>

namespace sagashop::db {
namespace {

boost::json::value JsonOf(const Param& param) {
  return std::visit(
      [](const auto& value) -> boost::json::value {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return value;
        } else {
          return boost::json::string(value);
        }
      },
      param);
}

}  // namespace

void RowBatch::Add(std::initializer_list<Param> row) {
  boost::json::array& columns = rows_.emplace_back(boost::json::array()).as_array();
  columns.reserve(row.size());
  for (const Param& value : row) columns.push_back(JsonOf(value));
}

Param RowBatch::AsParam() const {
  return boost::json::serialize(rows_);
}

void ValueList::Add(const Param& value) {
  values_.push_back(JsonOf(value));
}

Param ValueList::AsParam() const {
  return boost::json::serialize(values_);
}

}  // namespace sagashop::db
