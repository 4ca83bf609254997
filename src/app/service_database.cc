#include "app/service_database.h"

#include "platform/db/postgres/pg_database.h"
#include "platform/db/sqlite/sqlite_database.h"

namespace sagashop::app {

std::unique_ptr<db::Database> OpenServiceDatabase(const Settings& settings,
                                                  const std::string& service,
                                                  db::AcquireObserver on_acquired) {
  if (settings.storage.adapter == Storage::kSqlite) {
    db::SqliteConfig config;
    config.path = settings.storage.DatabaseFile(service);
    config.durable = settings.storage.sqlite_durable;
    config.on_acquired = std::move(on_acquired);
    return std::make_unique<db::SqliteDatabase>(config);
  }
  db::PgConfig config;
  config.conninfo = settings.storage.DatabaseUri(service);
  config.max_open = settings.storage.pg_pool_max_open;
  config.max_idle = settings.storage.pg_pool_max_idle;
  config.application_name = "sagashop-" + service;
  config.on_acquired = std::move(on_acquired);
  return std::make_unique<db::PgDatabase>(config);
}

}  // namespace sagashop::app
