#include "app/settings/outbox_settings.h"

#include "app/settings/require.h"

namespace sagashop::app {

void OutboxSettings::Validate() const {
  Require(batch_size >= 1 && batch_size <= 10000, "--outbox-batch-size must be from 1 to 10000");
  Require(poll_ms >= 1, "--outbox-poll-ms must be at least 1");
}

}  // namespace sagashop::app
