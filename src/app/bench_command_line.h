#pragma once

#include <CLI/CLI.hpp>
#include <ostream>

#include "app/settings.h"
#include "bench/bench_options.h"

namespace sagashop::app {

// `sagashop bench [flags]`: the load generator's command line. Ports left at 0 follow
// --http-base-port (order on it, inventory two above), like the services.
CLI::App* AddBenchCommand(CLI::App& app, bench::BenchOptions& options);
// Fills in what the command line left to the settings; returns the exit status of the run:
// 0 when every request was accepted and every saga ended as its path should, 1 otherwise, 2 for
// an invalid option.
int RunBenchCommand(const Settings& settings, bench::BenchOptions options, std::ostream& out);

}  // namespace sagashop::app
