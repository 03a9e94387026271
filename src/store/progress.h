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

/* The updates of one action, owned. */
struct progress_list {
    struct progress_update *items;
    size_t count;
};

/** Loads into @out (initialised by the caller) what the progress of action @external_id (in
 * any state) is computed from: its id, external id, publication state, implementation status,
 * dates, creation time and indicators (its texts, governments and the rest stay empty), and
 * its updates into @updates, oldest first as store_progress_list() gives them, in one read.
 * ERR_NOT_FOUND when there is no such action. Release @updates with progress_list_release(),
 * also after a failure. */
WARN_UNUSED enum err store_progress_of(struct store *st, const char *external_id,
                                       struct action *out, struct progress_list *updates);

/** Appends the public JSON of published action @external_id to @out (store_action_json()) and
 * loads what its progress is computed from into @a and @updates (store_progress_of()), all of
 * one state of the database. ERR_NOT_FOUND when no published action has that id. Release @a
 * and @updates also after a failure. Not inside a read snapshot. */
WARN_UNUSED enum err store_progress_action_json(struct store *st, const char *external_id,
                                                struct buf *out, struct action *a,
                                                struct progress_list *updates);

/** Calls @fn with each update of action @action_id (every action's when 0, by action), oldest
 * first (by date, then in the order they were first stored), with its values and its action's
 * external id. The update is borrowed for the call. */
WARN_UNUSED enum err store_progress_list(struct store *st, int64_t action_id,
                                         void (*fn)(void *ctx, const struct progress_update *u),
                                         void *ctx);

/** Fills @out with the updates of action @action_id, oldest first (store_progress_list()).
 * Release with progress_list_release(), also after a failure. */
WARN_UNUSED enum err store_progress_collect(struct store *st, int64_t action_id,
                                            struct progress_list *out);
void progress_list_release(struct progress_list *l);

/** Starts a read snapshot on a reader connection: the reads until store_progress_read_end()
 * see one state of the database (an action's JSON and its progress agree) and take its read
 * lock once, not once a statement. Not inside a transaction of store_begin(). */
WARN_UNUSED enum err store_progress_read_begin(struct store *st);
/** Ends the snapshot of store_progress_read_begin(); the connection may go back to its pool. */
void store_progress_read_end(struct store *st);

/** Loads the update with external id @external_id into @out (initialised by the caller), or
 * ERR_NOT_FOUND. */
WARN_UNUSED enum err store_progress_load(struct store *st, const char *external_id,
                                         struct progress_update *out);

#endif
