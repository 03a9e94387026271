/* The document a report is rendered from: one JSON value assembled from the JSON API's own
 * answers (asked in-process through the router, so the report and the API cannot disagree),
 * with every label already in the report's language. The HTML, Markdown and PDF renderers only
 * lay it out. Its shape is described in docs/reports.md. */
#ifndef LOCALACTION_REPORT_MODEL_H
#define LOCALACTION_REPORT_MODEL_H

#include <jansson.h>

#include "http/app.h"
#include "web/i18n.h"

enum report_kind {
    REPORT_FORUM,      /* a review forum: its delegation, programme and actions */
    REPORT_GOVERNMENT, /* a government's profile, input to a Voluntary Local Review */
};

/** Today as YYYY-MM-DD: the day progress is computed for (progress_today(), which tests fix
 * with LOCALACTION_TODAY), so a report made from the same data differs from day to day. */
void report_today(char out[11]);

/** Builds the document of the report of @kind about @slug in @lang from the API of @app. *out
 * is a new value for the caller. ERR_NOT_FOUND when there is no such forum or government,
 * ERR_TOO_BIG when it has more than LIMIT_REPORT_ACTIONS actions, other errors when the API
 * fails; each with a message in @why. */
WARN_UNUSED enum err report_model(struct app *app, enum report_kind kind, const char *slug,
                                  enum lang lang, json_t **out, char *why, size_t why_len);

#endif
