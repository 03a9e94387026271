/* The JSON API handlers (docs/api.md). Each reads only declared parameters and answers only
 * published data. */
#ifndef LOCALACTION_API_H
#define LOCALACTION_API_H

#include "http/server.h"
#include "index/index.h"
#include "store/store.h"

void api_index(struct request *req, struct response *res);
void api_taxonomy_get(struct request *req, struct response *res);
void api_actions_list(struct request *req, struct response *res);
/** Answers the parsed list query @q (full-text @text or NULL) on @ix as the API's JSON into
 * @out: {"total", "limit", "sort", "items", "next_cursor", "facets"}. On failure sets an error
 * in @res and returns false. The website draws its lists from this same answer. */
bool api_actions_answer(struct request *req, struct response *res, struct index *ix,
                        struct index_query *q, const char *text, struct buf *out);
void api_actions_get(struct request *req, struct response *res);
void api_governments_list(struct request *req, struct response *res);
void api_governments_get(struct request *req, struct response *res);
void api_stats_get(struct request *req, struct response *res);
/* Review forums (api_forums.c): the list, one forum with its figures, and PUT by reviewers */
void api_forums_list(struct request *req, struct response *res);
void api_forums_get(struct request *req, struct response *res);
void api_forums_put(struct request *req, struct response *res);
void api_export_actions(struct request *req, struct response *res);
void api_me(struct request *req, struct response *res);

/* The submission workflow (api_submissions.c, api_versions.c): a signed-in viewer (an API
 * token, or a session with its form token in X-CSRF-Token for changes) */
void api_actions_create(struct request *req, struct response *res);
void api_actions_update(struct request *req, struct response *res);
void api_submissions_list(struct request *req, struct response *res);
void api_submissions_get(struct request *req, struct response *res);
void api_submissions_move(struct request *req, struct response *res);
void api_submissions_comment(struct request *req, struct response *res);
void api_versions_list(struct request *req, struct response *res);
void api_versions_get(struct request *req, struct response *res);

/* Progress (api_progress.c): reading is public for published actions; writing needs the
 * action's focal points or network coordinators, a reviewer or an administrator */
void api_progress_get(struct request *req, struct response *res);
void api_progress_create(struct request *req, struct response *res);
void api_progress_put(struct request *req, struct response *res);
/** Appends to @out the JSON of published action @external_id as the store keeps it, with
 * "grf_status" and the "progress" computed for today, read in one snapshot. ERR_NOT_FOUND when
 * it is not published. */
WARN_UNUSED enum err api_progress_action_json(struct store *st, const char *external_id,
                                              struct buf *out);
/** Reopens the object that ends @out (a list card of published action @external_id, say) to add
 * its "grf_status" and "progress", read in the caller's snapshot (store_progress_read_begin());
 * false, with @out as it was, when the action cannot be read. */
bool api_progress_append(struct store *st, const char *external_id, struct buf *out);

#endif
