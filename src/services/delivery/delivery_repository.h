#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/transaction.h"
#include "services/delivery/domain/start_decision.h"

namespace sagashop::delivery {

struct DeliveryRecord {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  std::string address;
  std::string status;  // STARTED or FAILED
  std::optional<std::string> tracking_number;
  std::optional<std::string> carrier;
  std::optional<std::string> reason;
  std::string created_at;
  std::string updated_at;
};

// The Delivery service's tables, within one transaction.
class DeliveryRepository {
 public:
  explicit DeliveryRepository(db::Transaction& tx) : tx_(tx) {}

  std::optional<DeliveryRecord> FindDelivery(std::int64_t delivery_id);
  std::optional<DeliveryRecord> FindByOrder(std::int64_t order_id);
  std::int64_t InsertDelivery(const DeliveryRecord& delivery, const std::string& now);

  void RecordAddress(std::int64_t order_id, const std::string& address, const std::string& now);
  void RecordReservation(std::int64_t order_id, std::int64_t reservation_id,
                         const std::optional<std::string>& expired_at, const std::string& now);
  void RecordReservationReleased(std::int64_t order_id, const std::string& now);
  std::optional<DeliveryRequest> FindRequest(std::int64_t order_id);

 private:
  db::Transaction& tx_;
};

}  // namespace sagashop::delivery
