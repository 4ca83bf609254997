#include "services/delivery/delivery_repository.h"

#include "platform/core/timestamp.h"

namespace sagashop::delivery {
namespace {

#define SAGASHOP_DELIVERY_COLUMNS \
  "id, order_id, address, status, tracking_number, carrier, reason, created_at, updated_at"

constexpr db::Query kFindDelivery{
    "delivery_find", "SELECT " SAGASHOP_DELIVERY_COLUMNS " FROM deliveries WHERE id = $1"};
constexpr db::Query kFindByOrder{"delivery_find_by_order", "SELECT " SAGASHOP_DELIVERY_COLUMNS
                                                           " FROM deliveries WHERE order_id = $1"};
constexpr db::Query kInsertDelivery{
    "delivery_insert",
    "INSERT INTO deliveries (order_id, address, status, tracking_number, carrier, reason, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id"};
constexpr db::Query kRecordAddress{
    "delivery_request_address",
    "INSERT INTO delivery_requests (order_id, address, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (order_id) DO UPDATE SET address = excluded.address"};
constexpr db::Query kRecordReservation{
    "delivery_request_reservation",
    "INSERT INTO delivery_requests (order_id, reservation_id, reservation_expired_at, created_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO UPDATE "
    "SET reservation_id = excluded.reservation_id, "
    "reservation_expired_at = excluded.reservation_expired_at"};
constexpr db::Query kRecordReservationReleased{
    "delivery_request_released",
    "INSERT INTO delivery_requests (order_id, reservation_released, created_at) VALUES ($1, 1, $2) "
    "ON CONFLICT (order_id) DO UPDATE SET reservation_released = 1"};
constexpr db::Query kFindRequest{"delivery_request_find",
                                 "SELECT address, reservation_id, reservation_expired_at, "
                                 "reservation_released FROM delivery_requests WHERE order_id = $1"};

DeliveryRecord ReadDelivery(const db::ResultSet& rows, std::size_t row) {
  return {.id = rows.Int64(row, 0),
          .order_id = rows.Int64(row, 1),
          .address = rows.Text(row, 2),
          .status = rows.Text(row, 3),
          .tracking_number = rows.OptionalText(row, 4),
          .carrier = rows.OptionalText(row, 5),
          .reason = rows.OptionalText(row, 6),
          .created_at = NormalizeTimestamp(rows.Text(row, 7)),
          .updated_at = NormalizeTimestamp(rows.Text(row, 8))};
}

}  // namespace

std::optional<DeliveryRecord> DeliveryRepository::FindDelivery(std::int64_t delivery_id) {
  const db::ResultSet rows = tx_.Execute(kFindDelivery, {delivery_id});
  if (rows.Empty()) return std::nullopt;
  return ReadDelivery(rows, 0);
}

std::optional<DeliveryRecord> DeliveryRepository::FindByOrder(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindByOrder, {order_id});
  if (rows.Empty()) return std::nullopt;
  return ReadDelivery(rows, 0);
}

std::int64_t DeliveryRepository::InsertDelivery(const DeliveryRecord& delivery,
                                                const std::string& now) {
  return tx_
      .Execute(kInsertDelivery,
               {delivery.order_id, delivery.address, delivery.status,
                db::NullableText(delivery.tracking_number), db::NullableText(delivery.carrier),
                db::NullableText(delivery.reason), now})
      .Int64(0, 0);
}

void DeliveryRepository::RecordAddress(std::int64_t order_id, const std::string& address,
                                       const std::string& now) {
  tx_.Execute(kRecordAddress, {order_id, address, now});
}

void DeliveryRepository::RecordReservation(std::int64_t order_id, std::int64_t reservation_id,
                                           const std::optional<std::string>& expired_at,
                                           const std::string& now) {
  tx_.Execute(kRecordReservation, {order_id, reservation_id, db::NullableText(expired_at), now});
}

void DeliveryRepository::RecordReservationReleased(std::int64_t order_id, const std::string& now) {
  tx_.Execute(kRecordReservationReleased, {order_id, now});
}

std::optional<DeliveryRequest> DeliveryRepository::FindRequest(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindRequest, {order_id});
  if (rows.Empty()) return std::nullopt;
  std::optional<std::string> expired_at = rows.OptionalText(0, 2);
  if (expired_at) expired_at = NormalizeTimestamp(*expired_at);
  return DeliveryRequest{.address = rows.OptionalText(0, 0),
                         .reservation_id = rows.OptionalInt64(0, 1),
                         .reservation_expired_at = std::move(expired_at),
                         .reservation_released = rows.Int64(0, 3) != 0};
}

}  // namespace sagashop::delivery
