/* JSON and CSV writers for actions and governments. Field order is fixed, so the same record
 * always gives the same bytes: exports diff cleanly and round-trip exactly. */
#include "domain/record.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"

static void
str_field(struct buf *out, const char *name, const char *value, bool *first)
{
    if (value == NULL || *value == '\0')
        return;
    buf_add_json_key(out, name, first);
    buf_add_json_strz(out, value);
}

static void
money_field(struct buf *out, const char *name, const struct money *m, bool *first)
{
    char tmp[32];
    if (!m->present)
        return;
    buf_add_json_key(out, name, first);
    format_money(m->cents, tmp);
    buf_addstr(out, tmp);
}

static void
terms_field(struct buf *out, const struct action *a, enum vocab_id v, bool *first, bool always)
{
    const struct vocab *voc = taxonomy_vocab(v);
    bool any = false;
    for (size_t t = 0; t < voc->count && !any; t++)
        any = termset_has(&a->terms[v], (int)t);
    if (!any && !always)
        return;
    buf_add_json_key(out, voc->field, first);
    buf_addch(out, '[');
    bool first_item = true;
    for (size_t t = 0; t < voc->count; t++) {
        if (!termset_has(&a->terms[v], (int)t))
            continue;
        buf_addstr(out, first_item ? "" : ",");
        if (voc->numeric)
            buf_addstr(out, voc->terms[t].code);
        else
            buf_add_json_strz(out, voc->terms[t].code);
        first_item = false;
    }
    buf_addch(out, ']');
}

static void
strings_field(struct buf *out, const char *name, const struct string_list *l, bool *first)
{
    if (l->count == 0)
        return;
    buf_add_json_key(out, name, first);
    buf_addch(out, '[');
    for (size_t i = 0; i < l->count; i++) {
        buf_addstr(out, i ? "," : "");
        buf_add_json_strz(out, l->items[i]);
    }
    buf_addch(out, ']');
}

static void
governments_field(struct buf *out, const struct action *a, enum record_style style, bool *first)
{
    buf_add_json_key(out, "governments", first);
    buf_addch(out, '[');
    for (size_t i = 0; i < a->n_governments; i++) {
        const struct gov_ref *g = &a->governments[i];
        const struct country *c = taxonomy_country(g->country);
        bool f = true;
        buf_addstr(out, i ? ",{" : "{");
        str_field(out, "name", g->name, &f);
        str_field(out, "country", c->alpha2, &f);
        if (style == RECORD_EXPORT) {
            str_field(out, "kind", gov_kind_codes[g->kind], &f);
        } else {
            str_field(out, "slug", g->slug, &f);
            str_field(out, "country_name", c->name, &f);
            if (style == RECORD_API_FULL) {
                str_field(out, "kind", gov_kind_codes[g->kind], &f);
                if (c->region >= 0)
                    str_field(out, "region", taxonomy_region(c->region)->name, &f);
            }
        }
        buf_addch(out, '}');
    }
    buf_addch(out, ']');
}

static void
time_field(struct buf *out, const char *name, int64_t t, bool *first)
{
    char tmp[21];
    if (t == 0)
        return;
    format_timestamp(t, tmp);
    str_field(out, name, tmp, first);
}

static void
indicators_field(struct buf *out, const struct action *a, bool *first)
{
    if (a->n_indicators == 0)
        return;
    buf_add_json_key(out, "indicators", first);
    buf_addch(out, '[');
    for (size_t i = 0; i < a->n_indicators; i++) {
        const struct indicator *ind = &a->indicators[i];
        bool f = true;
        buf_addstr(out, i ? ",{" : "{");
        str_field(out, "name", ind->name, &f);
        str_field(out, "unit", ind->unit, &f);
        if (ind->has_baseline) {
            buf_add_json_key(out, "baseline", &f);
            buf_add_number(out, ind->baseline);
        }
        if (ind->has_target) {
            buf_add_json_key(out, "target", &f);
            buf_add_number(out, ind->target);
        }
        str_field(out, "deadline", ind->deadline, &f);
        buf_addch(out, '}');
    }
    buf_addch(out, ']');
}

/* The forums an action was submitted to and the Progress Declaration paragraphs it advances:
 * always in the API, on export only when it has some. */
static void
links_fields(struct buf *out, const struct action *a, enum record_style style, bool *first)
{
    if (a->forums.count > 0) {
        strings_field(out, "forums", &a->forums, first);
    } else if (style == RECORD_API_FULL) {
        buf_add_json_key(out, "forums", first);
        buf_addstr(out, "[]");
    }
    if (a->paragraphs == 0 && style != RECORD_API_FULL)
        return;
    buf_add_json_key(out, "declaration_paragraphs", first);
    buf_addch(out, '[');
    bool first_item = true;
    for (size_t i = 0; i < taxonomy_paragraph_count(); i++) {
        if (!(a->paragraphs >> i & 1))
            continue;
        buf_addf(out, "%s%d", first_item ? "" : ",", taxonomy_paragraph((int)i)->number);
        first_item = false;
    }
    buf_addch(out, ']');
}

void
record_action_api_head(struct buf *out, const char *external_id, const char *kind,
                       const char *title, const char *summary, const char *description)
{
    bool first = true;
    buf_addch(out, '{');
    str_field(out, "external_id", external_id, &first);
    str_field(out, "kind", kind, &first);
    str_field(out, "title", title, &first);
    str_field(out, "summary", summary, &first);
    str_field(out, "description", description, &first);
}

/* The fields after the description; @first is false when something precedes them. */
static void
action_rest(struct buf *out, const struct action *a, enum record_style style, bool *first)
{
    if (style != RECORD_API_CARD)
        str_field(out, "language", a->language, first);
    governments_field(out, a, style, first);
    if (style == RECORD_API_CARD) {
        terms_field(out, a, VOCAB_GCM, first, true);
    } else {
        for (int v = 0; v < VOCAB_COUNT; v++)
            terms_field(out, a, (enum vocab_id)v, first, style == RECORD_API_FULL);
    }
    str_field(out, "start_date", a->start_date, first);
    str_field(out, "end_date", a->end_tbc ? "tbc" : a->end_date, first);
    if (style != RECORD_API_CARD) {
        money_field(out, "budget", &a->budget, first);
        money_field(out, "funding_secured", &a->funding_secured, first);
        money_field(out, "funding_sought", &a->funding_sought, first);
        str_field(out, "currency", a->currency, first);
        if (a->partners.count > 0) {
            strings_field(out, "partners", &a->partners, first);
        } else if (style == RECORD_API_FULL) {
            buf_add_json_key(out, "partners", first);
            buf_addstr(out, "[]");
        }
        str_field(out, "source", a->source, first);
        str_field(out, "source_url", a->source_url, first);
        str_field(out, "publication_state", publication_state_codes[a->publication], first);
    }
    str_field(out, "implementation_status", impl_status_codes[a->status], first);
    if (style != RECORD_API_CARD) {
        indicators_field(out, a, first);
        links_fields(out, a, style, first);
        time_field(out, "created_at", a->created_at, first);
    }
    time_field(out, "updated_at", a->updated_at, first);
    buf_addch(out, '}');
}

void
record_action_api_rest(struct buf *out, const struct action *a)
{
    bool first = false;
    action_rest(out, a, RECORD_API_FULL, &first);
}

void
record_action_json(struct buf *out, const struct action *a, enum record_style style)
{
    bool first = true;
    if (style == RECORD_API_FULL) {
        record_action_api_head(out, a->external_id, action_kind_codes[a->kind], a->title,
                               a->summary, a->description);
        record_action_api_rest(out, a);
        return;
    }
    buf_addch(out, '{');
    if (style == RECORD_EXPORT)
        str_field(out, "type", "action", &first);
    str_field(out, "external_id", a->external_id, &first);
    str_field(out, "kind", action_kind_codes[a->kind], &first);
    str_field(out, "title", a->title, &first);
    str_field(out, "summary", a->summary, &first);
    if (style == RECORD_EXPORT)
        str_field(out, "description", a->description, &first);
    action_rest(out, a, style, &first);
}

static void
endorsements_field(struct buf *out, const struct government *g, bool *first)
{
    if (g->n_endorsements == 0)
        return;
    buf_add_json_key(out, "endorsements", first);
    buf_addch(out, '[');
    for (size_t i = 0; i < g->n_endorsements; i++) {
        const struct endorsement *e = &g->endorsements[i];
        bool f = true;
        buf_addstr(out, i ? ",{" : "{");
        str_field(out, "declaration", e->declaration, &f);
        str_field(out, "date", e->date, &f);
        str_field(out, "signatory_name", e->signatory_name, &f);
        str_field(out, "signatory_title", e->signatory_title, &f);
        buf_addch(out, '}');
    }
    buf_addch(out, ']');
}

void
record_government_json(struct buf *out, const struct government *g, enum record_style style)
{
    const struct country *c = taxonomy_country(g->country);
    bool first = true;
    buf_addch(out, '{');
    if (style == RECORD_EXPORT)
        str_field(out, "type", "government", &first);
    else
        str_field(out, "slug", g->slug, &first);
    str_field(out, "name", g->name, &first);
    str_field(out, "country", c->alpha2, &first);
    if (style != RECORD_EXPORT) {
        str_field(out, "country_name", c->name, &first);
        if (c->region >= 0)
            str_field(out, "region", taxonomy_region(c->region)->name, &first);
        if (c->subregion >= 0)
            str_field(out, "subregion", taxonomy_subregion(c->subregion)->name, &first);
    }
    str_field(out, "kind", gov_kind_codes[g->kind], &first);
    if (style == RECORD_API_CARD) {
        buf_addch(out, '}');
        return;
    }
    str_field(out, "subdivision", g->subdivision, &first);
    if (g->has_population) {
        buf_add_json_key(out, "population", &first);
        buf_addf(out, "%" PRId64, g->population);
    }
    if (g->has_location) {
        buf_add_json_key(out, "latitude", &first);
        buf_add_number(out, g->latitude);
        buf_add_json_key(out, "longitude", &first);
        buf_add_number(out, g->longitude);
    }
    str_field(out, "website", g->website, &first);
    strings_field(out, "networks", &g->networks, &first);
    endorsements_field(out, g, &first);
    buf_addch(out, '}');
}

static const char *const action_csv_columns[] = {
    "external_id",
    "kind",
    "title",
    "summary",
    "description",
    "language",
    "governments",
    "gcm_objectives",
    "guiding_principles",
    "gcr_objectives",
    "sdg_targets",
    "themes",
    "target_groups",
    "start_date",
    "end_date",
    "budget",
    "currency",
    "funding_secured",
    "funding_sought",
    "partners",
    "source",
    "source_url",
    "publication_state",
    "implementation_status",
    "indicators",
    "created_at",
    "updated_at",
    "forums",
    "declaration_paragraphs",
};

static void
csv_header(struct buf *out, const char *const *columns, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf_addstr(out, i ? "," : "");
        buf_addstr(out, columns[i]);
    }
    buf_addstr(out, "\r\n");
}

void
record_action_csv_header(struct buf *out)
{
    csv_header(out, action_csv_columns, ARRAY_LEN(action_csv_columns));
}

static void
csv_cell(struct buf *out, const char *s, bool first)
{
    if (!first)
        buf_addch(out, ',');
    if (s != NULL)
        buf_add_csv_field(out, s, strlen(s));
}

/* Writes a cell built in @tmp, then empties @tmp for the next one. */
static void
csv_built(struct buf *out, struct buf *tmp)
{
    buf_addch(out, ',');
    buf_add_csv_field(out, tmp->data, tmp->len);
    buf_reset(tmp);
}

static void
csv_money(struct buf *out, const struct money *m)
{
    char tmp[32];
    buf_addch(out, ',');
    if (!m->present)
        return;
    format_money(m->cents, tmp);
    buf_addstr(out, tmp);
}

void
record_action_csv(struct buf *out, const struct action *a)
{
    struct buf tmp;
    buf_init(&tmp, out->limit);
    csv_cell(out, a->external_id, true);
    csv_cell(out, action_kind_codes[a->kind], false);
    csv_cell(out, a->title, false);
    csv_cell(out, a->summary, false);
    csv_cell(out, a->description, false);
    csv_cell(out, a->language, false);
    for (size_t i = 0; i < a->n_governments; i++) {
        buf_addstr(&tmp, i ? "; " : "");
        buf_addstr(&tmp, a->governments[i].name);
        buf_addstr(&tmp, ", ");
        buf_addstr(&tmp, taxonomy_country(a->governments[i].country)->alpha2);
    }
    csv_built(out, &tmp);
    for (int v = 0; v < VOCAB_COUNT; v++) {
        const struct vocab *voc = taxonomy_vocab((enum vocab_id)v);
        for (size_t t = 0; t < voc->count; t++) {
            if (!termset_has(&a->terms[v], (int)t))
                continue;
            buf_addstr(&tmp, tmp.len ? ";" : "");
            buf_addstr(&tmp, voc->terms[t].code);
        }
        csv_built(out, &tmp);
    }
    csv_cell(out, a->start_date, false);
    csv_cell(out, a->end_tbc ? "tbc" : a->end_date, false);
    csv_money(out, &a->budget);
    csv_cell(out, a->currency, false);
    csv_money(out, &a->funding_secured);
    csv_money(out, &a->funding_sought);
    for (size_t i = 0; i < a->partners.count; i++) {
        buf_addstr(&tmp, i ? "; " : "");
        buf_addstr(&tmp, a->partners.items[i]);
    }
    csv_built(out, &tmp);
    csv_cell(out, a->source, false);
    csv_cell(out, a->source_url, false);
    csv_cell(out, publication_state_codes[a->publication], false);
    csv_cell(out, impl_status_codes[a->status], false);
    if (a->n_indicators > 0) {
        bool first = true;
        indicators_field(&tmp, a, &first);
        /* drop the leading "indicators": key, keeping the array */
        size_t skip = strlen("\"indicators\":");
        buf_addch(out, ',');
        buf_add_csv_field(out, tmp.data + skip, tmp.len - skip);
        buf_reset(&tmp);
    } else {
        buf_addch(out, ',');
    }
    char t[21];
    format_timestamp(a->created_at, t);
    csv_cell(out, a->created_at ? t : NULL, false);
    format_timestamp(a->updated_at, t);
    csv_cell(out, a->updated_at ? t : NULL, false);
    for (size_t i = 0; i < a->forums.count; i++) {
        buf_addstr(&tmp, i ? ";" : "");
        buf_addstr(&tmp, a->forums.items[i]);
    }
    csv_built(out, &tmp);
    for (size_t i = 0; i < taxonomy_paragraph_count(); i++)
        if (a->paragraphs >> i & 1)
            buf_addf(&tmp, "%s%d", tmp.len ? ";" : "", taxonomy_paragraph((int)i)->number);
    csv_built(out, &tmp);
    buf_addstr(out, "\r\n");
    buf_release(&tmp);
}

static const char *const government_csv_columns[] = {
    "name",     "country",   "kind",    "subdivision", "population",
    "latitude", "longitude", "website", "networks",    "endorsements",
};

void
record_government_csv_header(struct buf *out)
{
    csv_header(out, government_csv_columns, ARRAY_LEN(government_csv_columns));
}

void
record_government_csv(struct buf *out, const struct government *g)
{
    struct buf tmp;
    buf_init(&tmp, out->limit);
    csv_cell(out, g->name, true);
    csv_cell(out, taxonomy_country(g->country)->alpha2, false);
    csv_cell(out, gov_kind_codes[g->kind], false);
    csv_cell(out, g->subdivision, false);
    buf_addch(out, ',');
    if (g->has_population)
        buf_addf(out, "%" PRId64, g->population);
    buf_addch(out, ',');
    if (g->has_location)
        buf_add_number(out, g->latitude);
    buf_addch(out, ',');
    if (g->has_location)
        buf_add_number(out, g->longitude);
    csv_cell(out, g->website, false);
    for (size_t i = 0; i < g->networks.count; i++) {
        buf_addstr(&tmp, i ? "; " : "");
        buf_addstr(&tmp, g->networks.items[i]);
    }
    csv_built(out, &tmp);
    if (g->n_endorsements > 0) {
        bool first = true;
        endorsements_field(&tmp, g, &first);
        size_t skip = strlen("\"endorsements\":");
        buf_addch(out, ',');
        buf_add_csv_field(out, tmp.data + skip, tmp.len - skip);
    } else {
        buf_addch(out, ',');
    }
    buf_addstr(out, "\r\n");
    buf_release(&tmp);
}

/* Two 64-bit lanes over 8-byte words with multiply-xorshift mixing: not cryptographic, only
 * a fast fingerprint to tell whether an imported record differs from the stored one. */
static uint64_t
mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Folds @len bytes of @text into the two lanes; the length goes in too, so a sequence of
 * parts hashes differently from the same bytes cut elsewhere. */
static void
hash_part(const char *text, size_t len, uint64_t h[2])
{
    uint64_t h1 = h[0] ^ len, h2 = h[1] + len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        h1 = (h1 ^ w) * 0x87c37b91114253d5ULL;
        h1 = (h1 << 31) | (h1 >> 33);
        h2 = (h2 + w) * 0x4cf5ad432745937fULL;
        h2 = (h2 << 27) | (h2 >> 37);
    }
    uint64_t tail = 0;
    memcpy(&tail, text + i, len - i);
    h[0] = mix(h1 ^ tail);
    h[1] = mix(h2 + tail + h[0]);
}

static void
hash_str(const char *s, uint64_t h[2])
{
    hash_part(s ? s : "", s ? strlen(s) : 0, h);
}

void
record_action_fingerprint(const struct action *a, const char *rest, size_t rest_len, char out[65])
{
    uint64_t h[2] = {0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL};
    hash_str(a->external_id, h);
    hash_str(action_kind_codes[a->kind], h);
    hash_str(a->title, h);
    hash_str(a->summary, h);
    hash_str(a->description, h);
    hash_part(rest, rest_len, h);
    snprintf(out, 65, "%016" PRIx64 "%016" PRIx64, h[0], h[1]);
}

void
record_action_api_add_times(struct buf *rest, const struct action *a)
{
    /* the times are the last fields of the rest: reopen the object and add them */
    if (rest->len == 0 || (a->created_at == 0 && a->updated_at == 0))
        return;
    buf_truncate(rest, rest->len - 1);
    bool first = false;
    time_field(rest, "created_at", a->created_at, &first);
    time_field(rest, "updated_at", a->updated_at, &first);
    buf_addch(rest, '}');
}
