#pragma once

#include <string>

#include "app/settings/adapters.h"

namespace sagashop::app {

// Where the services keep their data: SQLite files (embedded mode, the default) or PostgreSQL,
// and the key file that seals personal data in either.
struct StorageSettings {
  Storage adapter = Storage::kSqlite;  // --storage

  // SQLite: one database file per service, "<data_dir>/<service>.db".
  std::string data_dir = "data";
  bool sqlite_durable = true;  // synchronous=FULL: a committed transaction survives power loss

  // PostgreSQL: a server URI without a database; each service uses "<service>_db" on it. A
  // single-service process may instead be given its database's full URI. TLS is asked for in the
  // URI's parameters (sslmode=verify-full, sslrootcert, sslcert, sslkey), which are kept.
  std::string pg_uri;
  std::string pg_database = "{service}_db";  // the database name; "{service}" is replaced
  std::string db_uri;
  int pg_pool_max_open = 25;
  int pg_pool_max_idle = 10;

  // The data key file that seals personal data at rest (docs/security.md, Encryption at rest).
  // Embedded mode: "<data_dir>/data-keys" unless given, made at the first start. With PostgreSQL
  // it must be given: the processes of one system share it.
  std::string data_keys;

  // Throws std::invalid_argument naming the first bad setting of this adapter.
  void Validate() const;

  // The libpq URI of `service`'s database.
  std::string DatabaseUri(const std::string& service) const;
  // The SQLite file of `service`'s database.
  std::string DatabaseFile(const std::string& service) const;
  // --data-keys, or embedded mode's default; "" when there is none (PostgreSQL without the flag).
  std::string DataKeyFile() const;
};

}  // namespace sagashop::app
