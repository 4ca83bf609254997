#include "app/settings/cache_settings.h"

#include "app/settings/require.h"

namespace sagashop::app {

void CacheSettings::Validate() const {
  if (adapter != Cache::kRedis) return;
  const auto colon = redis.rfind(':');
  Require(colon != std::string::npos && colon > 0 && colon + 1 < redis.size(),
          "--redis must be host:port, got '" + redis + "'");
}

std::string CacheSettings::RedisHost() const {
  return redis.substr(0, redis.rfind(':'));
}

int CacheSettings::RedisPort() const {
  return std::stoi(redis.substr(redis.rfind(':') + 1));
}

}  // namespace sagashop::app
