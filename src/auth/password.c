/* argon2id with OWASP's recommended floor (19 MiB, two passes): about 30 ms a hash here, slow
 * for a guesser, affordable for a login; memory stays within the server's budget. */
#include "auth/password.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

#define PWHASH_OPS 2
#define PWHASH_MEM (19u << 20)

bool
password_acceptable(const char *password, char *why, size_t why_len)
{
    size_t len = strlen(password);
    if (len > PASSWORD_MAX_BYTES) {
        snprintf(why, why_len, "longer than %d bytes", PASSWORD_MAX_BYTES);
        return false;
    }
    if (!text_is_utf8(password, len)) {
        snprintf(why, why_len, "not valid UTF-8 text");
        return false;
    }
    if (text_utf8_length(password, len) < PASSWORD_MIN_CHARS) {
        snprintf(why, why_len, "shorter than %d characters", PASSWORD_MIN_CHARS);
        return false;
    }
    return true;
}

enum err
password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    if (crypto_pwhash_str(out, password, strlen(password), PWHASH_OPS, PWHASH_MEM) != 0)
        return ERR_IO;
    return ERR_OK;
}

bool
password_verify(const char *password, const char *hash)
{
    if (hash == NULL || strncmp(hash, "$argon2id$", 10) != 0)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
