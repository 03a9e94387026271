/* The governments an import knows, by folded name and country, shared by the importer's two
 * threads: the writer adds each government it finds or creates in the store, and the reader
 * resolves an action's governments from it, so that it can build the action's JSON while the
 * writer stores others. A government the cache does not know yet is left to the writer, which
 * asks the store, so the cache only ever holds what the store would answer. */
#ifndef LOCALACTION_GOV_CACHE_H
#define LOCALACTION_GOV_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/model.h"
#include "store/store.h"

struct gov_cache;

/** An empty cache; gov_cache_free() frees it. */
struct gov_cache *gov_cache_new(void);
void gov_cache_free(struct gov_cache *c);

/** Adds every government of @st; for the writer, before the reader starts. */
WARN_UNUSED enum err gov_cache_load(struct gov_cache *c, struct store *st);

/** Remembers the stored government @id named @name (as stored) in @country, with @slug. */
void gov_cache_put(struct gov_cache *c, const char *name, int country, int64_t id,
                   const char *slug);

/** Resolves all of @a's governments as the store would (its id, stored name and slug), or,
 * when the cache lacks one of them, changes nothing and returns false. Thread-safe. */
bool gov_cache_resolve(struct gov_cache *c, struct action *a);

#endif
