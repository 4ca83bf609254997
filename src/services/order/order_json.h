#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "platform/crypto/field_cipher.h"
#include "services/order/order_repository.h"

namespace sagashop::order {

// The API's JSON views (docs/contracts.md, HTTP API).
// The address is shown opened with `cipher`.
boost::json::object OrderToJson(const OrderRecord& order, const crypto::FieldCipher& cipher);
// The saga instance without its history.
boost::json::object SagaSummaryToJson(const SagaRecord& saga);
boost::json::object SagaToJson(const SagaRecord& saga, const std::vector<SagaStepRecord>& steps);

}  // namespace sagashop::order
