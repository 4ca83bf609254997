#include "platform/http/json_response.h"

#include <boost/json/serialize.hpp>

namespace sagashop::http {

Response JsonResponse(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = boost::json::serialize(value);
  return response;
}

}  // namespace sagashop::http
