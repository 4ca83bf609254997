#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <memory>
#include <string>
#include <string_view>

namespace sagashop::auth {

// Owning handles for the OpenSSL objects this library uses, so that no error path leaks one.
template <typename T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* object) const { Free(object); }
};

using EvpPkey = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using EvpPkeyCtx = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using EvpMdCtx = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using Bignum = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, OpenSslDeleter<ECDSA_SIG, ECDSA_SIG_free>>;
using ParamBuilder =
    std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM, OSSL_PARAM_free>>;

// BIO_free returns int, so it needs a wrapper to fit the deleter.
inline void FreeBio(BIO* bio) {
  BIO_free(bio);
}
using Bio = std::unique_ptr<BIO, OpenSslDeleter<BIO, FreeBio>>;

// A memory BIO reading `bytes` (not copied: `bytes` must outlive it).
Bio ReadOnlyBio(std::string_view bytes);

// A memory BIO to write into, and what was written to it.
Bio WritableBio();
std::string BioContents(BIO* bio);

// The oldest error on this thread's OpenSSL error queue as text (or `fallback` when there is
// none), and the queue emptied so that the next call starts clean.
std::string TakeOpenSslError(std::string_view fallback);

}  // namespace sagashop::auth
