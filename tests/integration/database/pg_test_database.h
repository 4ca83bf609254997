#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_connection.h"
#include "platform/db/query.h"
#include "platform/db/result_set.h"

namespace sagashop::testing {

// The server process behind a connection: what the suites compare to see whether two
// transactions shared a connection, and what they end to break one.
inline constexpr db::Query kBackendPid{"test.backend_pid", "SELECT pg_backend_pid()"};

// A database of its own for one test, on the server named by SAGASHOP_TEST_PG_URI, with a random
// name so that suites can run in parallel. Dropped on destruction, after its sessions are ended.
// Also the observer's window: queries through the server's maintenance connection see what the
// code under test cannot show about itself (its sessions, locks, listeners).
class PgTestDatabase {
 public:
  PgTestDatabase();
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const std::string& Name() const { return name_; }

  // Settings pointing at this database, with the pool defaults.
  db::PgConfig Config() const;

  // Runs `sql` on the maintenance connection (not inside this database).
  db::ResultSet Admin(std::string_view sql, std::initializer_list<db::Param> params = {});

  // Client sessions connected to this database right now.
  int CountSessions();
  // The session of this database whose last statement starts with `prefix`; 0 when none.
  int SessionRunning(std::string_view prefix);
  // The session holding an advisory lock in this database; 0 when none.
  int AdvisoryLockHolder();
  // Ends a session the way an operator or a failover would, and waits until it is gone.
  void TerminateSession(int pid);

 private:
  std::string server_conninfo_;
  std::string name_;
  std::unique_ptr<db::PgConnection> admin_;
};

}  // namespace sagashop::testing
