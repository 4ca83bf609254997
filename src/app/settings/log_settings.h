#pragma once

#include "app/settings/adapters.h"

namespace sagashop::app {

struct LogSettings {
  LogLevel level = LogLevel::kInfo;
  // json: one JSON object per line (docs/logging.md), for services whose logs are collected;
  // text: one readable line, for people at a terminal. Commands (demo, verify, dlt, bench) write
  // text unless told otherwise.
  LogFormat format = LogFormat::kJson;
};

}  // namespace sagashop::app
