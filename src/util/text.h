/* UTF-8 text checks and the folding used to match names ("Sao Paulo" and "São Paulo"). */
#ifndef LOCALACTION_TEXT_H
#define LOCALACTION_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/** True when @s is well-formed UTF-8 (no overlongs, surrogates or NUL bytes). */
bool text_is_utf8(const char *s, size_t len);

/** Number of code points in valid UTF-8 @s. */
size_t text_utf8_length(const char *s, size_t len);

/** Appends to @out a matching key for @s: letters lower-cased, accents on Latin letters
 * removed, runs of spaces, hyphens, apostrophes and dots folded to one space, ends trimmed. */
void text_fold_key(struct buf *out, const char *s, size_t len);

/** Trims ASCII white space at both ends: adjusts *s and *len. */
void text_trim(const char **s, size_t *len);

/** Appends a URL-friendly slug of @s: folded as text_fold_key() with spaces as '-', and only
 * a-z 0-9 '-' kept. */
void text_slug(struct buf *out, const char *s, size_t len);

/** ASCII case-insensitive equality of @a (length @alen) and NUL-terminated @b. */
bool text_ieq(const char *a, size_t alen, const char *b);

#endif
