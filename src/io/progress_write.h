/* The one path by which a validated progress update is stored: its action found (and, for the
 * API and the website, required to be published), its values checked against the action's
 * indicators, its id kept to one action, its fingerprint compared so unchanged content writes
 * nothing, and store_progress_put(). The importer, the API and the web form all write through
 * here. */
#ifndef LOCALACTION_PROGRESS_WRITE_H
#define LOCALACTION_PROGRESS_WRITE_H

#include <stdbool.h>

#include "domain/progress.h"
#include "domain/validate.h"
#include "store/store.h"

enum progress_write_result {
    PROGRESS_WRITE_INSERTED,
    PROGRESS_WRITE_UPDATED,
    PROGRESS_WRITE_UNCHANGED,
    PROGRESS_WRITE_REJECTED, /* the reasons are in the caller's field_errors */
};

/** Writes @u (filled by progress_validate(), with an external id; u->action_external_id names
 * its action and u->author_id, 0 for none, its author) through @st inside the caller's
 * transaction. Refused as field errors: an action that does not exist (or, with
 * @published_only, is not published), a value for an indicator the action does not have, an
 * id that is an update of another action. Times absent from @u become @now (created_at is
 * kept from the stored update). Sets u->action_id and u->id. Returns a store error, or ERR_OK
 * with *result saying what happened. */
WARN_UNUSED enum err progress_write(struct store *st, struct progress_update *u,
                                    bool published_only, int64_t now, struct field_errors *errs,
                                    enum progress_write_result *result);

#endif
