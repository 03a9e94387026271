/* What the workflow's API files share: who is asking (with the CSRF check for sessions), the
 * JSON body, and answers for the workflow's outcomes with the field errors. */
#ifndef LOCALACTION_API_WORKFLOW_H
#define LOCALACTION_API_WORKFLOW_H

#include <jansson.h>

#include "auth/session.h"
#include "http/server.h"
#include "workflow/workflow.h"

/** The writer connection and the viewer @v of @req; for a request that @changes something, a
 * browser session must send its form token in X-CSRF-Token (API tokens need none). NULL with
 * the answer set (400 for a ?lang= we do not speak, 403 for nobody, 503 when the database
 * fails); release with app_store_writer_release(). */
struct store *api_workflow_viewer(struct request *req, struct response *res, struct viewer *v,
                                  bool changes);

/** The body as a JSON object (a new reference), or NULL with a 400 set. */
json_t *api_workflow_body(struct request *req, struct response *res);

/** Answers a refused @outcome of @req: 403, 404, 409, or 400 with
 * {"error": {"status", "message", "fields": [{"field", "message"}]}}, the messages of the
 * fields in the language the request asks for (?lang=en|fr|es, else Accept-Language, else
 * English), said in Content-Language. */
void api_workflow_refuse(struct request *req, struct response *res, enum wf_outcome outcome,
                         const struct field_errors *errs);

/** Appends @t as "YYYY-MM-DDTHH:MM:SSZ" in quotes. */
void api_workflow_time(struct buf *b, int64_t t);

#endif
