#pragma once

#include <CLI/CLI.hpp>

#include "outside_world/outside_world_config.h"

namespace sagashop::app {

// `sagashop outside-world [flags]`: the simulated payment provider and carrier
// (docs/outside-world.md). The flags fill `config`; a p99 left out follows its median.
struct OutsideWorldOptions {
  outside_world::OutsideWorldConfig config;
  std::int64_t payment_latency_p99_ms = -1;  // -1: the median
  std::int64_t carrier_latency_p99_ms = -1;
};

CLI::App* AddOutsideWorldCommand(CLI::App& app, OutsideWorldOptions& options);

// Serves until SIGINT or SIGTERM, which the caller has blocked in every thread (`signals`);
// returns the exit status (2 for an invalid setting).
int RunOutsideWorld(OutsideWorldOptions options, const sigset_t& signals);

}  // namespace sagashop::app
