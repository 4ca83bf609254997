#include "services/delivery/delivery_migrations.h"

#include <array>

#include "platform/inbox/inbox_schema.h"
#include "platform/outbox/outbox_schema.h"
#include "platform/outcall/outside_call_schema.h"

namespace sagashop::delivery {
namespace {

constexpr std::string_view kDeliveriesPostgres = R"sql(
CREATE TABLE deliveries (
    id BIGSERIAL PRIMARY KEY,
    order_id BIGINT NOT NULL UNIQUE,
    address VARCHAR(500) NOT NULL,
    status VARCHAR(20) NOT NULL CHECK (status IN ('STARTED', 'FAILED')),
    tracking_number VARCHAR(64),
    carrier VARCHAR(50),
    reason VARCHAR(500),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Where to deliver (order.created.v1) and that the stock is reserved (stock.reserved.v1): the two
-- arrive on different topics in either order, and the delivery starts once both are here.
CREATE TABLE delivery_requests (
    order_id BIGINT PRIMARY KEY,
    address VARCHAR(500),
    reservation_id BIGINT,
    created_at TIMESTAMPTZ NOT NULL
);
)sql";

constexpr std::string_view kDeliveriesSqlite = R"sql(
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL UNIQUE,
    address TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('STARTED', 'FAILED')),
    tracking_number TEXT,
    carrier TEXT,
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE delivery_requests (
    order_id INTEGER PRIMARY KEY,
    address TEXT,
    reservation_id INTEGER,
    created_at TEXT NOT NULL
);
)sql";

// What Delivery knows of the reservation behind a request: when it lapses (stock.reserved.v1
// carries it) and whether Inventory has given it back (stock.released.v1). Past either, a delivery
// never starts.
constexpr std::string_view kReservationStatePostgres = R"sql(
ALTER TABLE delivery_requests ADD COLUMN reservation_expired_at TIMESTAMPTZ,
                              ADD COLUMN reservation_released INT NOT NULL DEFAULT 0;
)sql";

constexpr std::string_view kReservationStateSqlite = R"sql(
ALTER TABLE delivery_requests ADD COLUMN reservation_expired_at TEXT;
ALTER TABLE delivery_requests ADD COLUMN reservation_released INTEGER NOT NULL DEFAULT 0;
)sql";

// The user whose order a request is, from order.created.v1: who may read its delivery
// (docs/security.md, Authorization). Empty on requests recorded before it was.
constexpr std::string_view kRequestOwner =
    "ALTER TABLE delivery_requests ADD COLUMN user_id BIGINT;";

// Addresses rest sealed (docs/security.md, Encryption at rest): a sealed 500-character address
// is longer than 500 characters. SQLite's TEXT has no length to change.
constexpr std::string_view kSealedAddressPostgres = R"sql(
ALTER TABLE deliveries ALTER COLUMN address TYPE TEXT;
ALTER TABLE delivery_requests ALTER COLUMN address TYPE TEXT;
)sql";

constexpr std::string_view kSealedAddressSqlite = R"sql(
SELECT 1;
)sql";

constexpr std::array kMigrations = {
    db::Migration{1, "outbox", outbox::kOutboxPostgres, outbox::kOutboxSqlite},
    db::Migration{2, "inbox", inbox::kInboxPostgres, inbox::kInboxSqlite},
    db::Migration{3, "deliveries", kDeliveriesPostgres, kDeliveriesSqlite},
    db::Migration{4, "reservation state of requests", kReservationStatePostgres,
                  kReservationStateSqlite},
    db::Migration{5, "dead letters", inbox::kDeadLettersPostgres, inbox::kDeadLettersSqlite},
    db::Migration{6, "outside calls", outcall::kOutsideCallsPostgres, outcall::kOutsideCallsSqlite},
    db::Migration{7, "request owner", kRequestOwner, kRequestOwner},
    db::Migration{8, "sealed addresses", kSealedAddressPostgres, kSealedAddressSqlite},
};

// The address as order.created.v1 brought it (sealed by Order), kept in the request, the
// delivery and the shipment call; and in that event when it was parked.
constexpr std::array kSealedColumns = {
    crypto::SealedColumn{.table = "delivery_requests", .key = "order_id", .column = "address"},
    crypto::SealedColumn{.table = "deliveries", .key = "id", .column = "address"},
    crypto::SealedColumn{.table = "outside_calls",
                         .key = "id",
                         .column = "request",
                         .json_member = "address",
                         .only_where = "kind = 'SHIPMENT'"},
    crypto::SealedColumn{
        .table = "dead_letters",
        .key = "id",
        .column = "message_value",
        .json_member = "address",
        .only_where = "event_type = 'order.created.v1' AND value_encoding = 'utf-8'"},
};

}  // namespace

std::span<const db::Migration> DeliveryMigrations() {
  return kMigrations;
}

std::span<const crypto::SealedColumn> DeliverySealedColumns() {
  return kSealedColumns;
}

}  // namespace sagashop::delivery
