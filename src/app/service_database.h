#pragma once

#include <memory>
#include <string>

#include "app/settings.h"
#include "platform/db/database.h"

namespace sagashop::app {

// Opens `service`'s own database with the adapter the settings choose: "<data-dir>/<service>.db"
// for SQLite, "<service>_db" on the PostgreSQL server (or --db-uri) otherwise.
std::unique_ptr<db::Database> OpenServiceDatabase(const Settings& settings,
                                                  const std::string& service);

}  // namespace sagashop::app
