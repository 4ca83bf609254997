// The server's read deadlines over a real socket: a request's header must arrive within
// header_timeout of its first byte, while an idle keep-alive connection may wait read_timeout.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "platform/http/json_response.h"
#include "platform/http/server.h"
#include "unit/http/raw_connection.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using testing::ParseRawResponse;
using testing::RawConnection;

TEST(ServerTimeoutsTest, AHeaderTrickledPastItsDeadlineIsCutOffWhileIdleConnectionsStay) {
  ServerConfig config = testing::TestConfig();
  config.header_timeout = std::chrono::seconds(1);
  config.read_timeout = std::chrono::seconds(60);
  Router router;
  router.Add("GET", "/quick", [](const Request&) { return JsonResponse(200, {{"ok", true}}); });
  Server server(config, std::move(router));
  server.Start();

  RawConnection idle(server.Port());
  RawConnection trickler(server.Port());
  trickler.Write("GET /quick HTTP/1.1\r\nHost: test\r\n");  // the header's end never comes
  EXPECT_EQ(trickler.ReadUntilClosed(), "") << "cut off without an answer";

  // Opened before the trickler, the idle connection has waited longer than header_timeout.
  idle.Write("GET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
  EXPECT_EQ(ParseRawResponse(idle.ReadUntil("\r\n\r\n")).status, 200);
  server.Stop();
}

}  // namespace
}  // namespace sagashop::http
