// Sealed fields (`enc:v1:<kid>:<base64url>`) arrive in events from the bus and are opened where an
// address is shown or sent on. Whatever the text, opening it either throws SealedValueError or
// yields a plaintext; and a value this fuzzer sealed, then altered in one byte (changed, removed
// or added), never opens at all: the key id is authenticated and AES-GCM's tag covers the rest.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "platform/crypto/field_cipher.h"
#include "platform/crypto/sealed_value.h"

namespace {

using sagashop::crypto::DataKey;
using sagashop::crypto::KeyRing;

// Two fixed keys, so that seeds can hold values sealed under them and an altered key id can name
// the other key. They protect nothing but this fuzzer's inputs.
const KeyRing& Ring() {
  static const KeyRing ring(
      {{"k1", DataKey{.id = "k1", .secret = "sagashop fuzzing key 1, no secrt"}},
       {"k2", DataKey{.id = "k2", .secret = "sagashop fuzzing key 2, no secrt"}}},
      "k2");
  return ring;
}

void CheckArbitraryText(std::string_view stored) {
  static const sagashop::crypto::FieldCipher cipher(Ring());
  try {
    const std::string opened = cipher.Open(stored);
    // A clear value is passed on as it is.
    if (!sagashop::crypto::IsSealed(stored) && opened != stored) std::abort();
  } catch (const sagashop::crypto::SealedValueError&) {
  }
}

// `control` says how to alter the sealed value: [0] changes, removes or inserts a byte, [1..2]
// where, [3] with what.
void CheckAlteredSeal(std::string_view control, std::string_view plaintext) {
  const std::string sealed = sagashop::crypto::Seal(Ring().Active(), plaintext);
  if (sagashop::crypto::Unseal(Ring(), sealed) != plaintext) std::abort();

  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(control[i]); };
  const std::size_t where = (std::size_t{byte(1)} << 8) | byte(2);
  std::string altered = sealed;
  switch (byte(0) % 3) {
    case 0: {
      // Any other byte value, never the same one.
      char& changed = altered[where % sealed.size()];
      changed = static_cast<char>(changed ^ (byte(3) == 0 ? 1 : byte(3)));
      break;
    }
    case 1:
      altered.erase(where % sealed.size(), 1);
      break;
    default:
      altered.insert(where % (sealed.size() + 1), 1, static_cast<char>(byte(3)));
      break;
  }
  try {
    sagashop::crypto::Unseal(Ring(), altered);
  } catch (const sagashop::crypto::SealedValueError&) {
    return;
  }
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CheckArbitraryText(bytes);
  if (bytes.size() >= 4) CheckAlteredSeal(bytes.substr(0, 4), bytes.substr(4));
  return 0;
}
