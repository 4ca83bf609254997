#include "services/order/order_migrations.h"

#include <array>

#include "platform/inbox/inbox_schema.h"
#include "platform/outbox/outbox_schema.h"

namespace sagashop::order {
namespace {

constexpr std::string_view kOrdersPostgres = R"sql(
CREATE TABLE orders (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    quantity INT NOT NULL,
    address VARCHAR(500) NOT NULL,
    payment_method VARCHAR(20) NOT NULL,
    status VARCHAR(30) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING',
        'PAYMENT_PROCESSING', 'STOCK_RESERVING', 'DELIVERY_PREPARING', 'COMPENSATING', 'COMPLETED',
        'CANCELED', 'FAILED')),
    reason VARCHAR(500),
    saga_id VARCHAR(64) NOT NULL,
    version BIGINT NOT NULL DEFAULT 0,
    idempotency_key VARCHAR(64),
    request_hash VARCHAR(64),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
-- Idempotency keys are scoped per user.
CREATE UNIQUE INDEX orders_user_idempotency_key ON orders (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX orders_user_id ON orders (user_id, id);
CREATE INDEX orders_status ON orders (status, id);

CREATE TABLE saga_instances (
    id BIGSERIAL PRIMARY KEY,
    saga_id VARCHAR(64) NOT NULL UNIQUE,
    saga_type VARCHAR(50) NOT NULL,
    order_id BIGINT NOT NULL,
    status VARCHAR(20) NOT NULL,
    current_step VARCHAR(50),
    payload JSONB,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX saga_instances_order_id ON saga_instances (order_id);
CREATE INDEX saga_instances_active ON saga_instances (updated_at)
    WHERE status IN ('STARTED', 'COMPENSATING');

CREATE TABLE saga_steps (
    id BIGSERIAL PRIMARY KEY,
    saga_id VARCHAR(64) NOT NULL,
    order_id BIGINT NOT NULL,
    event_id VARCHAR(100) NOT NULL UNIQUE,
    event_type VARCHAR(50) NOT NULL,
    service VARCHAR(20) NOT NULL,
    outcome VARCHAR(200) NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX saga_steps_saga_id ON saga_steps (saga_id, id);
)sql";

constexpr std::string_view kOrdersSqlite = R"sql(
CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    address TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING',
        'PAYMENT_PROCESSING', 'STOCK_RESERVING', 'DELIVERY_PREPARING', 'COMPENSATING', 'COMPLETED',
        'CANCELED', 'FAILED')),
    reason TEXT,
    saga_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT,
    request_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX orders_user_idempotency_key ON orders (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX orders_user_id ON orders (user_id, id);
CREATE INDEX orders_status ON orders (status, id);

CREATE TABLE saga_instances (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    saga_id TEXT NOT NULL UNIQUE,
    saga_type TEXT NOT NULL,
    order_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    current_step TEXT,
    payload TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX saga_instances_order_id ON saga_instances (order_id);
CREATE INDEX saga_instances_active ON saga_instances (updated_at)
    WHERE status IN ('STARTED', 'COMPENSATING');

CREATE TABLE saga_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    saga_id TEXT NOT NULL,
    order_id INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    service TEXT NOT NULL,
    outcome TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX saga_steps_saga_id ON saga_steps (saga_id, id);
)sql";

// Idempotency keys move to a table of their own, so that an expired key can be deleted (and then
// name a new order) while the order keeps the key it was created with.
constexpr std::string_view kIdempotencyKeysPostgres = R"sql(
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL,
    idempotency_key VARCHAR(64) NOT NULL,
    request_hash VARCHAR(64) NOT NULL,
    order_id BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, order_id, created_at)
    SELECT user_id, idempotency_key, request_hash, id, created_at FROM orders
    WHERE idempotency_key IS NOT NULL AND request_hash IS NOT NULL;
DROP INDEX orders_user_idempotency_key;
)sql";

constexpr std::string_view kIdempotencyKeysSqlite = R"sql(
CREATE TABLE idempotency_keys (
    user_id INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    order_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, order_id, created_at)
    SELECT user_id, idempotency_key, request_hash, id, created_at FROM orders
    WHERE idempotency_key IS NOT NULL AND request_hash IS NOT NULL;
DROP INDEX orders_user_idempotency_key;
)sql";

// The trace the saga began in (the POST /orders request's), so that its logs can be found from
// the order: GET /orders/{id}/saga shows it.
constexpr std::string_view kSagaTracePostgres = R"sql(
ALTER TABLE saga_instances ADD COLUMN trace_id VARCHAR(32);
)sql";

constexpr std::string_view kSagaTraceSqlite = R"sql(
ALTER TABLE saga_instances ADD COLUMN trace_id TEXT;
)sql";

// Addresses rest sealed (docs/security.md, Encryption at rest): a sealed 500-character address
// is longer than 500 characters. SQLite's TEXT has no length to change.
constexpr std::string_view kSealedAddressPostgres = R"sql(
ALTER TABLE orders ALTER COLUMN address TYPE TEXT;
)sql";

constexpr std::string_view kSealedAddressSqlite = R"sql(
SELECT 1;
)sql";

constexpr std::array kMigrations = {
    db::Migration{1, "outbox", outbox::kOutboxPostgres, outbox::kOutboxSqlite},
    db::Migration{2, "inbox", inbox::kInboxPostgres, inbox::kInboxSqlite},
    db::Migration{3, "orders and sagas", kOrdersPostgres, kOrdersSqlite},
    db::Migration{4, "dead letters", inbox::kDeadLettersPostgres, inbox::kDeadLettersSqlite},
    db::Migration{5, "idempotency keys", kIdempotencyKeysPostgres, kIdempotencyKeysSqlite},
    db::Migration{6, "saga trace", kSagaTracePostgres, kSagaTraceSqlite},
    db::Migration{7, "sealed addresses", kSealedAddressPostgres, kSealedAddressSqlite},
};

// The address of each order, and in each order.created.v1 in the outbox.
constexpr std::array kSealedColumns = {
    crypto::SealedColumn{.table = "orders", .key = "id", .column = "address"},
    crypto::SealedColumn{.table = "outbox_events",
                         .key = "id",
                         .column = "payload",
                         .json_member = "address",
                         .only_where = "event_type = 'order.created.v1'",
                         .jsonb = true},
};

}  // namespace

std::span<const db::Migration> OrderMigrations() {
  return kMigrations;
}

std::span<const crypto::SealedColumn> OrderSealedColumns() {
  return kSealedColumns;
}

}  // namespace sagashop::order
