#include "services/inventory/product_put_request.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace sagashop::inventory {
namespace {

ProductPut Parse(std::string_view json) {
  const boost::json::object object = ParseJsonObject(json);
  return ParseProductPut(7, JsonFields(object));
}

// The field a bad body is rejected for.
std::string RejectedField(std::string_view json) {
  try {
    Parse(json);
  } catch (const FieldError& error) {
    return error.Field();
  }
  return "<accepted>";
}

TEST(ProductPutRequestTest, AcceptsTheDocumentedExample) {
  const ProductPut put = Parse(R"({"productName":"Keyboard","availableQuantity":100})");
  EXPECT_EQ(put.product_id, 7);
  EXPECT_EQ(put.product_name, "Keyboard");
  EXPECT_EQ(put.available, 100);
}

TEST(ProductPutRequestTest, AcceptsTheBoundsThemselves) {
  EXPECT_EQ(Parse(R"({"productName":"K","availableQuantity":0})").available, 0);
  EXPECT_EQ(Parse(R"({"productName":"K","availableQuantity":1000000000})").available, kMaxStock);
  // 200 characters of two bytes each: the bound counts characters, not bytes.
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\xc3\xa9";
  EXPECT_EQ(Parse(R"({"productName":")" + name + R"(","availableQuantity":1})").product_name, name);
}

TEST(ProductPutRequestTest, NamesTheFieldAtFault) {
  EXPECT_EQ(RejectedField(R"({"availableQuantity":1})"), "productName");
  EXPECT_EQ(RejectedField(R"({"productName":"","availableQuantity":1})"), "productName");
  EXPECT_EQ(RejectedField(R"({"productName":null,"availableQuantity":1})"), "productName");
  EXPECT_EQ(RejectedField(R"({"productName":5,"availableQuantity":1})"), "productName");
  EXPECT_EQ(
      RejectedField(R"({"productName":")" + std::string(201, 'k') + R"(","availableQuantity":1})"),
      "productName");
  EXPECT_EQ(RejectedField(R"({"productName":"K"})"), "availableQuantity");
  EXPECT_EQ(RejectedField(R"({"productName":"K","availableQuantity":-1})"), "availableQuantity");
  EXPECT_EQ(RejectedField(R"({"productName":"K","availableQuantity":1000000001})"),
            "availableQuantity");
  EXPECT_EQ(RejectedField(R"({"productName":"K","availableQuantity":1.5})"), "availableQuantity");
  EXPECT_EQ(RejectedField(R"({"productName":"K","availableQuantity":"1"})"), "availableQuantity");
  EXPECT_EQ(RejectedField(R"({"productName":"K","availableQuantity":18446744073709551615})"),
            "availableQuantity");
}

}  // namespace
}  // namespace sagashop::inventory
