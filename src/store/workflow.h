/* What the store keeps about the submission and review workflow: submissions (a proposed
 * version of an action, as the import format's JSON), their comment threads, the append-only
 * audit log of every change of state, and every published version of an action. A change of
 * state names the state it expects, so two reviewers acting at once cannot both succeed.
 * Part of the storage interface (store.h). */
#ifndef LOCALACTION_WORKFLOW_STORE_H
#define LOCALACTION_WORKFLOW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum sub_state {
    SUB_DRAFT,
    SUB_SUBMITTED,
    SUB_IN_REVIEW,
    SUB_CHANGES_REQUESTED,
    SUB_PUBLISHED,
    SUB_DECLINED,
    SUB_WITHDRAWN,
    SUB_STATE_COUNT
};

/* "draft", "submitted", "in_review", "changes_requested", "published", "declined",
 * "withdrawn": as the API and the database write them */
extern const char *const sub_state_codes[SUB_STATE_COUNT];

/** The state named @s, or -1. */
int sub_state_find(const char *s);

#define SUBMISSION_LIST_MAX 500 /* submissions one list call reads */
#define COMMENT_MAX_BYTES   4000
#define NOTE_MAX_BYTES      2000

struct submission {
    int64_t id;
    char external_id[128];
    int64_t government_id, author_id;
    enum sub_state state;
    char *record; /* the import format's JSON; owned, freed by submission_release() */
    char *title;  /* owned */
    int64_t created_at, updated_at;
};

void submission_release(struct submission *s);

/* A submission as a list shows it; strings borrowed for the callback. */
struct submission_row {
    int64_t id;
    const char *external_id, *title, *government_name, *government_slug, *country;
    int64_t government_id, author_id;
    enum sub_state state;
    int64_t updated_at;
};

/* Which submissions a list holds: 0, -1 or NULL for "any". */
struct submission_filter {
    int64_t government_id;
    int state;           /* enum sub_state, or -1 */
    const char *country; /* alpha-2, or NULL */
};

/* One comment or one audit entry; strings borrowed for the callback. */
struct comment_row {
    int64_t id;
    const char *author_name, *author_email, *body;
    int64_t created_at;
};

struct audit_row {
    int64_t id;
    const char *actor_name, *actor_email; /* "" for the system */
    int64_t at;
    const char *from_state; /* "" for the first entry */
    const char *to_state, *note;
};

struct version_row {
    int version;
    int64_t submission_id, published_at;
    const char *record; /* borrowed */
};

/** Creates a submission; sets *id. */
WARN_UNUSED enum err store_submission_create(struct store *st, const struct submission *in,
                                             int64_t now, int64_t *id);
/** Replaces the record and title of submission @id, only while it is in @expected; otherwise
 * ERR_CONFLICT (ERR_NOT_FOUND when there is no such submission). */
WARN_UNUSED enum err store_submission_update(struct store *st, int64_t id, enum sub_state expected,
                                             const char *record, const char *title, int64_t now);
/** Loads submission @id into @out (release it with submission_release()), or ERR_NOT_FOUND. */
WARN_UNUSED enum err store_submission_load(struct store *st, int64_t id, struct submission *out);
/** The most recent submission with @external_id, or ERR_NOT_FOUND. */
WARN_UNUSED enum err store_submission_latest(struct store *st, const char *external_id,
                                             struct submission *out);
/** Calls @fn for up to SUBMISSION_LIST_MAX submissions matching @f, most recently changed first. */
WARN_UNUSED enum err store_submission_list(struct store *st, const struct submission_filter *f,
                                           void (*fn)(void *ctx, const struct submission_row *row),
                                           void *ctx);
/** How many submissions match @f in each state (f->state is ignored). */
WARN_UNUSED enum err store_submission_counts(struct store *st, const struct submission_filter *f,
                                             size_t counts[SUB_STATE_COUNT]);
/** Moves submission @id from @from to @to; ERR_CONFLICT when it is no longer in @from,
 * ERR_NOT_FOUND when there is no such submission. */
WARN_UNUSED enum err store_submission_set_state(struct store *st, int64_t id, enum sub_state from,
                                                enum sub_state to, int64_t now);

/** Adds a comment by @author_id to submission @submission_id. */
WARN_UNUSED enum err store_comment_add(struct store *st, int64_t submission_id, int64_t author_id,
                                       const char *body, int64_t now);
/** Calls @fn for each comment of @submission_id, oldest first. */
WARN_UNUSED enum err store_comment_list(struct store *st, int64_t submission_id,
                                        void (*fn)(void *ctx, const struct comment_row *row),
                                        void *ctx);

/** Appends to the audit log: @actor_id (0: the system) moved @submission_id from @from (NULL
 * for a new submission) to @to, with @note (may be NULL). */
WARN_UNUSED enum err store_audit_add(struct store *st, int64_t submission_id, int64_t actor_id,
                                     int64_t at, const char *from, const char *to,
                                     const char *note);
/** Calls @fn for each audit entry of @submission_id, in the order they were written. */
WARN_UNUSED enum err store_audit_list(struct store *st, int64_t submission_id,
                                      void (*fn)(void *ctx, const struct audit_row *row),
                                      void *ctx);

/** Keeps @record as the next published version of @external_id (1 for the first); sets
 * *version. */
WARN_UNUSED enum err store_version_add(struct store *st, const char *external_id,
                                       const char *record, int64_t submission_id, int64_t now,
                                       int *version);
/** Calls @fn for every published version of @external_id, oldest first; with @version > 0, for
 * that one only. */
WARN_UNUSED enum err store_version_list(struct store *st, const char *external_id, int version,
                                        void (*fn)(void *ctx, const struct version_row *row),
                                        void *ctx);

#endif
