#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "api/openapi_document.h"
#include "app/command_line.h"
#include "app/system.h"
#include "e2e/support/system_under_test.h"
#include "platform/http/client.h"

namespace sagashop::api {
namespace {

// "GET /orders/{id} (token)": one line per endpoint, so that a failure lists what differs.
std::set<std::string> Lines(const std::vector<http::Endpoint>& endpoints) {
  std::set<std::string> lines;
  for (const http::Endpoint& endpoint : endpoints) {
    lines.insert(endpoint.method + " " + endpoint.pattern +
                 (endpoint.authenticated ? " (token)" : " (open)"));
  }
  return lines;
}

std::vector<std::string> Without(const std::set<std::string>& all,
                                 const std::set<std::string>& some) {
  std::vector<std::string> rest;
  for (const std::string& line : all) {
    if (!some.contains(line)) rest.push_back(line);
  }
  return rest;
}

// The embedded system as `make run` starts it (authentication on, its own key), in this process.
app::Settings EmbeddedSettings(const std::string& data_dir) {
  CLI::App command;
  app::Settings settings;
  app::AddSettingsOptions(command, settings);
  const std::string data = "--data-dir=" + data_dir;
  const std::string port = "--http-base-port=" + std::to_string(testing::FreePortRun(4));
  const std::vector<const char*> argv = {"sagashop", data.c_str(), port.c_str()};
  command.parse(static_cast<int>(argv.size()), argv.data());
  settings.Validate();
  return settings;
}

// A route the router has and the document lacks is an undocumented API; one the document has and
// no router serves is a promise nobody keeps. Whether a token is needed must agree too.
TEST(OpenApiRoutesTest, EveryServiceAnswersExactlyTheOperationsTheDocumentDescribes) {
  const std::string data_dir = std::string(SAGASHOP_E2E_LOG_DIR) + "/openapi-routes";
  std::filesystem::remove_all(data_dir);
  app::System system(EmbeddedSettings(data_dir));
  system.Start();
  ASSERT_EQ(system.Hosts().size(), 4U);
  for (const auto& host : system.Hosts()) {
    const std::set<std::string> served = Lines(host->Endpoints());
    const std::set<std::string> documented = Lines(DocumentedEndpoints(OpenApiFor(host->Name())));
    EXPECT_EQ(Without(served, documented), std::vector<std::string>{})
        << host->Name() << " serves these, which api/openapi.json does not describe so";
    EXPECT_EQ(Without(documented, served), std::vector<std::string>{})
        << "api/openapi.json describes these for " << host->Name()
        << ", which it does not serve so";
  }
  system.Stop();
}

TEST(OpenApiRoutesTest, EveryServiceServesItsPartOfTheDocumentWithoutAToken) {
  testing::SystemUnderTest system(testing::Mode::kEmbedded);
  for (const std::string& service : testing::SystemUnderTest::Services()) {
    // A client of its own, without the harness's token: the contract is public, like the probes.
    http::HttpClient anonymous("127.0.0.1", system.Port(service), std::chrono::seconds(30),
                               system.Tls());
    const http::Response response = anonymous.Send("GET", "/openapi.json");
    ASSERT_EQ(response.status, 200) << service << ": " << response.body;
    EXPECT_EQ(response.content_type, "application/json") << service;
    EXPECT_EQ(boost::json::parse(response.body), boost::json::value(OpenApiFor(service)))
        << service;
  }
}

}  // namespace
}  // namespace sagashop::api
