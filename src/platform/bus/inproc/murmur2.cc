#include "platform/bus/inproc/murmur2.h"

namespace sagashop::bus {

std::int32_t KafkaMurmur2(std::string_view key) {
  constexpr std::uint32_t kSeed = 0x9747b28c;
  constexpr std::uint32_t kM = 0x5bd1e995;
  constexpr int kR = 24;

  const auto length = static_cast<std::uint32_t>(key.size());
  const auto* data = reinterpret_cast<const unsigned char*>(key.data());
  std::uint32_t h = kSeed ^ length;

  const std::uint32_t blocks = length / 4;
  for (std::uint32_t i = 0; i < blocks; ++i) {
    const unsigned char* block = data + std::size_t{4} * i;
    // Little-endian, as Kafka reads it, whatever the host's byte order.
    std::uint32_t k =
        static_cast<std::uint32_t>(block[0]) | static_cast<std::uint32_t>(block[1]) << 8 |
        static_cast<std::uint32_t>(block[2]) << 16 | static_cast<std::uint32_t>(block[3]) << 24;
    k *= kM;
    k ^= k >> kR;
    k *= kM;
    h *= kM;
    h ^= k;
  }

  const unsigned char* tail = data + std::size_t{4} * blocks;
  switch (length % 4) {
    case 3:
      h ^= static_cast<std::uint32_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      h ^= static_cast<std::uint32_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      h ^= static_cast<std::uint32_t>(tail[0]);
      h *= kM;
  }

  h ^= h >> 13;
  h *= kM;
  h ^= h >> 15;
  return static_cast<std::int32_t>(h);
}

std::int32_t PartitionOf(std::string_view key, std::int32_t partitions) {
  // Kafka's toPositive(): clear the sign bit rather than take the absolute value.
  const auto positive = static_cast<std::uint32_t>(KafkaMurmur2(key)) & 0x7fffffffU;
  return static_cast<std::int32_t>(positive % static_cast<std::uint32_t>(partitions));
}

}  // namespace sagashop::bus
