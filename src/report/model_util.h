/* What the report documents share (report_forum.c, report_government.c): asking the API in
 * process, paging through an action list, and labels and dates in the report's language. */
#ifndef LOCALACTION_REPORT_MODEL_UTIL_H
#define LOCALACTION_REPORT_MODEL_UTIL_H

#include <jansson.h>
#include <stdbool.h>

#include "http/app.h"
#include "index/index.h"
#include "web/i18n.h"

/* One report being assembled: where to ask, in which language, and the first failure (later
 * calls then do nothing and return NULL). */
struct model_ctx {
    struct app *app;
    enum lang lang;
    enum err err;
    char *why;
    size_t why_len;
};

/** The API's JSON answer to GET @path with query parameters @params (key, value, ..., NULL),
 * a new value; NULL after recording the failure in @c (a 404 is ERR_NOT_FOUND). */
json_t *model_api(struct model_ctx *c, const char *path, const char *const *params);

/** Every published action the filter @key=@value selects, as list cards with their progress
 * (include=progress) in title order, through the API's cursor; "facets" of the first page
 * (dimensions @facets, comma-separated) are put in *facets (a new value) when @facets is not
 * NULL. NULL after recording a failure (more than LIMIT_REPORT_ACTIONS actions is
 * ERR_TOO_BIG). */
json_t *model_actions(struct model_ctx *c, const char *key, const char *value, const char *facets,
                      json_t **facets_out);

/** The "progress" block of @item (a card or an action: {"percent", "status", "last_update",
 * "stale", "indicators"}) with labels added ("status_label", "percent_text",
 * "last_update_text", each indicator's "status_label", "percent_text", "deadline_text"); a new
 * value, or JSON null when @item has none. */
json_t *model_progress_of(const struct model_ctx *c, const json_t *item);

/** model_progress_of() every card of @cards, in order. */
json_t *model_progress_all(const struct model_ctx *c, const json_t *cards);

/** Records a failure in @c (the first one wins). */
void model_fail(struct model_ctx *c, enum err e, const char *fmt, ...) ATTR_PRINTF(3, 4);

/** The interface text @text_key in the report's language. */
const char *model_t(const struct model_ctx *c, const char *text_key);
/** "<base>_one" or "<base>_other" with {count} replaced by @n, as a new JSON string (the
 * catalog test knows model_plural() takes such a base). */
json_t *model_plural(const struct model_ctx *c, const char *base, uint64_t n);
/** @n with the language's digit grouping, as a new JSON string. */
json_t *model_count(const struct model_ctx *c, uint64_t n);
/** The text @text_key with "{name}" placeholders filled from @pairs (name, value, ..., NULL)
 * into @out. */
void model_fill(const struct model_ctx *c, const char *text_key, const char *const *pairs,
                char *out, size_t cap);

/** "16 May 2022" for "2022-05-16" (and "May 2022", "2022" for shorter dates); the text itself
 * when it is not a date. */
void model_date(const struct model_ctx *c, const char *date, char *out, size_t cap);
/** "16–20 May 2022", "30 April – 2 May 2022" or one date, from two YYYY-MM-DD dates (either may
 * be NULL or ""). */
void model_date_range(const struct model_ctx *c, const char *from, const char *to, char *out,
                      size_t cap);

/** The label of value @value (as the API writes it) of dimension @d in the report's language. */
const char *model_dim_label(const struct model_ctx *c, enum dim d, const char *value,
                            const char *fallback);
/** The name of a forum's region (forum_region_name(): an M49 region, or an Americas
 * sub-region) in the report's language. */
const char *model_region_label(const struct model_ctx *c, const char *english);
/** A country's name in the report's language from its alpha-2 code. */
const char *model_country_label(const struct model_ctx *c, const char *alpha2);
/* The labels of the codes the API writes, in the report's language (the code itself when it
 * is one this version does not know). */
/** A progress status: "on_track" -> "On track". */
const char *model_progress_label(const struct model_ctx *c, const char *code);
/** A participant's role in a session: "panellist" -> "panellist". */
const char *model_role_label(const struct model_ctx *c, const char *code);
/** A kind of session: "side_event" -> "Side event". */
const char *model_session_label(const struct model_ctx *c, const char *code);
/** The stance of a Progress Declaration paragraph: "commits" -> "Commitment". */
const char *model_stance_label(const struct model_ctx *c, const char *code);

/** "Accra (Ghana), Kumasi (Ghana)": an action card's governments, lead first. */
void model_governments_text(const struct model_ctx *c, const json_t *governments, char *out,
                            size_t cap);

/** The row of an action in a report's tables: {"external_id", "title", "href", "governments",
 * "objectives" (its GCM objective numbers, "7, 15"), "status_label", "progress"} from list
 * card @card and progress block @progress (borrowed; may be JSON null). A new value. */
json_t *model_action_row(const struct model_ctx *c, const json_t *card, json_t *progress);

/** {"covered", "items": [{"number", "label", "count"}]}: the 23 GCM objectives with the
 * counts of the "objective" facet in @facets. A new value. */
json_t *model_coverage(const struct model_ctx *c, const json_t *facets);

#endif
