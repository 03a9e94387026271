/* The report renderers: a report document (report_model()) as a PDF, as Markdown, or as HTML
 * (a page of the site, or a whole document with its stylesheet). Each only lays the document
 * out; the words around the data come from the interface catalogs in the document's language. */
#ifndef LOCALACTION_REPORT_RENDER_H
#define LOCALACTION_REPORT_RENDER_H

#include <jansson.h>

#include "util/buf.h"
#include "web/i18n.h"

/** Typesets @doc as an A4 PDF appended to @out. ERR_TOO_BIG past @out's limit; other errors
 * with a reason in @why. */
WARN_UNUSED enum err report_pdf(const json_t *doc, struct buf *out, char *why, size_t why_len);

/** Appends @doc as Markdown (CommonMark with pipe tables) to @out; text from the data is
 * escaped so that it reads as written. Errors stick in @out. */
void report_markdown(const json_t *doc, struct buf *out);

/** Adds to @doc what its HTML shows beyond the data: SVG charts with their table rows
 * ("charts"), for each action row the text of its progress, and "links" (@links: whether names
 * link to the site's pages, which a standalone file cannot reach). */
void report_html_prepare(json_t *doc, bool links);

/** Appends @doc as a whole HTML document with the site's stylesheet inlined (for a file: no
 * server needed to read it). Call report_html_prepare() first. Needs web_load(). */
void report_html_document(json_t *doc, struct buf *out);

/** The text member @key of @obj, "" when it is absent or not text: what the renderers print. */
static inline const char *
report_text(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s != NULL ? s : "";
}

/** The language of @doc ("lang"), English when it has none. */
enum lang report_lang(const json_t *doc);

/* One target's row of a progress table, in the columns report_col_target, _baseline, _goal,
 * _deadline, _latest and _status. */
struct report_target_row {
    char name[600], latest[200], status[200];
    const char *cells[6]; /* into the buffers above and @r's texts */
};

/** Fills @out from target @r of a progress table: @date_sep goes between the latest value and
 * its date, @status_sep between the percent and the status label (a line break in the PDF's
 * cells, ", " and " · " in Markdown's). */
void report_target_row(const json_t *r, const char *date_sep, const char *status_sep,
                       struct report_target_row *out);

#endif
