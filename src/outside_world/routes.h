#pragma once

#include "outside_world/api_context.h"
#include "platform/http/router.h"

namespace sagashop::outside_world {

// The simulator's HTTP API (docs/outside-world.md), one function per part.
void AddPaymentRoutes(http::Router& router, ApiContext& context);  // /v1/charges, /v1/refunds
void AddCarrierRoutes(http::Router& router, ApiContext& context);  // /v1/shipments
void AddLedgerRoutes(http::Router& router, ApiContext& context);   // /v1/ledger
void AddAdminRoutes(http::Router& router, ApiContext& context);    // /v1/admin, /health

}  // namespace sagashop::outside_world
