#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <string>

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

// One end-to-end suite, run once per mode: every scenario added here runs against each way the
// system can be deployed.
class SagaTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override { system_ = std::make_unique<SystemUnderTest>(GetParam()); }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    system_.reset();
  }

  // PUT /inventory/{id}; asserts success.
  void Stock(std::int64_t product_id, std::int64_t available) {
    const boost::json::object body{{"productName", "product " + std::to_string(product_id)},
                                   {"availableQuantity", available}};
    const http::Response response =
        system_->Send("inventory", "PUT", "/inventory/" + std::to_string(product_id),
                      boost::json::serialize(body));
    ASSERT_TRUE(response.status == 200 || response.status == 201) << response.body;
  }

  std::unique_ptr<SystemUnderTest> system_;
};

inline std::string ModeParamName(const ::testing::TestParamInfo<Mode>& info) {
  return ModeName(info.param);
}

}  // namespace sagashop::testing
