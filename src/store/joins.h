/* What the store keeps about governments asking to join: the request (government, country,
 * kind, focal point) and the reviewer's decision, and a government's endorsement of the
 * Marrakech Mayors Declaration. A request is decided once: only a pending one changes state.
 * Part of the storage interface (store.h). */
#ifndef LOCALACTION_JOINS_H
#define LOCALACTION_JOINS_H

#include <stddef.h>
#include <stdint.h>

#include "store/accounts.h"
#include "store/store.h"
#include "util/limits.h"

#define JOIN_TEXT_MAX         LIMIT_NAME /* characters of a name or title */
#define JOIN_REASON_MAX       1000       /* characters of a decline's reason */
#define JOIN_TEXT_BYTES       (JOIN_TEXT_MAX * 4 + 1)
#define JOIN_REASON_BYTES     (JOIN_REASON_MAX * 4 + 1)
#define JOIN_LIST_MAX         200 /* requests of one state a page lists */
#define MARRAKECH_DECLARATION "marrakech-mayors-declaration"

enum join_state { JOIN_PENDING, JOIN_APPROVED, JOIN_DECLINED, JOIN_STATE_COUNT };

extern const char *const join_state_codes[JOIN_STATE_COUNT];

struct join_request {
    int64_t id;
    char government_name[JOIN_TEXT_BYTES];
    int country; /* index into taxonomy_country() */
    enum gov_kind kind;
    char focal_name[JOIN_TEXT_BYTES];
    char focal_title[JOIN_TEXT_BYTES]; /* "" when not given */
    char focal_email[ACCOUNT_EMAIL_MAX + 1];
    char lang[ACCOUNT_LANG_BYTES]; /* the language of the page it was sent from: "en", "fr" */
    enum join_state state;
    char reason[JOIN_REASON_BYTES]; /* "" unless declined with one */
    int64_t government_id;          /* 0 until approved */
    int64_t decided_by;             /* the reviewer's account; 0 while pending */
    int64_t created_at, decided_at; /* decided_at is 0 while pending */
};

/** Stores @in as a pending request and sets *id. ERR_CONFLICT when a request from the same
 * e-mail (any case) is pending already. The caller has checked the fields and their lengths. */
WARN_UNUSED enum err store_join_create(struct store *st, const struct join_request *in, int64_t now,
                                       int64_t *id);

/** How many requests are in each state. */
WARN_UNUSED enum err store_join_counts(struct store *st, size_t counts[JOIN_STATE_COUNT]);

/** Calls @fn for up to @limit requests in @state: pending ones oldest first (the queue),
 * decided ones most recently decided first. The request is borrowed for the call. */
WARN_UNUSED enum err store_join_list(struct store *st, enum join_state state, size_t limit,
                                     void (*fn)(void *ctx, const struct join_request *r),
                                     void *ctx);

/** Loads request @id into @out, or ERR_NOT_FOUND. */
WARN_UNUSED enum err store_join_load(struct store *st, int64_t id, struct join_request *out);

/** Records the decision @state (approved or declined) on pending request @id, by account
 * @decided_by, with @reason (may be NULL) and, for an approval, the government it joined.
 * ERR_CONFLICT when the request was decided already, ERR_NOT_FOUND when there is none. Part
 * of the caller's transaction. */
WARN_UNUSED enum err store_join_decide(struct store *st, int64_t id, enum join_state state,
                                       const char *reason, int64_t decided_by,
                                       int64_t government_id, int64_t now);

/** Sets government @government_id's endorsement of the Marrakech Mayors Declaration (its
 * date "YYYY-MM-DD", signatory name and title; @title may be NULL), replacing an earlier one.
 * Goes through store_government_load() and store_government_put(), so it belongs in a
 * transaction of the caller's; ERR_NOT_FOUND when there is no such government. */
WARN_UNUSED enum err store_endorsement_set(struct store *st, int64_t government_id,
                                           const char *date, const char *name, const char *title);

#endif
