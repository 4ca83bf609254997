#include "integration/database/pg_test_database.h"

#include <libpq-fe.h>

#include <random>
#include <stdexcept>
#include <vector>

#include "support/test_env.h"

namespace sagashop::testing {
namespace {

std::string RandomName() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string name = "sagashop_test_";
  for (int i = 0; i < 16; ++i) name += "0123456789abcdef"[digit(device)];
  return name;
}

std::string Quoted(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// The same connection string (URI or key=value) with another database name.
std::string WithDatabase(const std::string& conninfo, const std::string& dbname) {
  char* raw_error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &raw_error), &PQconninfoFree);
  std::unique_ptr<char, decltype(&PQfreemem)> error(raw_error, &PQfreemem);
  if (!options) throw std::invalid_argument("bad SAGASHOP_TEST_PG_URI: " + conninfo);
  std::string out;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr || std::string_view(option->keyword) == "dbname") continue;
    out += std::string(option->keyword) + "=" + Quoted(option->val) + " ";
  }
  return out + "dbname=" + Quoted(dbname);
}

db::PgConfig ConfigFor(const std::string& conninfo) {
  db::PgConfig config;
  config.conninfo = conninfo;
  return config;
}

}  // namespace

PgTestDatabase::PgTestDatabase()
    : server_conninfo_(RequiredEnv("SAGASHOP_TEST_PG_URI")),
      name_(RandomName()),
      admin_(db::PgConnection::Open(ConfigFor(server_conninfo_))) {
  admin_->Exec("CREATE DATABASE " + name_);
}

PgTestDatabase::~PgTestDatabase() {
  try {
    Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", {name_});
    admin_->Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // Leave the database behind rather than abort the test run; its name says what it was.
  }
}

db::PgConfig PgTestDatabase::Config() const {
  return ConfigFor(WithDatabase(server_conninfo_, name_));
}

db::ResultSet PgTestDatabase::Admin(std::string_view sql, std::initializer_list<db::Param> params) {
  return admin_->ExecParams(sql, std::span<const db::Param>(params.begin(), params.size()))
      .ToResultSet();
}

int PgTestDatabase::CountSessions() {
  return static_cast<int>(Admin("SELECT count(*) FROM pg_stat_activity "
                                "WHERE datname = $1 AND backend_type = 'client backend'",
                                {name_})
                              .Int64(0, 0));
}

int PgTestDatabase::SessionRunning(std::string_view prefix) {
  const db::ResultSet rows =
      Admin("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND starts_with(query, $2)",
            {name_, std::string(prefix)});
  return rows.Empty() ? 0 : static_cast<int>(rows.Int64(0, 0));
}

int PgTestDatabase::AdvisoryLockHolder() {
  const db::ResultSet rows = Admin(
      "SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
      "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = $1",
      {name_});
  return rows.Empty() ? 0 : static_cast<int>(rows.Int64(0, 0));
}

void PgTestDatabase::TerminateSession(int pid) {
  // With a timeout, pg_terminate_backend returns only once the session has exited.
  const db::ResultSet done =
      Admin("SELECT pg_terminate_backend($1::int, 10000)", {std::int64_t{pid}});
  if (done.Text(0, 0) != "t") {
    throw std::runtime_error("session " + std::to_string(pid) + " did not end");
  }
}

}  // namespace sagashop::testing
