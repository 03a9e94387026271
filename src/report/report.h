/* Reports made from the registry's data: the forum report (`localaction report --forum`,
 * /forums/{slug}/report) and the government profile (`--government`, /governments/{slug}/profile),
 * each as HTML, PDF or Markdown (docs/reports.md). */
#ifndef LOCALACTION_REPORT_H
#define LOCALACTION_REPORT_H

#include "http/app.h"
#include "report/report_model.h"
#include "util/buf.h"

enum report_format { REPORT_HTML, REPORT_PDF, REPORT_MD };

/** "html", "pdf" or "md" as a format; false for anything else. */
bool report_format_from(const char *s, enum report_format *out);

/** Writes the report of @kind about @slug in @lang as @format into @out (HTML: a whole document
 * with its stylesheet). Errors as report_model(), and ERR_TOO_BIG when @out's limit is hit,
 * each with a message in @why. Needs web_load() (templates and catalogs). */
WARN_UNUSED enum err report_write(struct app *app, enum report_kind kind, const char *slug,
                                  enum lang lang, enum report_format format, struct buf *out,
                                  char *why, size_t why_len);

#endif
