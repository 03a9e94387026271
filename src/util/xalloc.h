/* Allocation that never returns NULL: on failure it prints the size and aborts, so callers
 * handle only real failures (limits, bad input, I/O, the database). */
#ifndef LOCALACTION_XALLOC_H
#define LOCALACTION_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
/** Multiplies with an overflow check: the only place element counts meet sizes. */
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t size);
/** Grows @p to hold @count elements of @size, checking the product for overflow. */
void *xreallocarray(void *p, size_t count, size_t size);
/** A NUL-terminated copy of the first @len bytes of @s; the caller frees it. */
char *xstrndup(const char *s, size_t len);
char *xstrdup(const char *s);

#endif
