#pragma once

#include "platform/db/database.h"
#include "verify/snapshot.h"

namespace sagashop::verify {

// Reads what the invariants need from each service's own database (never joining across them).
Snapshot ReadSnapshot(db::Database& order, db::Database& payment, db::Database& inventory,
                      db::Database& delivery);

}  // namespace sagashop::verify
