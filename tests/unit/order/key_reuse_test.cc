#include "services/order/domain/key_reuse.h"

#include <gtest/gtest.h>

namespace sagashop::order {
namespace {

StoredKey Stored(std::string fingerprint, bool expired = false) {
  return {.request_fingerprint = std::move(fingerprint),
          .order_id = 7,
          .saga_id = "saga-7",
          .expired = expired};
}

TEST(KeyReuseTest, FollowsTheDraftsScenarios) {
  EXPECT_EQ(ClassifyKeyReuse(std::nullopt, "fp"), KeyReuse::kFirstUse);
  EXPECT_EQ(ClassifyKeyReuse(Stored("fp"), "fp"), KeyReuse::kRetry);
  EXPECT_EQ(ClassifyKeyReuse(Stored("fp"), "other"), KeyReuse::kDifferentRequest);
}

TEST(KeyReuseTest, AnExpiredKeyIsAFirstUseWhateverTheRequest) {
  EXPECT_EQ(ClassifyKeyReuse(Stored("fp", /*expired=*/true), "fp"), KeyReuse::kFirstUse);
  EXPECT_EQ(ClassifyKeyReuse(Stored("fp", /*expired=*/true), "other"), KeyReuse::kFirstUse);
}

}  // namespace
}  // namespace sagashop::order
