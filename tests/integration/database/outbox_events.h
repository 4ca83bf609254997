#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/db/database.h"

namespace sagashop::testing {

// The events in the outbox with an id after `after_id`, as "type aggregate-id" in id order, for
// tests of what a handler emitted; `last_id`, when given, gets the last id read.
inline std::vector<std::string> OutboxEvents(db::Database& database, std::int64_t after_id = 0,
                                             std::int64_t* last_id = nullptr) {
  auto tx = database.Begin();
  const db::ResultSet rows = tx->Execute(
      {"test.outbox",
       "SELECT id, event_type, aggregate_id FROM outbox_events WHERE id > $1 ORDER BY id"},
      {after_id});
  std::vector<std::string> events;
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    if (last_id != nullptr) *last_id = rows.Int64(row, 0);
    events.push_back(rows.Text(row, 1) + " " + rows.Text(row, 2));
  }
  return events;
}

}  // namespace sagashop::testing
