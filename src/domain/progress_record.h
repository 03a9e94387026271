/* Progress updates as records: read from JSON (an import line, a CSV row as an object of
 * strings, an API body, a web form) with the same checks as actions, and written as the JSON
 * and CSV that import reads back and as the API's JSON, with the computed progress block.
 * Field order is fixed, so the same update always gives the same bytes. */
#ifndef LOCALACTION_PROGRESS_RECORD_H
#define LOCALACTION_PROGRESS_RECORD_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/progress.h"
#include "domain/validate.h"
#include "util/buf.h"

enum progress_style {
    PROGRESS_EXPORT, /* the import format: "type", "action", times */
    PROGRESS_API,    /* as GET /api/v1/actions/{id}/progress lists it */
};

/** Fills @out (initialised by the caller) from @obj; keys are matched ignoring case, spaces
 * and hyphens, and spreadsheet aliases are understood (docs/data-format.md, "Progress
 * updates"). The action it reports on goes to out->action_external_id ("" when absent). When
 * @id_required, an update without "id" is refused; otherwise out->external_id stays "" for the
 * caller to name. A date after @today (days since 1970-01-01) plus one day is refused, as are
 * values naming an indicator twice; whether the action has the indicators named is the
 * writer's to check. Returns ERR_OK, or ERR_INVALID with the reasons in @errs; @out owns what
 * it holds either way (progress_update_release()). */
WARN_UNUSED enum err progress_validate(json_t *obj, bool id_required, int64_t today,
                                       struct progress_update *out, struct field_errors *errs);

/** Appends @u as one JSON object in @style. */
void progress_update_json(struct buf *out, const struct progress_update *u,
                          enum progress_style style);

/** CSV: the header line and one line per update, each ending in "\r\n" (RFC 4180). */
void progress_csv_header(struct buf *out);
void progress_update_csv(struct buf *out, const struct progress_update *u);

/** A fingerprint of @u's content (its action, date, status, narrative, evidence and values;
 * not its times or author) as 32 hex digits: importing the same update again changes nothing. */
void progress_fingerprint(const struct progress_update *u, char out[65]);

/** Appends the computed block of action @a: {"percent", "status", "last_update", "stale",
 * "indicators": [{"position", "name", "unit", "baseline", "target", "deadline", "latest":
 * {"date", "value"}, "percent", "status"}]}, absent values as null. */
void progress_json(struct buf *out, const struct action *a, const struct progress *p);

#endif
