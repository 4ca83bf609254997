#pragma once

#include <gtest/gtest.h>

#include <string>

#include "platform/outcall/outside_call_handler.h"

namespace sagashop::testing {

// An outside world for tests whose dispatcher is never started: a call it was asked to make would
// be a test error.
class NoCalls final : public outcall::OutsideCallHandler {
 public:
  void Perform(const outcall::OutsideCall&, CallDone<std::string>) override {
    ADD_FAILURE() << "no call is made";
  }
  void ApplyResult(db::Transaction&, const outcall::OutsideCall&, const std::string&) override {}
};

}  // namespace sagashop::testing
