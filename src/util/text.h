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

/** Appends at most @max_chars code points of @s to @out, for quoting input in a message:
 * malformed UTF-8 bytes become '?' and control characters spaces, so what is appended is
 * always valid, printable UTF-8. */
void text_add_excerpt(struct buf *out, const char *s, size_t len, size_t max_chars);

/** Appends @text to @out with each {name} replaced by its value in @vars, a NULL-terminated
 * list of name, value pairs ("link", url, "title", t, NULL); values are not expanded again.
 * A '{' that does not open a placeholder ({ followed by a-z, 0-9 or '_' and '}') is copied.
 * ERR_INVALID when a placeholder has no value; buf_status() otherwise. */
WARN_UNUSED enum err text_fill(struct buf *out, const char *text, const char *const *vars);

#endif
