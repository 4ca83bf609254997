#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sagashop::db {

// A statement the adapter may prepare once per connection and reuse. `name` must be unique per SQL
// text; placeholders are $1, $2, ... in both dialects (SQLite binds them by name).
struct Query {
  std::string_view name;
  std::string_view sql;
};

// A bound parameter: SQL NULL, an integer or text. Timestamps travel as RFC 3339 text and booleans
// as integers, so one parameter type serves both dialects.
using Param = std::variant<std::monostate, std::int64_t, std::string>;

inline constexpr std::monostate kNull{};

// A statement with its parameters, for code that hands one to another to run.
struct Statement {
  Query query;
  std::vector<Param> params;
};

// Text, or SQL NULL when absent.
inline Param NullableText(const std::optional<std::string>& value) {
  return value ? Param{*value} : Param{kNull};
}

}  // namespace sagashop::db
