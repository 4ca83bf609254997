#pragma once

namespace sagashop::app {

// The sagashop command: parses the command line (CLI11) and runs what it names, from serving the
// services to the offline tools. Returns the process's exit status.
int RunProgram(int argc, char** argv);

}  // namespace sagashop::app
