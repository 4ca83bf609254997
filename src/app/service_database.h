#pragma once

#include <memory>
#include <string>

#include "app/settings.h"
#include "platform/db/database.h"

namespace sagashop::app {

// Opens `service`'s own database with the adapter the settings choose: "<data-dir>/<service>.db"
// for SQLite, "<service>_db" on the PostgreSQL server (or --db-uri) otherwise. `on_acquired`, if
// set, is told how long each connection took to get.
std::unique_ptr<db::Database> OpenServiceDatabase(const Settings& settings,
                                                  const std::string& service,
                                                  db::AcquireObserver on_acquired = {});

}  // namespace sagashop::app
