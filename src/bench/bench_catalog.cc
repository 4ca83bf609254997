#include "bench/bench_catalog.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

namespace sagashop::bench {
namespace {

constexpr std::int64_t kPlentiful = 1'000'000'000;
constexpr std::int64_t kTopUpBelow = 100'000'000;
constexpr std::int64_t kDeclinedAmount = 2'000'000;  // above the gateway's default limit

void Put(http::HttpClient& inventory, std::int64_t product, const char* name,
         std::int64_t available) {
  const http::Response response =
      inventory.Send("PUT", "/inventory/" + std::to_string(product),
                     boost::json::serialize(boost::json::object{{"productName", name},
                                                                {"availableQuantity", available}}));
  if (response.status != 200 && response.status != 201) {
    throw std::runtime_error("bench: Inventory refused to stock product " +
                             std::to_string(product) + ": " + std::to_string(response.status) +
                             " " + response.body);
  }
}

std::int64_t AvailableOf(http::HttpClient& inventory, std::int64_t product) {
  const http::Response response = inventory.Send("GET", "/inventory/" + std::to_string(product));
  if (response.status == 404) return -1;
  if (response.status != 200) {
    throw std::runtime_error("bench: GET /inventory/" + std::to_string(product) + " answered " +
                             std::to_string(response.status));
  }
  return boost::json::parse(response.body).at("availableQuantity").as_int64();
}

}  // namespace

void BenchCatalog::Seed(http::HttpClient& inventory) {
  if (AvailableOf(inventory, kStockedProduct) < kTopUpBelow) {
    Put(inventory, kStockedProduct, "Bench stock", kPlentiful);
  }
  if (AvailableOf(inventory, kEmptyProduct) != 0) {
    Put(inventory, kEmptyProduct, "Bench sold out", 0);
  }
}

std::string BenchCatalog::OrderBody(OrderPath path, std::int64_t user_id) {
  return boost::json::serialize(boost::json::object{
      {"userId", user_id},
      {"productId", path == OrderPath::kShort ? kEmptyProduct : kStockedProduct},
      {"quantity", 1},
      {"amount", path == OrderPath::kDeclined ? kDeclinedAmount : 10'000},
      {"address",
       path == OrderPath::kUndeliverable ? "UNDELIVERABLE bench street" : "1 Bench road, Seoul"},
      {"paymentMethod", "CARD"}});
}

}  // namespace sagashop::bench
