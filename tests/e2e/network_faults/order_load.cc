#include "e2e/network_faults/order_load.h"

#include <boost/json/parse.hpp>

namespace sagashop::testing {

OrderLoad::OrderLoad(SystemUnderTest& system, std::chrono::milliseconds pause)
    : thread_([this, &system, pause] { Run(system, pause); }) {}

OrderLoad::~OrderLoad() {
  Stop();
}

void OrderLoad::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::set<std::int64_t> OrderLoad::Accepted() const {
  const std::lock_guard lock(mutex_);
  return accepted_;
}

void OrderLoad::Run(SystemUnderTest& system, std::chrono::milliseconds pause) {
  auto client = system.Client("order");
  while (!stop_) {
    try {
      const http::Response response = client->Send(
          "POST", "/orders", R"({"userId":21,"productId":1,"quantity":1,"amount":500})");
      if (response.status == 201) {
        const std::lock_guard lock(mutex_);
        accepted_.insert(boost::json::parse(response.body).at("orderId").as_int64());
      } else {
        ++refused_;
      }
    } catch (const std::exception&) {
      ++refused_;  // timed out or cut off: the client cannot know, and must not count it as placed
      client = system.Client("order");
    }
    std::this_thread::sleep_for(pause);
  }
}

}  // namespace sagashop::testing
