/* The one builder for text of unknown length: responses, JSON, CSV, SQL identifiers (never SQL
 * values). */
#ifndef LOCALACTION_BUF_H
#define LOCALACTION_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/** Growable byte buffer, always NUL-terminated. Fields are read-only outside buf.c.
 * The first failure (the limit was hit) sticks in err; later appends are no-ops, so
 * rendering code runs straight through and checks buf_status() once. */
struct buf {
    char *data;   /* never NULL after buf_init(); "" while empty */
    size_t len;   /* bytes used, not counting the NUL */
    size_t cap;   /* bytes allocated */
    size_t limit; /* ceiling for len, fixed at buf_init() */
    enum err err; /* first failure */
};

void buf_init(struct buf *b, size_t limit);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) ATTR_PRINTF(2, 3);
/** Appends @v in decimal (faster than buf_addf for the counts that fill API answers). */
void buf_add_u64(struct buf *b, uint64_t v);
/** Appends @s escaped for HTML text and attribute values (& < > " '). */
void buf_add_html(struct buf *b, const char *s, size_t n);
/** Appends @s as a quoted JSON string; @s must be valid UTF-8. */
void buf_add_json_str(struct buf *b, const char *s, size_t n);
/** Appends a JSON string, or `null` when @s is NULL. */
void buf_add_json_strz(struct buf *b, const char *s);
/** Appends "name": for a JSON object's next member, after a ',' unless *first (then cleared). */
void buf_add_json_key(struct buf *b, const char *name, bool *first);
/** Appends @v as the shortest JSON number that reads back as the same double (-0 as 0). */
void buf_add_number(struct buf *b, double v);
/** Appends @s as one CSV field, quoted when it holds a separator, quote or line break. */
void buf_add_csv_field(struct buf *b, const char *s, size_t n);
/** Forgets the contents but keeps the allocation and the limit; clears the error. */
void buf_reset(struct buf *b);
/** Drops bytes past @len (which must not exceed the current length). */
void buf_truncate(struct buf *b, size_t len);
WARN_UNUSED enum err buf_status(const struct buf *b);
/** Gives the contents to the caller, who frees them with free(); leaves @b empty. */
char *buf_take(struct buf *b, size_t *len);
void buf_release(struct buf *b);

#endif
