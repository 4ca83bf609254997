#pragma once

#include <string_view>

namespace sagashop::outcall {

// The intents of a service's calls to the outside world (docs/outside-calls.md). A row is written
// in the transaction that decides the call, PENDING until the transaction that applies the
// provider's answer marks it DONE. next_attempt_ms (milliseconds since the Unix epoch) is when it
// may be claimed: a claim pushes it past the call's deadline, so a call whose claimant died is
// claimed again once that passes. Calls of one ordering_key run one at a time, in id order.
// in_attempt is 1 from a claim until its attempt's outcome is recorded; uncertain becomes 1 once
// an attempt may have reached the provider without an answer (a timeout, or a claimant that died
// mid-attempt), after which the call must not be given up.
inline constexpr std::string_view kOutsideCallsPostgres = R"sql(
CREATE TABLE outside_calls (
    id BIGSERIAL PRIMARY KEY,
    kind VARCHAR(20) NOT NULL,
    idempotency_key VARCHAR(100) NOT NULL UNIQUE,
    ordering_key BIGINT NOT NULL,
    request TEXT NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE')),
    result TEXT,
    attempts INT NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL,
    in_attempt INT NOT NULL DEFAULT 0,
    uncertain INT NOT NULL DEFAULT 0,
    last_error VARCHAR(500),
    correlation_id VARCHAR(64) NOT NULL,
    trace_parent VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX outside_calls_due ON outside_calls (next_attempt_ms) WHERE status = 'PENDING';
CREATE INDEX outside_calls_ordering ON outside_calls (ordering_key, id) WHERE status = 'PENDING';
)sql";

inline constexpr std::string_view kOutsideCallsSqlite = R"sql(
CREATE TABLE outside_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    ordering_key INTEGER NOT NULL,
    request TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE')),
    result TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    in_attempt INTEGER NOT NULL DEFAULT 0,
    uncertain INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    correlation_id TEXT NOT NULL,
    trace_parent TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX outside_calls_due ON outside_calls (next_attempt_ms) WHERE status = 'PENDING';
CREATE INDEX outside_calls_ordering ON outside_calls (ordering_key, id) WHERE status = 'PENDING';
)sql";

}  // namespace sagashop::outcall
