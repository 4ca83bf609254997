#pragma once

#include <cstddef>
#include <cstdint>

#include "platform/core/json_fields.h"
#include "services/inventory/domain/product_put_plan.h"

namespace sagashop::inventory {

// PUT /inventory/{productId} (docs/contracts.md, HTTP API).
inline constexpr std::int64_t kMaxStock = 1'000'000'000;
inline constexpr std::size_t kMaxProductNameLength = 200;

// The PUT of `product_id` that `body` asks for. Throws FieldError naming the first bad field.
ProductPut ParseProductPut(std::int64_t product_id, const JsonFields& body);

}  // namespace sagashop::inventory
