/* Reporting progress on a published action, for the API and the website alike: who may (the
 * focal points and network coordinators of its lead or co-pledging governments, reviewers, and
 * administrators, who hold every role), and the write itself, checked in that order in one
 * transaction of the writer connection: the action, the viewer's right, the record, the id. */
#ifndef LOCALACTION_PROGRESS_REPORT_H
#define LOCALACTION_PROGRESS_REPORT_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/session.h"
#include "domain/model.h"
#include "io/progress_write.h"
#include "workflow/workflow.h"

/** Whether @v may add or change progress updates of @a (its governments resolved: ids set). */
bool progress_may_report(const struct viewer *v, const struct action *a);

/** Writes @record (an update in the import format; "action" and "id" may be absent, and are
 * then those of the call; changed by the call) for @v on published action @action_id: a new
 * update when @update_id is NULL (its id made when the record has none; an id that exists is
 * WF_WRONG_STATE), else update @update_id created or replaced (an id of another action's
 * update is WF_WRONG_STATE). *outcome: WF_NOT_FOUND (no such published action), WF_FORBIDDEN,
 * WF_INVALID (reasons in @errs), WF_WRONG_STATE, or WF_DONE with *result and the update's id
 * in @id_out. Returns a store error, and then nothing was written. */
WARN_UNUSED enum err progress_report(struct store *writer, const struct viewer *v,
                                     const char *action_id, const char *update_id, json_t *record,
                                     struct field_errors *errs, enum wf_outcome *outcome,
                                     enum progress_write_result *result,
                                     char id_out[LIMIT_EXTERNAL_ID + 1]);

#endif
