#include "platform/db/postgres/pg_pooled_connection.h"

#include "platform/db/postgres/pg_connection_pool.h"

namespace sagashop::db {

PgPooledConnection::PgPooledConnection(std::shared_ptr<PgConnectionPool> pool,
                                       std::unique_ptr<PgConnection> connection, bool reused)
    : pool_(std::move(pool)), connection_(std::move(connection)), reused_(reused) {}

PgPooledConnection& PgPooledConnection::operator=(PgPooledConnection&& other) noexcept {
  if (this != &other) {
    Return();
    pool_ = std::move(other.pool_);
    connection_ = std::move(other.connection_);
    reused_ = other.reused_;
  }
  return *this;
}

PgPooledConnection::~PgPooledConnection() {
  Return();
}

void PgPooledConnection::Return() noexcept {
  if (pool_ && connection_) pool_->Release(std::move(connection_));
  pool_.reset();
}

}  // namespace sagashop::db
