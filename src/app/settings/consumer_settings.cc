#include "app/settings/consumer_settings.h"

#include "app/settings/require.h"

namespace sagashop::app {

void ConsumerSettings::Validate() const {
  Require(max_batch >= 1 && max_batch <= 10000, "--consumer-max-batch must be from 1 to 10000");
  Require(max_wait_ms >= 0, "--consumer-max-wait-ms must not be negative");
  Require(max_attempts >= 1 && max_attempts <= 100,
          "--consumer-max-attempts must be from 1 to 100");
  Require(retry_backoff_ms >= 1, "--consumer-retry-backoff-ms must be at least 1");
  Require(retry_backoff_max_ms >= retry_backoff_ms,
          "--consumer-retry-backoff-max-ms must be at least --consumer-retry-backoff-ms");
}

}  // namespace sagashop::app
