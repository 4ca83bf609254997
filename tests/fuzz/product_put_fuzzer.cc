// PUT /inventory/{productId} bodies come from anyone holding an inventory:write token. Whatever
// they are, parsing either throws FieldError (a 400 naming the field) or yields a put within the
// documented bounds (docs/contracts.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "platform/core/json_fields.h"
#include "services/inventory/product_put_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sagashop::inventory;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  constexpr std::int64_t kProductId = 42;
  try {
    const boost::json::object object = sagashop::ParseJsonObject(body);
    const ProductPut put = ParseProductPut(kProductId, sagashop::JsonFields(object));
    const std::size_t name_length = sagashop::Utf8Length(put.product_name);
    const bool within = put.product_id == kProductId && name_length >= 1 &&
                        name_length <= kMaxProductNameLength && put.available >= 0 &&
                        put.available <= kMaxStock;
    if (!within) std::abort();
  } catch (const sagashop::FieldError&) {
  }
  return 0;
}
