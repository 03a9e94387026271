/* The one path by which a validated forum becomes a stored one, for the importer and the API:
 * its governments resolved by name and country (unknown ones created as actions' are, or
 * refused when strict), its participants tied to those governments, and store_forum_put(). */
#ifndef LOCALACTION_FORUM_WRITE_H
#define LOCALACTION_FORUM_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/validate.h"
#include "store/store.h"

enum forum_write_result {
    FORUM_WRITE_INSERTED,
    FORUM_WRITE_UPDATED,
    FORUM_WRITE_UNCHANGED,
    FORUM_WRITE_REJECTED, /* the reasons are in the caller's field_errors */
};

/** Writes @f (filled by validate_forum()) through @st inside the caller's transaction. With
 * @strict, an unregistered government is a field error instead of being created;
 * *governments_created counts the ones created. Returns a store error, or ERR_OK with *result
 * saying what happened. */
WARN_UNUSED enum err forum_write(struct store *st, struct forum *f, bool strict, int64_t now,
                                 struct field_errors *errs, enum forum_write_result *result,
                                 size_t *governments_created);

#endif
