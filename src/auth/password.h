/* Passwords: argon2id through libsodium. The hash string carries its own parameters, so they
 * can be raised later and old hashes still verify. */
#ifndef LOCALACTION_PASSWORD_H
#define LOCALACTION_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define PASSWORD_HASH_MAX  128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 1024

/** Whether @password is acceptable as a new password; when not, @why says why (for the form). */
bool password_acceptable(const char *password, char *why, size_t why_len);

/** The argon2id hash string of @password. ERR_IO when memory for hashing is lacking. */
WARN_UNUSED enum err password_hash(const char *password, char out[PASSWORD_HASH_MAX]);

/** Whether @password matches @hash (false for an empty or malformed hash). */
bool password_verify(const char *password, const char *hash);

#endif
