// POST /orders bodies and Idempotency-Key headers come from anyone who can reach the API. Whatever
// they are, parsing either throws FieldError (a 400 naming the field) or yields a request within
// the documented bounds (docs/contracts.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/json_fields.h"
#include "services/order/create_order_request.h"

namespace {

void CheckBounds(const sagashop::order::CreateOrderRequest& request) {
  using namespace sagashop::order;
  const bool within =
      request.quantity >= 1 && request.quantity <= kMaxQuantity && request.amount >= 1 &&
      request.amount <= kMaxAmount && sagashop::Utf8Length(request.address) <= kMaxAddressLength &&
      (!request.idempotency_key || request.idempotency_key->size() <= kMaxIdempotencyKeyLength);
  if (!within) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first line, when there is one, is the Idempotency-Key header's value as sent; the rest
  // is the body.
  const std::size_t newline = bytes.find('\n');
  std::optional<std::string> header_key;
  std::string_view body = bytes;
  if (newline != std::string_view::npos) {
    header_key = std::string(bytes.substr(0, newline));
    body = bytes.substr(newline + 1);
  }
  try {
    const boost::json::object object = sagashop::ParseJsonObject(body);
    CheckBounds(sagashop::order::ParseCreateOrderRequest(sagashop::JsonFields(object), header_key));
  } catch (const sagashop::FieldError&) {
  }
  return 0;
}
