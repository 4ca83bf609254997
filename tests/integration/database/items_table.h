#pragma once

#include "platform/db/query.h"

// The `items (id, name)` table that several database suites create in their fixture, and the
// statements they share on it.
namespace sagashop::testing {

inline constexpr db::Query kInsertItem{"test.insert_item",
                                       "INSERT INTO items (id, name) VALUES ($1, $2)"};
inline constexpr db::Query kCountItems{"test.count_items", "SELECT count(*) FROM items"};

}  // namespace sagashop::testing
