#include "e2e/support/toxiproxy_client.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <stdexcept>

#include "support/test_env.h"

namespace sagashop::testing {

ToxiproxyClient ToxiproxyClient::FromEnv() {
  const std::string address = RequiredEnv("SAGASHOP_TEST_TOXIPROXY");
  const std::size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    throw std::invalid_argument("SAGASHOP_TEST_TOXIPROXY is not host:port: " + address);
  }
  return {address.substr(0, colon),
          static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)))};
}

ToxiproxyClient::ToxiproxyClient(std::string host, std::uint16_t port)
    : client_(std::make_unique<http::HttpClient>(std::move(host), port, std::chrono::seconds(10))) {
}

boost::json::value ToxiproxyClient::Call(std::string_view method, const std::string& target,
                                         const std::string& body) {
  const http::Response response = client_->Send(method, target, body);
  if (response.status / 100 != 2) {
    throw std::runtime_error("Toxiproxy: " + std::string(method) + " " + target + " answered " +
                             std::to_string(response.status) + ": " + response.body);
  }
  if (response.body.empty()) return nullptr;
  return boost::json::parse(response.body);
}

std::uint16_t ToxiproxyClient::ListenPort(const std::string& proxy) {
  const std::string listen(Call("GET", "/proxies/" + proxy).at("listen").as_string());
  return static_cast<std::uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1)));
}

std::uint16_t ToxiproxyClient::CreateProxy(const std::string& proxy, std::uint16_t upstream_port) {
  if (client_->Send("GET", "/proxies/" + proxy).status == 200) DeleteProxy(proxy);
  Call("POST", "/proxies",
       boost::json::serialize(boost::json::object{
           {"name", proxy},
           {"listen", "127.0.0.1:0"},  // a free port, which the proxy then reports
           {"upstream", "127.0.0.1:" + std::to_string(upstream_port)},
           {"enabled", true}}));
  return ListenPort(proxy);
}

void ToxiproxyClient::DeleteProxy(const std::string& proxy) {
  Call("DELETE", "/proxies/" + proxy);
}

void ToxiproxyClient::AddToxic(const std::string& proxy, const boost::json::object& toxic) {
  Call("POST", "/proxies/" + proxy + "/toxics", boost::json::serialize(toxic));
}

void ToxiproxyClient::RemoveToxic(const std::string& proxy, const std::string& toxic) {
  Call("DELETE", "/proxies/" + proxy + "/toxics/" + toxic);
}

void ToxiproxyClient::SetEnabled(const std::string& proxy, bool enabled) {
  Call("POST", "/proxies/" + proxy,
       boost::json::serialize(boost::json::object{{"enabled", enabled}}));
}

void ToxiproxyClient::Reset() {
  Call("POST", "/reset");
}

}  // namespace sagashop::testing
