#include "platform/db/postgres/pg_connection.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <optional>
#include <variant>

#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_error.h"

namespace sagashop::db {
namespace {

// Notices ("relation already exists, skipping", the FATAL a terminated backend sends while idle)
// would otherwise go to stderr; callers learn what matters from errors and connection status.
void IgnoreNotice(void*, const char*) {}

// Parameters in libpq's text format: integers rendered here, strings passed by pointer.
class TextParams {
 public:
  explicit TextParams(std::span<const Param> params) {
    storage_.reserve(params.size());
    values_.reserve(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Param& param = params[i];
      if (std::holds_alternative<std::monostate>(param)) {
        values_.push_back(nullptr);
      } else if (const auto* number = std::get_if<std::int64_t>(&param)) {
        values_.push_back(storage_.emplace_back(std::to_string(*number)).c_str());
      } else {
        const std::string& text = std::get<std::string>(param);
        if (text.find('\0') != std::string::npos) {
          throw DbError(DbError::Kind::kPermanent,
                        "postgres: parameter $" + std::to_string(i + 1) +
                            " contains a NUL byte, which PostgreSQL text cannot hold");
        }
        values_.push_back(text.c_str());
      }
    }
  }
  TextParams(const TextParams&) = delete;
  TextParams& operator=(const TextParams&) = delete;

  int Count() const { return static_cast<int>(values_.size()); }
  const char* const* Values() const { return values_.data(); }

 private:
  std::vector<std::string> storage_;  // reserved up front: pointers into it stay valid
  std::vector<const char*> values_;
};

std::string Abbreviated(std::string_view sql) {
  constexpr std::size_t kMax = 60;
  if (sql.size() <= kMax) return std::string(sql);
  // Appended into one reserved string: GCC 12 warns falsely (-Warray-bounds) about
  // std::string(...) + "..." here once inlined.
  std::string abbreviated;
  abbreviated.reserve(kMax + 3);
  abbreviated.append(sql.substr(0, kMax)).append("...");
  return abbreviated;
}

}  // namespace

PgConnection::PgConnection(PgConn conn)
    : conn_(std::move(conn)), opened_at_(std::chrono::steady_clock::now()) {}

std::unique_ptr<PgConnection> PgConnection::Open(const PgConfig& config) {
  const std::string connect_timeout = std::to_string(config.connect_timeout.count());
  // libpq applies keywords in order and the expanded connection string at the position of
  // "dbname", so listing our defaults first lets the connection string override them.
  const char* const keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* const values[] = {connect_timeout.c_str(), config.application_name.c_str(),
                                config.conninfo.c_str(), nullptr};
  PgConn conn(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (!conn) throw DbError(DbError::Kind::kTransient, "postgres: connecting: out of memory");
  if (PQstatus(conn.Get()) != CONNECTION_OK) {
    std::string reason = PQerrorMessage(conn.Get());
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    throw DbError(DbError::Kind::kTransient, "postgres: connecting failed: " + reason);
  }
  PQsetNoticeProcessor(conn.Get(), &IgnoreNotice, nullptr);

  std::unique_ptr<PgConnection> connection(new PgConnection(std::move(conn)));
  if (config.statement_timeout) {
    connection->Exec("SET statement_timeout = " +
                     std::to_string(config.statement_timeout->count()));
  }
  return connection;
}

DbError PgConnection::FailureOf(const PGresult* raw, std::string_view context) {
  if (PgErrorEndsSession(PgSqlState(raw)) || PQstatus(conn_.Get()) != CONNECTION_OK) {
    broken_ = true;
  }
  return PgErrorFromResult(context, raw, conn_.Get());
}

PgResult PgConnection::Check(PGresult* raw, std::string_view context) {
  PgResult result(raw);
  const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  switch (status) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return result;
    case PGRES_FATAL_ERROR:
      throw FailureOf(raw, context);
    default:
      // COPY or a protocol surprise: the session is in a state this adapter can't drive.
      broken_ = true;
      throw DbError(DbError::Kind::kPermanent, "postgres: " + std::string(context) +
                                                   ": unexpected result " + PQresStatus(status));
  }
}

PgResult PgConnection::Exec(std::string_view sql) {
  const std::string text(sql);
  return Check(PQexec(conn_.Get(), text.c_str()), "running '" + Abbreviated(sql) + "'");
}

PgResult PgConnection::ExecParams(std::string_view sql, std::span<const Param> params) {
  const std::string text(sql);
  const TextParams values(params);
  return Check(PQexecParams(conn_.Get(), text.c_str(), values.Count(), nullptr, values.Values(),
                            nullptr, nullptr, /*resultFormat=*/0),
               "running '" + Abbreviated(sql) + "'");
}

const PgConnection::PreparedStatement& PgConnection::Prepare(const Query& query) {
  const std::string name(query.name);
  const std::string sql(query.sql);
  Check(PQprepare(conn_.Get(), name.c_str(), sql.c_str(), 0, nullptr), "preparing '" + name + "'");
  // Knowing the parameter count lets a wrong call fail here as a bug; the server would answer it
  // with a protocol violation (class 08) that looks like a lost connection.
  const PgResult described =
      Check(PQdescribePrepared(conn_.Get(), name.c_str()), "describing '" + name + "'");
  return prepared_.emplace(name, PreparedStatement{sql, PQnparams(described.Get())}).first->second;
}

const PgConnection::PreparedStatement& PgConnection::PreparedFor(const Query& query,
                                                                 std::size_t param_count) {
  auto found = prepared_.find(std::string(query.name));
  const PreparedStatement& statement = found != prepared_.end() ? found->second : Prepare(query);
  if (statement.sql != query.sql) {
    throw DbError(DbError::Kind::kPermanent, "postgres: query name '" + std::string(query.name) +
                                                 "' is used for two different SQL texts");
  }
  if (static_cast<std::size_t>(statement.param_count) != param_count) {
    throw DbError(DbError::Kind::kPermanent, "postgres: query '" + std::string(query.name) +
                                                 "' takes " +
                                                 std::to_string(statement.param_count) +
                                                 " parameters, got " + std::to_string(param_count));
  }
  return statement;
}

PgResult PgConnection::ExecPrepared(const Query& query, std::span<const Param> params) {
  PreparedFor(query, params.size());
  const std::string name(query.name);
  const TextParams values(params);
  return Check(PQexecPrepared(conn_.Get(), name.c_str(), values.Count(), values.Values(), nullptr,
                              nullptr, /*resultFormat=*/0),
               "executing '" + name + "'");
}

std::vector<PgResult> PgConnection::ExecPipeline(std::span<const PipelinedStatement> statements) {
  // Preparing takes round trips of its own, so it happens first, and only once per connection.
  for (const PipelinedStatement& statement : statements) {
    if (!statement.query.name.empty()) PreparedFor(statement.query, statement.params.size());
  }
  if (PQenterPipelineMode(conn_.Get()) == 0) {
    broken_ = true;
    throw PgErrorFromResult("entering pipeline mode", nullptr, conn_.Get());
  }
  for (const PipelinedStatement& statement : statements) {
    const TextParams values(statement.params);  // libpq copies them into its output buffer
    const std::string name(statement.query.name);
    const int sent =
        name.empty()
            ? PQsendQueryParams(conn_.Get(), std::string(statement.query.sql).c_str(),
                                values.Count(), nullptr, values.Values(), nullptr, nullptr, 0)
            : PQsendQueryPrepared(conn_.Get(), name.c_str(), values.Count(), values.Values(),
                                  nullptr, nullptr, 0);
    if (sent == 0) {
      broken_ = true;  // half a pipeline may be on its way: the session can't be trusted
      throw PgErrorFromResult("sending '" + Abbreviated(statement.query.sql) + "'", nullptr,
                              conn_.Get());
    }
  }
  if (PQpipelineSync(conn_.Get()) == 0) {
    broken_ = true;
    throw PgErrorFromResult("sending a pipeline", nullptr, conn_.Get());
  }
  std::vector<PgResult> results = ReadPipelineResults(statements);
  PQexitPipelineMode(conn_.Get());
  return results;
}

std::vector<PgResult> PgConnection::ReadPipelineResults(
    std::span<const PipelinedStatement> statements) {
  std::vector<PgResult> results;
  results.reserve(statements.size());
  std::optional<DbError> first_failure;
  for (const PipelinedStatement& statement : statements) {
    PgResult result(PQgetResult(conn_.Get()));
    if (!result) {
      broken_ = true;  // the connection failed, or the server answered out of turn
      throw PgErrorFromResult("reading a pipeline's results", nullptr, conn_.Get());
    }
    while (PGresult* end = PQgetResult(conn_.Get())) PQclear(end);  // each result ends in a null
    const ExecStatusType status = PQresultStatus(result.Get());
    if (status == PGRES_FATAL_ERROR && !first_failure) {
      const std::string_view what =
          statement.query.name.empty() ? statement.query.sql : statement.query.name;
      first_failure = FailureOf(result.Get(), "executing '" + Abbreviated(what) + "'");
      if (broken_) throw *first_failure;
    }
    // Statements after a failure come back PGRES_PIPELINE_ABORTED: the server skipped them.
    results.push_back(std::move(result));
  }
  const PgResult sync(PQgetResult(conn_.Get()));
  if (!sync || PQresultStatus(sync.Get()) != PGRES_PIPELINE_SYNC) {
    broken_ = true;
    if (first_failure) throw *first_failure;
    throw PgErrorFromResult("ending a pipeline", nullptr, conn_.Get());
  }
  if (first_failure) {
    PQexitPipelineMode(conn_.Get());
    throw *first_failure;
  }
  return results;
}

void PgConnection::PingWithin(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  if (PQsendQuery(conn_.Get(), "SELECT 1") == 0) {
    broken_ = true;
    throw PgErrorFromResult("sending a ping", nullptr, conn_.Get());
  }
  // Until the query is out and its answer is in, wait on the socket, never past the deadline.
  while (true) {
    const int flushed = PQflush(conn_.Get());
    if (flushed < 0 || PQconsumeInput(conn_.Get()) == 0) {
      broken_ = true;
      throw PgErrorFromResult("pinging", nullptr, conn_.Get());
    }
    if (flushed == 0 && PQisBusy(conn_.Get()) == 0) break;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    pollfd socket{.fd = PQsocket(conn_.Get()),
                  .events = static_cast<short>(POLLIN | (flushed == 1 ? POLLOUT : 0)),
                  .revents = 0};
    if (left.count() <= 0 || poll(&socket, 1, static_cast<int>(left.count())) == 0) {
      broken_ = true;  // the answer may still come; the session cannot be reused
      throw DbError(DbError::Kind::kTransient, "postgres: no answer to a ping within " +
                                                   std::to_string(deadline.count()) + " ms");
    }
  }
  const PgResult result(PQgetResult(conn_.Get()));
  while (PGresult* end = PQgetResult(conn_.Get())) PQclear(end);
  if (!result || PQresultStatus(result.Get()) != PGRES_TUPLES_OK) {
    broken_ = true;
    throw PgErrorFromResult("pinging", result ? result.Get() : nullptr, conn_.Get());
  }
}

bool PgConnection::HeardNothingWhileIdle() {
  if (IsBroken()) return false;
  char byte = 0;
  const ssize_t peeked = recv(PQsocket(conn_.Get()), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return true;
  broken_ = true;  // a message, an end of file, or a socket error
  return false;
}

bool PgConnection::ConsumeInput() {
  if (PQconsumeInput(conn_.Get()) == 0) broken_ = true;
  return !IsBroken();
}

std::vector<std::string> PgConnection::TakeNotifications() {
  std::vector<std::string> channels;
  while (true) {
    std::unique_ptr<PGnotify, decltype(&PQfreemem)> notify(PQnotifies(conn_.Get()), &PQfreemem);
    if (!notify) break;
    channels.emplace_back(notify->relname);
  }
  return channels;
}

bool PgConnection::IsBroken() const {
  return broken_ || PQstatus(conn_.Get()) != CONNECTION_OK;
}

bool PgConnection::IsIdle() const {
  return PQtransactionStatus(conn_.Get()) == PQTRANS_IDLE;
}

std::string PgConnection::QuoteIdentifier(std::string_view identifier) {
  std::unique_ptr<char, decltype(&PQfreemem)> quoted(
      PQescapeIdentifier(conn_.Get(), identifier.data(), identifier.size()), &PQfreemem);
  if (!quoted) {
    throw DbError(DbError::Kind::kPermanent,
                  "postgres: cannot quote identifier: " + std::string(PQerrorMessage(conn_.Get())));
  }
  return quoted.get();
}

int PgConnection::Socket() const {
  return PQsocket(conn_.Get());
}

int PgConnection::BackendPid() const {
  return PQbackendPID(conn_.Get());
}

}  // namespace sagashop::db
