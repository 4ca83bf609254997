#include "outside_world/verdicts.h"

namespace sagashop::outside_world {

std::optional<std::string> DeclineReason(std::int64_t amount, std::int64_t limit) {
  if (amount <= limit) return std::nullopt;
  return "payment declined: amount " + std::to_string(amount) + " exceeds the limit " +
         std::to_string(limit);
}

std::optional<std::string> RefusalReason(std::string_view address) {
  if (address.find("UNDELIVERABLE") == std::string_view::npos) return std::nullopt;
  return "delivery failed: address is undeliverable";
}

}  // namespace sagashop::outside_world
