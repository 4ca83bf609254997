#pragma once

#include <string>

#include "platform/db/database.h"
#include "platform/http/router.h"

namespace sagashop::app {

// A service's dead letters over HTTP, for operators (the `ops` scope) and the console
// (docs/console.md); what `sagashop dlt` does from a shell, without access to the database:
//
//   GET  /dead-letters?status=&topic=&limit=&after=   the dead letters, oldest first, a page at a
//                                                     time (`next` is the id to pass as `after`)
//   POST /dead-letters/{id}/replay                    asks for one to be published again: 202 with
//                                                     it REPLAY_REQUESTED, 404 when this service
//                                                     has no such one, 409 when it is not parked
//
// Ids are the names `sagashop dlt` shows ("payment-7"). The service's replayer publishes a
// requested one within its poll (it is woken at once), and the dead letter turns "replayed".
void AddDeadLetterRoutes(http::Router& router, db::Database& database, std::string service);

}  // namespace sagashop::app
