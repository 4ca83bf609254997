#include "platform/http/server_state.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace sagashop::http {

void ServerState::Report(const RequestRecord& record) const {
  if (!observer_) return;
  try {
    observer_(record);
  } catch (const std::exception& error) {
    spdlog::error("http request observer failed: {}", error.what());
  } catch (...) {
    spdlog::error("http request observer failed with a non-standard exception");
  }
}

}  // namespace sagashop::http
