#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "platform/db/transaction.h"
#include "services/delivery/domain/delivery_batch.h"
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
  // Many deliveries with one statement; returns their ids by order id.
  std::map<std::int64_t, std::int64_t> InsertDeliveries(std::span<const DeliveryRecord> deliveries,
                                                        const std::string& now);
  // Those of `order_ids` whose delivery is recorded, with one statement.
  std::set<std::int64_t> FindDeliveredOrders(std::span<const std::int64_t> order_ids);

  // Records what a batch told about each order's delivery (see Recorded), one upsert for all.
  void RecordRequests(const std::map<std::int64_t, DeliveryRequest>& told, const std::string& now);
  std::optional<DeliveryRequest> FindRequest(std::int64_t order_id);
  // The user whose order `order_id` is, as order.created.v1 said; nullopt when that has not
  // arrived (or arrived before owners were recorded).
  std::optional<std::int64_t> FindOrderOwner(std::int64_t order_id);
  // The requests of `order_ids` that exist, with whether each order's delivery is recorded and
  // whether its shipment call (ShipmentKeyFor) was decided: one statement, in order id order.
  std::vector<OrderToDecide> FindToDecide(std::span<const std::int64_t> order_ids);

 private:
  db::Transaction& tx_;
};

}  // namespace sagashop::delivery
