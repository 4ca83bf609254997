#pragma once

#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "platform/bus/tap/message_tap.h"

namespace sagashop::bus {

// A MessageTap that appends one JSON object per message to a file:
//   {"service":"order","topic":"order.created.v1","key":"42","headers":{"ce_id":"..."},
//    "value":"<the value, as the text it is>"}
// The value stays text (a JSON string), so that a value that is not JSON is recorded as it was.
// Each batch is written with one write(2) under a mutex, straight to the file with nothing
// buffered: memory stays bounded, and a process killed at any moment leaves every line recorded
// before whole. Throws std::runtime_error if the file cannot be opened or written.
class JsonLinesTapFile final : public MessageTap {
 public:
  explicit JsonLinesTapFile(const std::string& path);
  ~JsonLinesTapFile() override;

  JsonLinesTapFile(const JsonLinesTapFile&) = delete;
  JsonLinesTapFile& operator=(const JsonLinesTapFile&) = delete;

  void Record(std::string_view publisher, std::span<const OutgoingMessage> messages) override;

  const std::string& Path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
};

}  // namespace sagashop::bus
