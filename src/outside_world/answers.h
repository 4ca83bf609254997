#pragma once

#include <boost/json/object.hpp>

#include "outside_world/ledger.h"
#include "platform/http/response.h"

namespace sagashop::outside_world {

// 200 with `body`; a replayed answer carries `Idempotent-Replayed: true`.
http::Response AnswerJson(bool replayed, const boost::json::object& body);

// The problem a LedgerRefusal answers with: 422 for a reused key, 404 for an unknown charge, 409
// for a charge that cannot be refunded.
http::Response RefusalResponse(const LedgerRefusal& refusal);

}  // namespace sagashop::outside_world
