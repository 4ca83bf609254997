#include "platform/bus/tap/json_lines_tap_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sagashop::bus {
namespace {

std::string LineOf(std::string_view publisher, const OutgoingMessage& message) {
  boost::json::object headers;
  for (const Header& header : message.headers) headers[header.key] = header.value;
  boost::json::object line;
  line["service"] = publisher;
  line["topic"] = message.topic;
  line["key"] = message.key;
  line["headers"] = std::move(headers);
  line["value"] = message.value;
  return boost::json::serialize(line) + "\n";
}

}  // namespace

JsonLinesTapFile::JsonLinesTapFile(const std::string& path) : path_(path) {
  // O_APPEND: a file another process (or an earlier start) wrote to keeps its lines.
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open the event tap " + path + ": " + std::strerror(errno));
  }
}

JsonLinesTapFile::~JsonLinesTapFile() {
  if (fd_ >= 0) ::close(fd_);
}

void JsonLinesTapFile::Record(std::string_view publisher,
                              std::span<const OutgoingMessage> messages) {
  if (messages.empty()) return;
  std::string lines;
  for (const OutgoingMessage& message : messages) lines += LineOf(publisher, message);
  const std::lock_guard lock(mutex_);
  std::string_view rest = lines;
  while (!rest.empty()) {
    const ssize_t written = ::write(fd_, rest.data(), rest.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) {
      throw std::runtime_error("cannot write the event tap " + path_ + ": " + std::strerror(errno));
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace sagashop::bus
