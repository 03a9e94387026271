/* The one path by which a validated action becomes a stored, published-data action: its
 * governments resolved (unknown ones created, or refused when strict), its fingerprint taken
 * so unchanged content writes nothing, its API JSON built, and store_action_put(). The importer
 * and the review workflow both write through here, so the two cannot drift apart. */
#ifndef LOCALACTION_ACTION_WRITE_H
#define LOCALACTION_ACTION_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/validate.h"
#include "store/store.h"

enum action_write_result {
    ACTION_WRITE_INSERTED,
    ACTION_WRITE_UPDATED,
    ACTION_WRITE_UNCHANGED,
    ACTION_WRITE_REJECTED, /* the reasons are in the caller's field_errors */
};

/** Writes @a (filled by validate_action()) through @st inside the caller's transaction. With
 * @strict, a government that is not registered is a field error instead of being created;
 * *governments_created counts the ones created. Times absent from @a become @now (created_at
 * is kept from the stored action when it exists). Returns a store error, or ERR_OK with
 * *result saying what happened. */
WARN_UNUSED enum err action_write(struct store *st, struct action *a, bool strict, int64_t now,
                                  struct field_errors *errs, enum action_write_result *result,
                                  size_t *governments_created);

#endif
