#include "services/common/event_log_fields.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace sagashop::services {
namespace {

bool IsDecimal(std::string_view text) {
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void DescribeEventForLog(const bus::IncomingMessage& message, log::LogFields& fields) {
  if (IsDecimal(message.key)) fields.order_id = message.key;
  boost::system::error_code error;
  const boost::json::value event = boost::json::parse(message.value, error);
  if (error || !event.is_object()) return;
  const boost::json::object& object = event.get_object();
  if (const auto* saga = object.if_contains("correlationId"); saga && saga->is_string()) {
    fields.saga_id = std::string(saga->get_string());
  }
  if (const auto* order = object.if_contains("orderId");
      fields.order_id.empty() && order && order->is_int64()) {
    fields.order_id = std::to_string(order->get_int64());
  }
}

}  // namespace sagashop::services
