#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "services/order/order_repository.h"

namespace sagashop::order {

// The API's JSON views (docs/contracts.md, HTTP API).
boost::json::object OrderToJson(const OrderRecord& order);
// The saga instance without its history.
boost::json::object SagaSummaryToJson(const SagaRecord& saga);
boost::json::object SagaToJson(const SagaRecord& saga, const std::vector<SagaStepRecord>& steps);

}  // namespace sagashop::order
