#pragma once

#include <boost/json/object.hpp>
#include <functional>

#include "platform/core/json_fields.h"
#include "platform/http/problem.h"
#include "platform/http/request.h"

namespace sagashop::services {

// Parses a request's JSON body and runs `read` over its fields; any FieldError (malformed JSON, a
// missing, mistyped or out-of-range member) becomes a 400 problem naming the field.
template <typename Read>
auto ReadJsonBody(const http::Request& request, Read&& read) {
  try {
    const boost::json::object object = ParseJsonObject(request.body);
    return read(JsonFields(object));
  } catch (const FieldError& error) {
    throw http::ProblemError(http::BadRequest(error.Field(), error.Field() + " " + error.Reason()));
  }
}

}  // namespace sagashop::services
