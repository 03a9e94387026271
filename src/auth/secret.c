/* libsodium does the cryptography: randombytes for secrets, BLAKE2b to hash them, and a
 * constant-time comparison. */
#include "auth/secret.h"

#include <sodium.h>
#include <string.h>

enum err
secret_init(void)
{
    return sodium_init() < 0 ? ERR_IO : ERR_OK;
}

void
secret_new(char out[SECRET_TEXT_MAX])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, SECRET_TEXT_MAX, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void
secret_hash(const char *secret, size_t len, char out[SECRET_HASH_LEN])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)secret, len, NULL, 0);
    sodium_bin2hex(out, SECRET_HASH_LEN, h, sizeof(h));
}

bool
secret_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb || la == 0)
        return false;
    return sodium_memcmp(a, b, la) == 0;
}
