#pragma once

#include <string_view>

namespace sagashop::outbox {

// The outbox table every producing service has (the base columns of docs/contracts.md, Storage,
// plus event_id and trace_parent). Applied as one of the service's own migrations.
inline constexpr std::string_view kOutboxPostgres = R"sql(
CREATE TABLE outbox_events (
    id BIGSERIAL PRIMARY KEY,
    event_id VARCHAR(64) NOT NULL UNIQUE,
    aggregate_type VARCHAR(50) NOT NULL,
    aggregate_id BIGINT NOT NULL,
    event_type VARCHAR(50) NOT NULL,
    payload JSONB NOT NULL,
    trace_parent VARCHAR(64),
    status VARCHAR(20) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT')),
    created_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ
);
CREATE INDEX outbox_events_pending ON outbox_events (id) WHERE status = 'PENDING';
CREATE INDEX outbox_events_sent_at ON outbox_events (sent_at) WHERE status = 'SENT';
)sql";

inline constexpr std::string_view kOutboxSqlite = R"sql(
CREATE TABLE outbox_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    aggregate_type TEXT NOT NULL,
    aggregate_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    trace_parent TEXT,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT')),
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_events_pending ON outbox_events (id) WHERE status = 'PENDING';
CREATE INDEX outbox_events_sent_at ON outbox_events (sent_at) WHERE status = 'SENT';
)sql";

}  // namespace sagashop::outbox
