#ifndef TKGQA_COPENSSL_SHIM_H
#define TKGQA_COPENSSL_SHIM_H
// Only the stand-in API server for tests (TestAPIServer) uses this: tkgqa itself talks to clusters
// through kubectl and links no TLS library.
#include <openssl/ssl.h>
#include <openssl/err.h>
#endif
