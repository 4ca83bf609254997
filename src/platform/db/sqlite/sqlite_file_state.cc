#include "platform/db/sqlite/sqlite_file_state.h"

#include <map>
#include <mutex>

namespace sagashop::db {

std::shared_ptr<SqliteFileState> SqliteFileState::For(const std::string& canonical_path) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<SqliteFileState>> states;
  std::lock_guard lock(mutex);
  std::weak_ptr<SqliteFileState>& slot = states[canonical_path];
  std::shared_ptr<SqliteFileState> state = slot.lock();
  if (!state) {
    state = std::make_shared<SqliteFileState>();
    slot = state;
  }
  // Forget files nobody holds any more, so the map does not grow with every path ever opened.
  std::erase_if(states, [](const auto& entry) { return entry.second.expired(); });
  return state;
}

}  // namespace sagashop::db
