/* report_write(): a report's document rendered in the format asked for. */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "report/report_render.h"

bool
report_format_from(const char *s, enum report_format *out)
{
    static const char *const names[] = {"html", "pdf", "md"};
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (enum report_format)i;
            return true;
        }
    }
    return false;
}

enum err
report_write(struct app *app, enum report_kind kind, const char *slug, enum lang lang,
             enum report_format format, struct buf *out, char *why, size_t why_len)
{
    json_t *doc = NULL;
    enum err e = report_model(app, kind, slug, lang, &doc, why, why_len);
    if (e != ERR_OK)
        return e;
    switch (format) {
    case REPORT_PDF:
        e = report_pdf(doc, out, why, why_len);
        break;
    case REPORT_MD:
        report_markdown(doc, out);
        break;
    case REPORT_HTML:
        report_html_prepare(doc, false);
        report_html_document(doc, out);
        break;
    }
    json_decref(doc);
    if (e == ERR_OK && buf_status(out) != ERR_OK) {
        snprintf(why, why_len, "the report is larger than %zu bytes", out->limit);
        e = ERR_TOO_BIG;
    }
    return e;
}
