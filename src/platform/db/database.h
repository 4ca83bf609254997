#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>

#include "platform/db/dialect.h"
#include "platform/db/migration.h"
#include "platform/db/transaction.h"
#include "platform/pool/pool_limits.h"

namespace sagashop::db {

// Wakes a waiting thread when a transaction that called Notify(channel) commits.
class NotificationListener {
 public:
  virtual ~NotificationListener() = default;
  // True when a notification arrived (or had arrived since the last call), false on timeout.
  virtual bool WaitForNotification(std::chrono::milliseconds timeout) = 0;
};

// Exclusive, process-crossing ownership of a named role (e.g. "the outbox relay of order_db").
// Released when destroyed or when the process dies.
class LeaderLease {
 public:
  virtual ~LeaderLease() = default;
  // False once the lease is known lost (e.g. its connection dropped); the holder must stop acting.
  virtual bool StillHeld() = 0;
};

// Told how long each Begin() took to get a connection from its pool (for metrics). Called on the
// caller's thread, outside the pool's lock; must be quick and thread-safe.
using AcquireObserver = std::function<void(std::chrono::steady_clock::duration)>;

// A connection pool's counts and waits (open, in use, idle, its max_open limit, waits so far).
using PoolStats = pool::PoolStats;

// The database port: one service's own database. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;

  virtual Dialect GetDialect() const = 0;

  // Throws DbError (kTransient when no connection is available in time).
  virtual std::unique_ptr<Transaction> Begin() = 0;

  // A transaction that only reads, for the routes and checks that look without changing. SQLite
  // runs it beside the file's writer on a snapshot (WAL) instead of waiting for the writer's turn;
  // elsewhere it is Begin's transaction. Writing in it is a bug of the caller: on SQLite the write
  // would take the file's lock outside the writer's turn.
  virtual std::unique_ptr<Transaction> BeginRead() { return Begin(); }

  // One statement in a transaction of its own: on PostgreSQL a single round trip instead of three
  // (BEGIN, the statement, COMMIT). Like Begin, it replaces an idle connection found dead and sends
  // the statement again, which may then run twice if the connection died while it ran: only for
  // reads and for writes whose repetition changes nothing. Throws DbError.
  virtual ResultSet RunStatement(const Query& query, std::span<const Param> params) = 0;
  ResultSet RunStatement(const Query& query, std::initializer_list<Param> params = {}) {
    return RunStatement(query, std::span<const Param>(params.begin(), params.size()));
  }

  // Applies the migrations not yet applied, in version order, each in its own transaction, safely
  // when several instances start at once. Throws if the database has a version this code lacks.
  virtual void ApplyMigrations(std::span<const Migration> migrations) = 0;

  virtual std::unique_ptr<NotificationListener> Listen(std::string_view channel) = 0;

  // nullptr when another holder (in any process) has it.
  virtual std::unique_ptr<LeaderLease> TryAcquireLeadership(std::string_view role) = 0;

  // Round trip to the server; throws DbError when unreachable.
  virtual void Ping() = 0;

  virtual PoolStats GetPoolStats() const = 0;
};

}  // namespace sagashop::db
