#pragma once

#include <boost/json/value.hpp>

#include "platform/http/response.h"

namespace sagashop::http {

// A response of `status` whose body is `value` serialized as application/json.
Response JsonResponse(int status, const boost::json::value& value);

}  // namespace sagashop::http
