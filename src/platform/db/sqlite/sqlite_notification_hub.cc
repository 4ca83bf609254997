#include "platform/db/sqlite/sqlite_notification_hub.h"

namespace sagashop::db {

class SqliteNotificationHub::Listener final : public NotificationListener {
 public:
  Listener(std::shared_ptr<SqliteNotificationHub> hub, std::string channel)
      : hub_(std::move(hub)), channel_(std::move(channel)) {}
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener() override { hub_->Remove(channel_, &mailbox_); }

  Mailbox& GetMailbox() { return mailbox_; }

  bool WaitForNotification(std::chrono::milliseconds timeout) override {
    std::unique_lock lock(mailbox_.mutex);
    const bool arrived = mailbox_.arrived.wait_for(lock, timeout, [&] { return mailbox_.pending; });
    mailbox_.pending = false;
    return arrived;
  }

 private:
  const std::shared_ptr<SqliteNotificationHub> hub_;
  const std::string channel_;
  Mailbox mailbox_;
};

std::unique_ptr<NotificationListener> SqliteNotificationHub::Listen(std::string_view channel) {
  auto listener = std::make_unique<Listener>(shared_from_this(), std::string(channel));
  std::lock_guard lock(mutex_);
  listeners_[std::string(channel)].insert(&listener->GetMailbox());
  return listener;
}

void SqliteNotificationHub::Remove(const std::string& channel, Mailbox* mailbox) {
  std::lock_guard lock(mutex_);
  auto found = listeners_.find(channel);
  if (found == listeners_.end()) return;
  found->second.erase(mailbox);
  if (found->second.empty()) listeners_.erase(found);
}

void SqliteNotificationHub::Notify(std::string_view channel) {
  // The hub's lock is held throughout, so a listener cannot be destroyed while it is woken.
  std::lock_guard lock(mutex_);
  auto found = listeners_.find(channel);
  if (found == listeners_.end()) return;
  for (Mailbox* mailbox : found->second) {
    {
      std::lock_guard mailbox_lock(mailbox->mutex);
      mailbox->pending = true;
    }
    mailbox->arrived.notify_all();
  }
}

}  // namespace sagashop::db
