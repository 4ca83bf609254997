#include "platform/auth/key_set.h"

#include <openssl/pem.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "platform/auth/jwk.h"

namespace sagashop::auth {
namespace {

// Far above any real key set; keeps a wrong path (a log, a disk image) from being read whole.
constexpr std::uintmax_t kMaximumFileBytes = std::uintmax_t{1024} * 1024;

std::string ReadFile(const std::filesystem::path& file) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  if (error) throw std::invalid_argument(file.string() + ": cannot read: " + error.message());
  if (size > kMaximumFileBytes) {
    throw std::invalid_argument(file.string() + ": larger than 1 MiB, not a key file");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in) throw std::invalid_argument(file.string() + ": cannot read");
  return contents.str();
}

// One "-----BEGIN label-----" ... "-----END label-----" block of a PEM text.
struct PemBlock {
  std::string label;
  std::string_view text;  // the whole block, markers included
};

// The PEM blocks of `pem` in order. The blocks are cut out here rather than read one after the
// other by OpenSSL, whose error at the end of the text cannot be told apart from a broken block.
std::vector<PemBlock> PemBlocks(std::string_view pem, std::string_view source) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kDashes = "-----";
  std::vector<PemBlock> blocks;
  for (std::size_t at = pem.find(kBegin); at != pem.npos; at = pem.find(kBegin, at)) {
    const std::size_t label_start = at + kBegin.size();
    const std::size_t label_end = pem.find(kDashes, label_start);
    if (label_end == pem.npos) break;
    std::string label(pem.substr(label_start, label_end - label_start));
    if (label.find('\n') != label.npos) {
      throw std::invalid_argument(std::string(source) + ": a BEGIN line that is not PEM");
    }
    const std::string end_marker = "-----END " + label + "-----";
    const std::size_t end = pem.find(end_marker, label_end);
    if (end == pem.npos) {
      throw std::invalid_argument(std::string(source) + ": the \"" + label +
                                  "\" block has no end line");
    }
    blocks.push_back(PemBlock{std::move(label), pem.substr(at, end + end_marker.size() - at)});
    at = end + end_marker.size();
  }
  return blocks;
}

EvpPkey PublicKeyFromPem(std::string_view block) {
  const Bio bio = ReadOnlyBio(block);
  EvpPkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) throw std::invalid_argument(TakeOpenSslError("malformed"));
  return key;
}

std::optional<std::string> OptionalString(const boost::json::object& jwk, std::string_view name) {
  const boost::json::value* value = jwk.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    throw std::invalid_argument("member \"" + std::string(name) + "\" is not a string");
  }
  return std::string(value->get_string());
}

// A JWK's `alg`, when present, binds the key to that one algorithm; it must be the algorithm this
// library uses with the key's type.
void CheckDeclaredAlgorithm(const std::optional<std::string>& alg, KeyType type) {
  if (!alg) return;
  const std::string_view expected = type == KeyType::kRsa ? "RS256" : "ES256";
  if (*alg != expected) {
    throw std::invalid_argument("alg \"" + *alg + "\" is not supported for a " +
                                std::string(KeyTypeName(type)) + " key (" + std::string(expected) +
                                " only)");
  }
}

VerificationKey KeyFromJwk(const boost::json::object& jwk) {
  const std::optional<std::string> use = OptionalString(jwk, "use");
  if (use && *use != "sig") throw std::invalid_argument("use \"" + *use + "\" is not \"sig\"");
  const std::optional<std::string> kid = OptionalString(jwk, "kid");
  const std::optional<std::string> alg = OptionalString(jwk, "alg");
  EvpPkey key = PublicKeyFromJwk(jwk);
  const KeyType type = CheckedKeyType(key.get());
  CheckDeclaredAlgorithm(alg, type);
  return VerificationKey{kid ? *kid : JwkThumbprint(key.get()), type, std::move(key)};
}

}  // namespace

KeySet KeySet::FromPemFile(const std::filesystem::path& file) {
  return FromPem(ReadFile(file), file.string());
}

KeySet KeySet::FromPem(std::string_view pem, std::string_view source) {
  KeySet set;
  const std::vector<PemBlock> blocks = PemBlocks(pem, source);
  for (std::size_t index = 0; index < blocks.size(); ++index) {
    const std::string what = "PEM block " + std::to_string(index + 1);
    if (blocks[index].label != "PUBLIC KEY") {
      set.skipped_.push_back(what + ": \"" + blocks[index].label + "\" is not a PUBLIC KEY");
      continue;
    }
    EvpPkey key;
    try {
      key = PublicKeyFromPem(blocks[index].text);
    } catch (const std::invalid_argument& error) {
      // A broken block in a file of trusted keys is a broken file, not a key to skip.
      throw std::invalid_argument(std::string(source) + ": " + what +
                                  " cannot be read: " + error.what());
    }
    try {
      const KeyType type = CheckedKeyType(key.get());
      std::string kid = JwkThumbprint(key.get());
      set.Add(VerificationKey{std::move(kid), type, std::move(key)}, what);
    } catch (const std::invalid_argument& error) {
      set.skipped_.push_back(what + ": " + error.what());
    }
  }
  set.RequireAKey(source);
  return set;
}

KeySet KeySet::FromJwksFile(const std::filesystem::path& file) {
  return FromJwks(ReadFile(file), file.string());
}

KeySet KeySet::FromJwks(std::string_view json, std::string_view source) {
  boost::system::error_code error;
  const boost::json::value document = boost::json::parse(json, error);
  if (error) {
    throw std::invalid_argument(std::string(source) + ": not JSON: " + error.message());
  }
  const boost::json::array* keys = nullptr;
  if (document.is_object()) {
    if (const boost::json::value* member = document.get_object().if_contains("keys")) {
      keys = member->if_array();
    }
  }
  if (keys == nullptr) {
    throw std::invalid_argument(std::string(source) + ": not a JWK Set (no \"keys\" array)");
  }
  KeySet set;
  for (std::size_t index = 0; index < keys->size(); ++index) {
    const std::string what = "keys[" + std::to_string(index) + "]";
    try {
      const boost::json::object* jwk = (*keys)[index].if_object();
      if (jwk == nullptr) throw std::invalid_argument("not a JSON object");
      set.Add(KeyFromJwk(*jwk), what);
    } catch (const std::invalid_argument& skipped) {
      set.skipped_.push_back(what + ": " + skipped.what());
    }
  }
  set.RequireAKey(source);
  return set;
}

const VerificationKey* KeySet::Find(std::optional<std::string_view> kid) const {
  if (!kid) return keys_.size() == 1 ? &keys_.front() : nullptr;
  for (const VerificationKey& key : keys_) {
    if (key.kid == *kid) return &key;
  }
  return nullptr;
}

void KeySet::Add(VerificationKey key, std::string_view what) {
  if (Find(key.kid) != nullptr) {
    skipped_.push_back(std::string(what) + ": kid \"" + key.kid + "\" is already taken");
    return;
  }
  keys_.push_back(std::move(key));
}

void KeySet::RequireAKey(std::string_view source) const {
  if (!keys_.empty()) return;
  std::string reason = std::string(source) + ": no usable public key";
  for (const std::string& skipped : skipped_) reason += "; " + skipped;
  throw std::invalid_argument(reason);
}

}  // namespace sagashop::auth
