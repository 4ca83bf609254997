#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sagashop::outside_world {

// The business answers of the simulated world (docs/contracts.md, failure triggers), deterministic
// so tests can aim at them: a charge above the limit is declined, an address containing
// "UNDELIVERABLE" refused.
// nullopt means yes; otherwise the reason for no.
std::optional<std::string> DeclineReason(std::int64_t amount, std::int64_t limit);
std::optional<std::string> RefusalReason(std::string_view address);

inline constexpr std::string_view kCarrierName = "SIM-EXPRESS";

}  // namespace sagashop::outside_world
