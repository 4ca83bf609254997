#include "outside_world/ledger_migrations.h"

#include <array>

namespace sagashop::outside_world {
namespace {

constexpr std::string_view kLedgerSqlite = R"sql(
CREATE TABLE charges (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    order_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    payment_type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('APPROVED', 'DECLINED')),
    decline_reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX charges_order_id ON charges (order_id);
CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    charge_id TEXT NOT NULL UNIQUE REFERENCES charges (id),
    order_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX refunds_order_id ON refunds (order_id);
CREATE TABLE shipments (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    order_id INTEGER NOT NULL,
    address TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ACCEPTED', 'REFUSED')),
    tracking_number TEXT,
    carrier TEXT NOT NULL,
    refusal_reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX shipments_order_id ON shipments (order_id);
)sql";

// The ledger lives only in SQLite; the PostgreSQL text is left empty on purpose.
constexpr std::array kMigrations = {
    db::Migration{1, "outside world ledger", "", kLedgerSqlite},
};

}  // namespace

std::span<const db::Migration> LedgerMigrations() {
  return kMigrations;
}

}  // namespace sagashop::outside_world
