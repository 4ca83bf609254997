#include "platform/core/later.h"

#include <boost/asio/post.hpp>

namespace sagashop {

namespace net = boost::asio;

Later::Later(int work_threads)
    : keep_timers_(net::make_work_guard(timers_)),
      timer_thread_([this] { timers_.run(); }),
      work_(static_cast<std::size_t>(work_threads)) {}

Later::~Later() {
  Stop();
}

void Later::After(std::chrono::microseconds delay, std::function<void(bool on_time)> then) {
  {
    std::lock_guard lock(mutex_);
    if (!stopped_) {
      // Every operation on a timer runs on the timer thread: timers are not thread-safe.
      net::post(timers_, [this, delay, then = std::move(then)]() mutable {
        {
          std::lock_guard lock(mutex_);
          // Stop() came between the check above and now; its cancellation has run already.
          if (stopped_) return net::post(work_, [then = std::move(then)] { then(false); });
        }
        auto timer = std::make_shared<Timer>(timers_, delay);
        waiting_.insert(timer);
        timer->async_wait([this, timer, then = std::move(then)](boost::system::error_code ec) {
          waiting_.erase(timer);
          net::post(work_, [then, on_time = !ec] { then(on_time); });
        });
      });
      return;
    }
  }
  then(false);
}

void Later::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  net::post(timers_, [this] {
    for (const auto& timer : waiting_) timer->cancel();
  });
  keep_timers_.reset();
  timer_thread_.join();  // every timer has fired or been cancelled, its `then` handed to work_
  work_.join();
}

}  // namespace sagashop
