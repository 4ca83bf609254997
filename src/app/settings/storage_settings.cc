#include "app/settings/storage_settings.h"

#include <stdexcept>

#include "app/settings/require.h"
#include "platform/db/postgres/pg_uri.h"

namespace sagashop::app {
namespace {

// Appends a libpq URI parameter, so every connection reads and writes time stamps in UTC.
std::string WithUtc(std::string uri) {
  const bool is_uri = uri.starts_with("postgresql://") || uri.starts_with("postgres://");
  if (!is_uri) return uri + " options='-c TimeZone=UTC'";
  uri += uri.find('?') == std::string::npos ? '?' : '&';
  return uri + "options=-c%20TimeZone%3DUTC";
}

}  // namespace

void StorageSettings::Validate() const {
  if (adapter == Storage::kSqlite) {
    Require(!data_dir.empty(), "--data-dir must not be empty");
    return;
  }
  Require(!pg_uri.empty() || !db_uri.empty(),
          "--pg-uri (SAGASHOP_PG_URI) is required with --storage=postgres");
  Require(
      pg_uri.empty() || pg_uri.starts_with("postgresql://") || pg_uri.starts_with("postgres://"),
      "--pg-uri must be a postgresql:// URI without a database name");
  Require(pg_pool_max_open >= 1, "--pg-pool-max-open must be at least 1");
  Require(pg_pool_max_idle >= 0 && pg_pool_max_idle <= pg_pool_max_open,
          "--pg-pool-max-idle must be between 0 and --pg-pool-max-open");
}

std::string StorageSettings::DatabaseUri(const std::string& service) const {
  if (!db_uri.empty()) return WithUtc(db_uri);
  std::string name = pg_database;
  for (auto at = name.find("{service}"); at != std::string::npos; at = name.find("{service}")) {
    name.replace(at, 9, service);
  }
  return WithUtc(db::PgUriWithDatabase(pg_uri, name));
}

std::string StorageSettings::DatabaseFile(const std::string& service) const {
  return data_dir + "/" + service + ".db";
}

std::string StorageSettings::DataKeyFile() const {
  if (!data_keys.empty()) return data_keys;
  if (adapter == Storage::kSqlite) return data_dir + "/data-keys";
  return "";
}

}  // namespace sagashop::app
