#include "services/inventory/product_put_request.h"

namespace sagashop::inventory {

ProductPut ParseProductPut(std::int64_t product_id, const JsonFields& body) {
  return ProductPut{.product_id = product_id,
                    .product_name = body.StringOfLength("productName", 1, kMaxProductNameLength),
                    .available = body.Int64InRange("availableQuantity", 0, kMaxStock)};
}

}  // namespace sagashop::inventory
