#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sagashop::bus {

struct Header {
  std::string key;
  std::string value;
};

// An event on its way to the bus. `key` decides the partition, so one order's events keep their
// order.
struct OutgoingMessage {
  std::string topic;
  std::string key;
  std::string value;
  std::vector<Header> headers;
};

// An event as a consumer receives it, with where it came from.
struct IncomingMessage {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string key;
  std::string value;
  std::vector<Header> headers;

  std::optional<std::string_view> FindHeader(std::string_view name) const {
    for (const Header& header : headers) {
      if (header.key == name) return header.value;
    }
    return std::nullopt;
  }
};

}  // namespace sagashop::bus
