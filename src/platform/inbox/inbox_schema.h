#pragma once

#include <string_view>

namespace sagashop::inbox {

// The processed-event ids of a consuming service (docs/contracts.md, rule 2). A row is written in
// the same transaction as the event's effect; DEAD_LETTERED marks an event parked on the
// dead-letter topic.
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

// Events this service parked (docs/contracts.md, rule 8), kept beside the inbox so that an operator
// can list and replay them in either mode (`sagashop dlt`): the in-process bus keeps nothing, and
// Kafka's "<topic>.dlt" is not something to query. A row is written in the transaction that records
// the event as DEAD_LETTERED. Key and value are the message's bytes, as text when they are UTF-8
// and base64 otherwise; headers are those of the dead-letter record, as JSON. An operator's replay
// request moves a row to REPLAY_REQUESTED; the service's replayer publishes the event again and
// marks it REPLAYED.
inline constexpr std::string_view kDeadLettersPostgres = R"sql(
CREATE TABLE dead_letters (
    id BIGSERIAL PRIMARY KEY,
    consumer VARCHAR(50) NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    topic TEXT NOT NULL,
    source_partition INT NOT NULL,
    source_offset BIGINT NOT NULL,
    message_key TEXT NOT NULL,
    key_encoding VARCHAR(10) NOT NULL CHECK (key_encoding IN ('utf-8', 'base64')),
    message_value TEXT NOT NULL,
    value_encoding VARCHAR(10) NOT NULL CHECK (value_encoding IN ('utf-8', 'base64')),
    headers TEXT NOT NULL,
    error TEXT NOT NULL,
    error_class TEXT NOT NULL,
    attempts INT NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'PARKED'
        CHECK (status IN ('PARKED', 'REPLAY_REQUESTED', 'REPLAYED')),
    parked_at TIMESTAMPTZ NOT NULL,
    replay_requested_at TIMESTAMPTZ,
    replayed_at TIMESTAMPTZ
);
CREATE INDEX dead_letters_replay_requested ON dead_letters (id) WHERE status = 'REPLAY_REQUESTED';
)sql";

inline constexpr std::string_view kDeadLettersSqlite = R"sql(
CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consumer TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    topic TEXT NOT NULL,
    source_partition INTEGER NOT NULL,
    source_offset INTEGER NOT NULL,
    message_key TEXT NOT NULL,
    key_encoding TEXT NOT NULL CHECK (key_encoding IN ('utf-8', 'base64')),
    message_value TEXT NOT NULL,
    value_encoding TEXT NOT NULL CHECK (value_encoding IN ('utf-8', 'base64')),
    headers TEXT NOT NULL,
    error TEXT NOT NULL,
    error_class TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'PARKED'
        CHECK (status IN ('PARKED', 'REPLAY_REQUESTED', 'REPLAYED')),
    parked_at TEXT NOT NULL,
    replay_requested_at TEXT,
    replayed_at TEXT
);
CREATE INDEX dead_letters_replay_requested ON dead_letters (id) WHERE status = 'REPLAY_REQUESTED';
)sql";

}  // namespace sagashop::inbox
