#include "bench/order_mix.h"

#include <charconv>
#include <stdexcept>

namespace sagashop::bench {

const char* PathName(OrderPath path) {
  switch (path) {
    case OrderPath::kOk:
      return "ok";
    case OrderPath::kDeclined:
      return "declined";
    case OrderPath::kShort:
      return "short";
    case OrderPath::kUndeliverable:
      return "undeliverable";
  }
  return "?";
}

const char* ExpectedStatus(OrderPath path) {
  return path == OrderPath::kOk ? "COMPLETED" : "CANCELED";
}

OrderMix OrderMix::Parse(std::string_view text) {
  OrderMix mix;
  if (text.empty()) throw std::invalid_argument("--mix: empty");
  bool last = false;
  while (!last) {
    const std::size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    last = comma == std::string_view::npos;
    if (!last) text = text.substr(comma + 1);
    const std::size_t equals = part.find('=');
    if (equals == std::string_view::npos) {
      throw std::invalid_argument("--mix: expected path=weight, got '" + std::string(part) + "'");
    }
    const std::string_view name = part.substr(0, equals);
    const std::string_view number = part.substr(equals + 1);
    int weight = -1;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), weight);
    if (error != std::errc() || end != number.data() + number.size() || weight < 0 ||
        weight > 1000) {
      throw std::invalid_argument("--mix: weight of '" + std::string(name) +
                                  "' must be an integer from 0 to 1000");
    }
    bool known = false;
    for (OrderPath path : kOrderPaths) {
      if (name == PathName(path)) {
        mix.weights_[static_cast<std::size_t>(path)] = weight;
        known = true;
      }
    }
    if (!known) {
      throw std::invalid_argument("--mix: unknown path '" + std::string(name) +
                                  "' (ok, declined, short, undeliverable)");
    }
  }
  int total = 0;
  for (int weight : mix.weights_) total += weight;
  if (total == 0) throw std::invalid_argument("--mix: at least one weight must be positive");
  // Smooth weighted round-robin: each slot goes to the path whose share so far lags its weight
  // most, so every stretch of a run carries the mix (70/10/10/10 never sends 70 oks in a row).
  std::array<int, 4> current{};
  for (int slot = 0; slot < total; ++slot) {
    std::size_t chosen = 0;
    for (std::size_t p = 0; p < current.size(); ++p) {
      current[p] += mix.weights_[p];
      if (current[p] > current[chosen]) chosen = p;
    }
    current[chosen] -= total;
    mix.cycle_.push_back(kOrderPaths[chosen]);
  }
  return mix;
}

OrderPath OrderMix::PathOf(std::int64_t index) const {
  return cycle_[static_cast<std::size_t>(index % static_cast<std::int64_t>(cycle_.size()))];
}

std::string OrderMix::ToString() const {
  std::string text;
  for (OrderPath path : kOrderPaths) {
    if (!text.empty()) text += ",";
    text += std::string(PathName(path)) + "=" + std::to_string(Weight(path));
  }
  return text;
}

}  // namespace sagashop::bench
