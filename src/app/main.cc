// The sagashop binary. Its command line lives in the app library (app/program.cc), where it
// compiles in one batch with the other users of CLI11 (src/app/CMakeLists.txt).
#include "app/program.h"

int main(int argc, char** argv) {
  return sagashop::app::RunProgram(argc, argv);
}
