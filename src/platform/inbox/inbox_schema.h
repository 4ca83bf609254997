#pragma once

#include <string_view>

namespace sagashop::inbox {

// The processed-event ids of a consuming service (DESIGN §4.2). A row is written in the same
// transaction as the event's effect; DEAD_LETTERED marks an event parked on the dead-letter topic.
inline constexpr std::string_view kInboxPostgres = R"sql(
CREATE TABLE inbox_events (
    event_id VARCHAR(100) PRIMARY KEY,
    event_type VARCHAR(64) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'PROCESSED' CHECK (status IN ('PROCESSED', 'DEAD_LETTERED')),
    processed_at TIMESTAMPTZ NOT NULL
);
)sql";

inline constexpr std::string_view kInboxSqlite = R"sql(
CREATE TABLE inbox_events (
    event_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'PROCESSED' CHECK (status IN ('PROCESSED', 'DEAD_LETTERED')),
    processed_at TEXT NOT NULL
);
)sql";

}  // namespace sagashop::inbox
