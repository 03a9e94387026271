/* What the report renderers share: the document's language and the cells of a target's row. */
#include "report/report_render.h"

#include <stdio.h>
#include <string.h>

enum lang
report_lang(const json_t *doc)
{
    enum lang lang = LANG_EN;
    const char *code = json_string_value(json_object_get(doc, "lang"));
    if (code != NULL && !lang_from_code(code, strlen(code), &lang))
        lang = LANG_EN;
    return lang;
}

void
report_target_row(const json_t *r, const char *date_sep, const char *status_sep,
                  struct report_target_row *out)
{
    const char *unit = report_text(r, "unit");
    snprintf(out->name, sizeof(out->name), "%s%s%s%s", report_text(r, "name"), *unit ? " (" : "",
             unit, *unit ? ")" : "");
    const char *date = report_text(r, "latest_date");
    snprintf(out->latest, sizeof(out->latest), "%s%s%s", report_text(r, "latest"),
             *date ? date_sep : "", date);
    const char *percent = report_text(r, "percent_text");
    snprintf(out->status, sizeof(out->status), "%s%s%s", percent, *percent ? status_sep : "",
             report_text(r, "status_label"));
    out->cells[0] = out->name;
    out->cells[1] = report_text(r, "baseline");
    out->cells[2] = report_text(r, "target");
    out->cells[3] = report_text(r, "deadline");
    out->cells[4] = out->latest;
    out->cells[5] = out->status;
}
