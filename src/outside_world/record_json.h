#pragma once

#include <boost/json/object.hpp>

#include "outside_world/face_behaviour.h"
#include "outside_world/ledger_records.h"

namespace sagashop::outside_world {

// The API's JSON form of each record (docs/outside-world.md). Optional members are null, never
// missing.
boost::json::object ChargeJson(const ChargeRecord& charge);
boost::json::object RefundJson(const RefundRecord& refund);
boost::json::object ShipmentJson(const ShipmentRecord& shipment);
boost::json::object OrderCountsJson(const OrderCounts& counts);
boost::json::object TotalsJson(const LedgerTotals& totals);
boost::json::object BehaviourJson(const FaceBehaviour& behaviour, std::int64_t outage_seconds_left);

}  // namespace sagashop::outside_world
