#include "e2e/saga/saga_test_fixture.h"

namespace sagashop::testing {

// Every SagaTest scenario runs once per deployment mode.
INSTANTIATE_TEST_SUITE_P(Modes, SagaTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed,
                                           Mode::kAllOnServers),
                         ModeParamName);

}  // namespace sagashop::testing
