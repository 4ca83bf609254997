#include "support/pg_admin.h"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

#include "platform/db/postgres/pg_uri.h"

namespace sagashop::testing {

void PgAdmin::Execute(const std::string& sql) const {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(admin_uri_.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("cannot connect: ") + PQerrorMessage(conn.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(sql + ": " + PQerrorMessage(conn.get()));
  }
}

void PgAdmin::CreateDatabase(const std::string& name) const {
  Execute("CREATE DATABASE \"" + name + "\"");
}

void PgAdmin::DropDatabase(const std::string& name) const {
  Execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
          "' AND pid <> pg_backend_pid()");
  Execute("DROP DATABASE IF EXISTS \"" + name + "\"");
}

std::string PgAdmin::ServerUri() const {
  return db::PgServerUri(admin_uri_);
}

std::string PgAdmin::UriOf(const std::string& name) const {
  return db::PgUriWithDatabase(admin_uri_, name);
}

}  // namespace sagashop::testing
