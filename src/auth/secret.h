/* Random secrets and their hashes: session cookies, API tokens, reset links and CSRF tokens
 * are 32 random bytes shown as base64url; the store keeps only a hash of each. */
#ifndef LOCALACTION_SECRET_H
#define LOCALACTION_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define SECRET_TEXT_MAX 66 /* base64url of 32 bytes is 43 characters; room for a stored one */
#define SECRET_HASH_LEN 65 /* hex of a 32-byte hash, with the NUL */

/** Initialises libsodium; call once before threads start. */
WARN_UNUSED enum err secret_init(void);

/** A fresh random secret, base64url without padding, into @out. */
void secret_new(char out[SECRET_TEXT_MAX]);

/** The hex BLAKE2b hash of @secret, as the store keeps it. */
void secret_hash(const char *secret, size_t len, char out[SECRET_HASH_LEN]);

/** Whether two secrets are equal, in time that does not depend on where they differ. */
bool secret_equal(const char *a, const char *b);

#endif
