#include "services/order/domain/key_reuse.h"

namespace sagashop::order {

KeyReuse ClassifyKeyReuse(const std::optional<StoredKey>& stored, std::string_view fingerprint) {
  if (!stored || stored->expired) return KeyReuse::kFirstUse;
  return stored->request_fingerprint == fingerprint ? KeyReuse::kRetry
                                                    : KeyReuse::kDifferentRequest;
}

}  // namespace sagashop::order
