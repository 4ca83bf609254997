#pragma once

#include <string_view>

#include "outside_world/face_behaviour.h"

namespace sagashop::outside_world {

// Applies the body of `PUT /v1/admin/behaviour/{face}` to `current`: any of latencyMedianMs,
// latencyP99Ms, failureRate, timeoutRate, timeoutDelayMs; members left out keep their value,
// except that a new median without a p99 makes the latency constant again (p99 = median), as the
// command line's default does. Throws FieldError naming a bad, unknown or mistyped member, or one
// that makes the whole invalid.
FaceBehaviour ApplyBehaviourChange(const FaceBehaviour& current, std::string_view body);

}  // namespace sagashop::outside_world
