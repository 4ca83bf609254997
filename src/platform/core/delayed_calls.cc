#include "platform/core/delayed_calls.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

namespace sagashop {

DelayedCalls::DelayedCalls() : work_(io_.get_executor()), thread_([this] { io_.run(); }) {}

DelayedCalls::~DelayedCalls() {
  // Without the guard the thread ends once the last waiting call has run.
  boost::asio::post(io_, [this] { work_.reset(); });
  thread_.join();
}

void DelayedCalls::After(std::chrono::microseconds delay, std::function<void()> call) {
  if (delay.count() <= 0) {
    boost::asio::post(io_, std::move(call));
    return;
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, delay);
  timer->async_wait([timer, call = std::move(call)](boost::system::error_code) { call(); });
}

}  // namespace sagashop
