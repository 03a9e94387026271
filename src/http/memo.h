/* A bounded cache of results computed from one index: entries are keyed by the index's
 * generation and a text key, evicted least recently used, and never outlive their budget.
 * Values are reference counted by their own type; the memo holds one reference per entry and
 * gives callers another. Thread-safe. */
#ifndef LOCALACTION_MEMO_H
#define LOCALACTION_MEMO_H

#include <stddef.h>
#include <stdint.h>

struct memo_type {
    void (*ref)(void *value);
    void (*unref)(void *value);
};

struct memo;

/** A memo of at most @entries values and @max_bytes (as memo_put() is told); 0 entries makes
 * a memo that keeps nothing. */
struct memo *memo_new(size_t entries, size_t max_bytes, const struct memo_type *type);
void memo_free(struct memo *m);

/** The value stored for (@generation, @key), with a reference for the caller, or NULL. */
void *memo_get(struct memo *m, uint64_t generation, const char *key);

/** Stores @value (taking a reference of its own) unless it is larger than a quarter of the
 * budget; evicts the least recently used entries to make room. */
void memo_put(struct memo *m, uint64_t generation, const char *key, void *value, size_t bytes);

/** Drops every entry of a generation other than @keep. */
void memo_retire(struct memo *m, uint64_t keep);

#endif
