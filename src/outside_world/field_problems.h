#pragma once

#include "platform/core/json_fields.h"
#include "platform/http/problem.h"

namespace sagashop::outside_world {

// Runs `read`, turning a FieldError into a 400 problem naming the field.
template <typename Read>
auto ReadOrBadRequest(Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const FieldError& error) {
    throw http::ProblemError(http::BadRequest(error.Field(), error.Field() + " " + error.Reason()));
  }
}

}  // namespace sagashop::outside_world
