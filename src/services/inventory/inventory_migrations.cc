#include "services/inventory/inventory_migrations.h"

#include <array>

#include "platform/inbox/inbox_schema.h"
#include "platform/outbox/outbox_schema.h"

namespace sagashop::inventory {
namespace {

constexpr std::string_view kInventoryPostgres = R"sql(
CREATE TABLE inventory (
    id BIGSERIAL PRIMARY KEY,
    product_id BIGINT NOT NULL UNIQUE,
    product_name VARCHAR(200) NOT NULL,
    available_quantity INT NOT NULL DEFAULT 0 CHECK (available_quantity >= 0),
    reserved_quantity INT NOT NULL DEFAULT 0 CHECK (reserved_quantity >= 0),
    version BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE stock_reservations (
    id BIGSERIAL PRIMARY KEY,
    order_id BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    quantity INT NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'RESERVED'
        CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED')),
    idempotency_key VARCHAR(64) NOT NULL UNIQUE,
    expired_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX stock_reservations_order_id ON stock_reservations (order_id);
CREATE INDEX stock_reservations_expiry ON stock_reservations (expired_at) WHERE status = 'RESERVED';

-- Every change to a product's stock from outside the saga (creation, restock), so that
-- sum(delta) = available + reserved + committed can be checked.
CREATE TABLE stock_adjustments (
    id BIGSERIAL PRIMARY KEY,
    product_id BIGINT NOT NULL,
    delta INT NOT NULL,
    kind VARCHAR(20) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX stock_adjustments_product_id ON stock_adjustments (product_id);

-- What an order asks for (from order.created.v1) and whether it is paid (payment.completed.v1):
-- the two arrive on different topics in either order, and stock is reserved once both are here.
CREATE TABLE order_lines (
    order_id BIGINT PRIMARY KEY,
    product_id BIGINT,
    quantity INT,
    paid INT NOT NULL DEFAULT 0,
    outcome VARCHAR(20),
    created_at TIMESTAMPTZ NOT NULL
);
)sql";

constexpr std::string_view kInventorySqlite = R"sql(
CREATE TABLE inventory (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL UNIQUE,
    product_name TEXT NOT NULL,
    available_quantity INTEGER NOT NULL DEFAULT 0 CHECK (available_quantity >= 0),
    reserved_quantity INTEGER NOT NULL DEFAULT 0 CHECK (reserved_quantity >= 0),
    version INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE stock_reservations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'RESERVED'
        CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED')),
    idempotency_key TEXT NOT NULL UNIQUE,
    expired_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX stock_reservations_order_id ON stock_reservations (order_id);
CREATE INDEX stock_reservations_expiry ON stock_reservations (expired_at) WHERE status = 'RESERVED';

CREATE TABLE stock_adjustments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL,
    delta INTEGER NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX stock_adjustments_product_id ON stock_adjustments (product_id);

CREATE TABLE order_lines (
    order_id INTEGER PRIMARY KEY,
    product_id INTEGER,
    quantity INTEGER,
    paid INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    created_at TEXT NOT NULL
);
)sql";

// The saga and trace a reservation belongs to, so that the sweeper's stock.released.v1 for it
// continues the same saga and trace although no incoming event caused it.
constexpr std::string_view kReservationOriginPostgres = R"sql(
ALTER TABLE stock_reservations ADD COLUMN correlation_id VARCHAR(64),
                               ADD COLUMN trace_parent VARCHAR(64);
)sql";

constexpr std::string_view kReservationOriginSqlite = R"sql(
ALTER TABLE stock_reservations ADD COLUMN correlation_id TEXT;
ALTER TABLE stock_reservations ADD COLUMN trace_parent TEXT;
)sql";

// The user whose order a line is, from order.created.v1: who may read its reservations
// (docs/security.md, Authorization). Empty on lines recorded before it was.
constexpr std::string_view kOrderLineOwner = "ALTER TABLE order_lines ADD COLUMN user_id BIGINT;";

constexpr std::array kMigrations = {
    db::Migration{1, "outbox", outbox::kOutboxPostgres, outbox::kOutboxSqlite},
    db::Migration{2, "inbox", inbox::kInboxPostgres, inbox::kInboxSqlite},
    db::Migration{3, "inventory and reservations", kInventoryPostgres, kInventorySqlite},
    db::Migration{4, "reservation origin", kReservationOriginPostgres, kReservationOriginSqlite},
    db::Migration{5, "dead letters", inbox::kDeadLettersPostgres, inbox::kDeadLettersSqlite},
    db::Migration{6, "order line owner", kOrderLineOwner, kOrderLineOwner},
};

}  // namespace

std::span<const db::Migration> InventoryMigrations() {
  return kMigrations;
}

}  // namespace sagashop::inventory
