// A parked event's headers are stored as JSON and read back for a replay; the JSON may have been
// edited by hand or damaged. Whatever it is, HeadersFromJson either throws std::invalid_argument
// or returns headers that are written and read back unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "platform/inbox/dead_letter_codec.h"

namespace {

bool Same(const std::vector<sagashop::bus::Header>& a,
          const std::vector<sagashop::bus::Header>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].key != b[i].key || a[i].value != b[i].value) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  std::vector<sagashop::bus::Header> headers;
  try {
    headers = sagashop::inbox::HeadersFromJson(json);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  if (!Same(sagashop::inbox::HeadersFromJson(sagashop::inbox::HeadersToJson(headers)), headers)) {
    std::abort();  // what was read must survive being written again
  }
  return 0;
}
