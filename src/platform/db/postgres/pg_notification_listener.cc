#include "platform/db/postgres/pg_notification_listener.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include "platform/db/db_error.h"

namespace sagashop::db {
namespace {

using Clock = std::chrono::steady_clock;

int PollMillis(Clock::duration left) {
  // Rounded up: rounding down would turn the last fraction of a millisecond into a busy loop.
  const auto millis = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::clamp<std::int64_t>(millis, 0, 60'000));
}

}  // namespace

PgNotificationListener::PgNotificationListener(PgConfig config, std::string channel)
    : config_(std::move(config)), channel_(std::move(channel)) {
  Connect();
}

void PgNotificationListener::Connect() {
  connection_.reset();
  std::unique_ptr<PgConnection> connection = PgConnection::Open(config_);
  // pg_notify takes the channel as a string; a quoted identifier keeps the same exact spelling.
  connection->Exec("LISTEN " + connection->QuoteIdentifier(channel_));
  connection_ = std::move(connection);
}

bool PgNotificationListener::Reconnect(Clock::time_point deadline) {
  auto backoff = std::chrono::milliseconds(50);
  while (true) {
    try {
      Connect();
      return true;
    } catch (const DbError&) {
      // Server down or restarting: retry until the caller's deadline.
    }
    const Clock::duration left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(backoff, left));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
  }
}

bool PgNotificationListener::WaitForNotification(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  if (!connection_ || connection_->IsBroken()) return Reconnect(deadline);

  while (true) {
    if (!connection_->ConsumeInput()) return Reconnect(deadline);
    if (!connection_->TakeNotifications().empty()) return true;

    const Clock::duration left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return false;
    pollfd socket{connection_->Socket(), POLLIN, 0};
    if (poll(&socket, 1, PollMillis(left)) < 0 && errno != EINTR) return Reconnect(deadline);
  }
}

}  // namespace sagashop::db
