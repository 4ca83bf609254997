// Events arrive from the bus as bytes anyone with access to a topic may have written. Whatever
// they are, DecodeEvent either throws MalformedEvent (the inbox parks it) or returns an event that
// encodes to JSON which decodes to the same event again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "contracts/event_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  sagashop::contracts::Event event;
  try {
    event = sagashop::contracts::DecodeEvent(bytes);
  } catch (const sagashop::contracts::MalformedEvent&) {
    return 0;
  }
  const std::string encoded = sagashop::contracts::EncodeEvent(event);
  const std::string again =
      sagashop::contracts::EncodeEvent(sagashop::contracts::DecodeEvent(encoded));
  if (again != encoded) std::abort();  // an event must survive its own encoding
  return 0;
}
