/* The submission and review workflow: who may move a submission from which state to which,
 * proposing a new or edited action (validated by the importer's rules), and publishing it
 * through the importer's write path. Every operation that changes something runs in one
 * transaction of the writer connection, checks the viewer's role for the submission's
 * government first, and writes the change to the audit log. */
#ifndef LOCALACTION_WORKFLOW_H
#define LOCALACTION_WORKFLOW_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/session.h"
#include "domain/validate.h"
#include "store/workflow.h"

enum wf_outcome {
    WF_DONE,
    WF_FORBIDDEN,   /* the viewer's roles do not allow it (403) */
    WF_NOT_FOUND,   /* no such submission, or not one the viewer may see (404) */
    WF_WRONG_STATE, /* allowed to this viewer, but not from the current state (409) */
    WF_INVALID,     /* the record or the request breaks a rule: see the field errors (400) */
};

/** Whether @v may submit for government @government_id (a focal point or network
 * coordinator of it). */
bool workflow_may_submit(const struct viewer *v, int64_t government_id);
/** Whether @v may submit for every government (an administrator), so a form offers them all. */
bool workflow_may_submit_any(const struct viewer *v);
/** Whether @v may read submission @s (its government's submitters and the reviewers). */
bool workflow_may_see(const struct viewer *v, const struct submission *s);
/** Whether @v may move @s to @to now. */
bool workflow_may_move(const struct viewer *v, const struct submission *s, enum sub_state to);

/** Proposes @record (an action in the import format; the caller keeps its reference) as a new
 * submission, or with @external_id as the next version of that action (an update of its open
 * draft, or a new submission after its publication). @submit sends it to review at once. The
 * fields the server decides (publication_state, created_at, updated_at, type) are dropped; a
 * new action without external_id gets one. Sets *id to the submission changed or made. */
WARN_UNUSED enum err workflow_propose(struct store *writer, const struct viewer *v,
                                      const char *external_id, json_t *record, bool submit,
                                      struct field_errors *errs, enum wf_outcome *outcome,
                                      int64_t *id);

/** Moves submission @id to @to for @v with @note (may be NULL; a decline needs one).
 * Publishing validates the record again and writes it as the public action, a new version;
 * withdrawing a published submission hides its action. */
WARN_UNUSED enum err workflow_move(struct store *writer, const struct viewer *v, int64_t id,
                                   enum sub_state to, const char *note, struct field_errors *errs,
                                   enum wf_outcome *outcome);

/** Adds @body (1 to COMMENT_MAX_BYTES bytes) to the thread of submission @id. */
WARN_UNUSED enum err workflow_comment(struct store *writer, const struct viewer *v, int64_t id,
                                      const char *body, enum wf_outcome *outcome);

#endif
