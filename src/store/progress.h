/* What the store keeps of progress updates: one row per update (external_id unique, the action
 * it reports on, its date, status, narrative, evidence, author, a fingerprint of its content)
 * and one row per indicator value. Part of the storage interface (store.h); the rules (which
 * action, which indicators, unchanged content) are io/progress_write.c's. */
#ifndef LOCALACTION_STORE_PROGRESS_H
#define LOCALACTION_STORE_PROGRESS_H

#include <stdint.h>

#include "domain/progress.h"
#include "store/store.h"

/** The stored update with external id @external_id: its row id, action and content
 * fingerprint (any pointer may be NULL), or ERR_NOT_FOUND. */
WARN_UNUSED enum err store_progress_find(struct store *st, const char *external_id, int64_t *id,
                                         int64_t *action_id, char hash[65], int64_t *created_at);

/** Inserts @u (u->id 0) or replaces the content and times of update u->id, its values
 * included, with fingerprint @hash; sets u->id. u->action_id, date, status and times must be
 * set; the author is written on insert only. Part of the caller's transaction. */
WARN_UNUSED enum err store_progress_put(struct store *st, struct progress_update *u,
                                        const char *hash);

/** Calls @fn with each update of action @action_id (every action's when 0, by action), oldest
 * first (by date, then in the order they were first stored), with its values and its action's
 * external id. The update is borrowed for the call. */
WARN_UNUSED enum err store_progress_list(struct store *st, int64_t action_id,
                                         void (*fn)(void *ctx, const struct progress_update *u),
                                         void *ctx);

/* The updates of one action, owned. */
struct progress_list {
    struct progress_update *items;
    size_t count;
};

/** Fills @out with the updates of action @action_id, oldest first (store_progress_list()).
 * Release with progress_list_release(), also after a failure. */
WARN_UNUSED enum err store_progress_collect(struct store *st, int64_t action_id,
                                            struct progress_list *out);
void progress_list_release(struct progress_list *l);

/** Loads the update with external id @external_id into @out (initialised by the caller), or
 * ERR_NOT_FOUND. */
WARN_UNUSED enum err store_progress_load(struct store *st, const char *external_id,
                                         struct progress_update *out);

#endif
