#include "services/payment/payment_migrations.h"

#include <array>

#include "platform/inbox/inbox_schema.h"
#include "platform/outbox/outbox_schema.h"
#include "platform/outcall/outside_call_schema.h"

namespace sagashop::payment {
namespace {

constexpr std::string_view kPaymentsPostgres = R"sql(
CREATE TABLE payments (
    id BIGSERIAL PRIMARY KEY,
    order_id BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    payment_type VARCHAR(20) NOT NULL DEFAULT 'CARD',
    status VARCHAR(20) NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED', 'REFUNDED')),
    idempotency_key VARCHAR(64) NOT NULL UNIQUE,
    payment_gateway_tx_id VARCHAR(100),
    refund_gateway_tx_id VARCHAR(100),
    reason VARCHAR(500),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX payments_order_id ON payments (order_id);
)sql";

constexpr std::string_view kPaymentsSqlite = R"sql(
CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    payment_type TEXT NOT NULL DEFAULT 'CARD',
    status TEXT NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED', 'REFUNDED')),
    idempotency_key TEXT NOT NULL UNIQUE,
    payment_gateway_tx_id TEXT,
    refund_gateway_tx_id TEXT,
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX payments_order_id ON payments (order_id);
)sql";

// The user whose order a payment is for, from order.created.v1: who may read it
// (docs/security.md, Authorization). Empty on payments made before it was recorded.
constexpr std::string_view kPaymentOwner = "ALTER TABLE payments ADD COLUMN user_id BIGINT;";

constexpr std::array kMigrations = {
    db::Migration{1, "outbox", outbox::kOutboxPostgres, outbox::kOutboxSqlite},
    db::Migration{2, "inbox", inbox::kInboxPostgres, inbox::kInboxSqlite},
    db::Migration{3, "payments", kPaymentsPostgres, kPaymentsSqlite},
    db::Migration{4, "dead letters", inbox::kDeadLettersPostgres, inbox::kDeadLettersSqlite},
    db::Migration{5, "outside calls", outcall::kOutsideCallsPostgres, outcall::kOutsideCallsSqlite},
    db::Migration{6, "payment owner", kPaymentOwner, kPaymentOwner},
};

// Payment reads order.created.v1 for its amount; the address in it, sealed by Order, rests here
// only when the event was parked.
constexpr std::array kSealedColumns = {
    crypto::SealedColumn{
        .table = "dead_letters",
        .key = "id",
        .column = "message_value",
        .json_member = "address",
        .only_where = "event_type = 'order.created.v1' AND value_encoding = 'utf-8'"},
};

}  // namespace

std::span<const db::Migration> PaymentMigrations() {
  return kMigrations;
}

std::span<const crypto::SealedColumn> PaymentSealedColumns() {
  return kSealedColumns;
}

}  // namespace sagashop::payment
