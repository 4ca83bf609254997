#include "app/service_database.h"

#include "platform/db/postgres/pg_database.h"
#include "platform/db/sqlite/sqlite_database.h"

namespace sagashop::app {

std::unique_ptr<db::Database> OpenServiceDatabase(const Settings& settings,
                                                  const std::string& service,
                                                  db::AcquireObserver on_acquired) {
  if (settings.storage == "sqlite") {
    db::SqliteConfig config;
    config.path = settings.DatabaseFile(service);
    config.durable = settings.sqlite_durable;
    config.on_acquired = std::move(on_acquired);
    return std::make_unique<db::SqliteDatabase>(config);
  }
  db::PgConfig config;
  config.conninfo = settings.DatabaseUri(service);
  config.max_open = settings.pg_pool_max_open;
  config.max_idle = settings.pg_pool_max_idle;
  config.application_name = "sagashop-" + service;
  config.on_acquired = std::move(on_acquired);
  return std::make_unique<db::PgDatabase>(config);
}

}  // namespace sagashop::app
