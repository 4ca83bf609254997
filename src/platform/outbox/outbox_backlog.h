#pragma once

#include <chrono>
#include <cstdint>

#include "platform/db/database.h"

namespace sagashop::outbox {

// What waits in a service's outbox to be published.
struct OutboxBacklog {
  std::int64_t pending = 0;
  // How long the oldest PENDING row has waited since it was written; zero when there is none.
  std::chrono::duration<double> oldest_age{0};
};

// One query over the PENDING rows (a partial index keeps them apart from the SENT ones), cheap
// enough to run on every metrics scrape. Throws db::DbError.
OutboxBacklog ReadOutboxBacklog(db::Database& database);

}  // namespace sagashop::outbox
