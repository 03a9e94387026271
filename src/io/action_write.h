/* The one path by which a validated action becomes a stored, published-data action: its
 * governments resolved (unknown ones created, or refused when strict), its fingerprint taken
 * so unchanged content writes nothing, its API JSON built, and store_action_put(). The importer
 * and the review workflow both write through here, so the two cannot drift apart. */
#ifndef LOCALACTION_ACTION_WRITE_H
#define LOCALACTION_ACTION_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/validate.h"
#include "store/search_words.h"
#include "store/store.h"
#include "util/buf.h"

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

/* What action_write() makes from an action without the store: its API JSON, fingerprint and
 * search words. The importer's reader thread makes them for an action whose governments it
 * could resolve, so the writer thread only stores. */
struct action_prepared {
    bool fingerprinted;    /* rest, hash and the given times are made */
    bool complete;         /* and card and words: all a write needs */
    struct buf rest;       /* record_action_api_rest(), without the times */
    struct buf card;       /* the list card, with its updated_at */
    char hash[65];         /* record_action_fingerprint() */
    int64_t given_created; /* the times the record gave, 0 for none */
    int64_t given_updated;
    struct search_text words; /* search_text_action() */
};

void action_prepared_init(struct action_prepared *p);
/** Empties @p for another action, keeping its memory. */
void action_prepared_reset(struct action_prepared *p);
void action_prepared_release(struct action_prepared *p);

/** Fills @p completely for @a, whose governments carry their stored ids, names and slugs; @w
 * is scratch. Needs no store, so it may run in any thread. */
void action_prepare(struct action_prepared *p, struct action *a, int64_t now,
                    struct search_words *w);

/** The rest of action_write() for an action prepared by action_prepare() with the same @now:
 * checks its forums exist, compares fingerprints, completes @p if need be (@w is scratch, or
 * NULL) and stores. Appends
 * the times to p->rest. */
WARN_UNUSED enum err action_write_prepared(struct store *st, struct action *a,
                                           struct action_prepared *p, int64_t now,
                                           struct search_words *w, struct field_errors *errs,
                                           enum action_write_result *result);

#endif
