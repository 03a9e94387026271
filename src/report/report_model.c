/* report_model(): the forum report's or the government profile's document, with what every
 * report states about itself (its language, the date of its data, the note on how it is made). */
#include "report/report_model.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/progress.h"
#include "report/model_util.h"
#include "report/report_parts.h"

void
report_today(char out[11])
{
    time_t t = (time_t)(progress_today() * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

enum err
report_model(struct app *app, enum report_kind kind, const char *slug, enum lang lang, json_t **out,
             char *why, size_t why_len)
{
    struct model_ctx c = {app, lang, ERR_OK, why, why_len};
    why[0] = '\0';
    json_t *doc = kind == REPORT_FORUM ? report_forum_document(&c, slug)
                                       : report_government_document(&c, slug);
    if (doc == NULL)
        return c.err != ERR_OK ? c.err : ERR_DB;
    /* made today, from the data of the index the API answered from */
    struct index *ix = app_index(app);
    int64_t built = index_built_at(ix);
    index_unref(ix);
    char iso[11], day[64], note[600];
    report_today(iso);
    model_date(&c, iso, day, sizeof(day));
    const char *pairs[] = {"date", day, NULL};
    model_fill(&c, kind == REPORT_FORUM ? "report_note_forum" : "report_note_government", pairs,
               note, sizeof(note));
    json_object_set_new(doc, "lang", json_string(lang_code(lang)));
    json_object_set_new(doc, "is_forum", json_boolean(kind == REPORT_FORUM));
    json_object_set_new(doc, "is_government", json_boolean(kind == REPORT_GOVERNMENT));
    json_object_set_new(doc, "as_of", json_string(day));
    json_object_set_new(doc, "generated_at", json_integer((json_int_t)built));
    json_object_set_new(doc, "note", json_string(note));
    *out = doc;
    return ERR_OK;
}
