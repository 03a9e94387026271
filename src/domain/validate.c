/* Record validation shared by the importer and the API. Every check names the field and the
 * reason; no check stops at the first problem, so a user fixes a record in one pass. */
#include "domain/validate.h"
#include "domain/validate_fields.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/limits.h"
#include "util/parse.h"
#include "util/text.h"
#include "util/xalloc.h"

void
field_errors_add(struct field_errors *e, const char *field, const char *fmt, ...)
{
    e->total++;
    if (e->count == VALIDATE_MAX_ERRORS)
        return;
    struct field_error *fe = &e->items[e->count++];
    snprintf(fe->field, sizeof(fe->field), "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fe->message, sizeof(fe->message), fmt, ap);
    va_end(ap);
}

/* A scalar field's text: a JSON string, or a number or boolean written as text. Returns false
 * when absent, null or empty; flags other types. */
static bool
scalar_text(json_t *v, const char *field, struct field_errors *errs, char *numbuf,
            size_t numbuf_len, const char **s, size_t *len)
{
    if (v == NULL || json_is_null(v))
        return false;
    if (json_is_string(v)) {
        *s = json_string_value(v);
        *len = json_string_length(v);
        text_trim(s, len);
        return *len > 0;
    }
    if (json_is_integer(v)) {
        *len = (size_t)snprintf(numbuf, numbuf_len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        *s = numbuf;
        return true;
    }
    if (json_is_real(v)) {
        *len = (size_t)snprintf(numbuf, numbuf_len, "%.10g", json_real_value(v));
        *s = numbuf;
        return true;
    }
    field_errors_add(errs, field, "must be text or a number, not %s",
                     json_is_array(v)    ? "a list"
                     : json_is_object(v) ? "an object"
                                         : "a boolean");
    return false;
}

/* Checks a text field and returns a heap copy, or NULL when absent or invalid. */
static char *
text_field(json_t *obj, const char *field, size_t max_chars, bool required,
           struct field_errors *errs)
{
    char numbuf[64];
    const char *s;
    size_t len;
    if (!scalar_text(json_object_get(obj, field), field, errs, numbuf, sizeof(numbuf), &s, &len)) {
        if (required && json_object_get(obj, field) == NULL)
            field_errors_add(errs, field, "is required");
        else if (required)
            field_errors_add(errs, field, "is required and must not be empty");
        return NULL;
    }
    if (!text_is_utf8(s, len)) {
        field_errors_add(errs, field, "is not valid UTF-8 text");
        return NULL;
    }
    size_t chars = text_utf8_length(s, len);
    if (chars > max_chars) {
        field_errors_add(errs, field, "is %zu characters long; at most %zu are allowed", chars,
                         max_chars);
        return NULL;
    }
    return xstrndup(s, len);
}

static bool
is_url(const char *s)
{
    return (strncmp(s, "http://", 7) == 0 && s[7] != '\0') ||
           (strncmp(s, "https://", 8) == 0 && s[8] != '\0');
}

static char *
url_field(json_t *obj, const char *field, struct field_errors *errs)
{
    char *url = text_field(obj, field, LIMIT_URL, false, errs);
    if (url != NULL && (!is_url(url) || strpbrk(url, " \t\r\n\"<>") != NULL)) {
        field_errors_add(errs, field, "'%.80s' is not an http:// or https:// address", url);
        free(url);
        return NULL;
    }
    return url;
}

/* An enum field: the code's index, @fallback when absent, -1 after reporting an error. */
static int
code_field(json_t *obj, const char *field, const char *const *codes, int n, int fallback,
           struct field_errors *errs)
{
    char numbuf[64];
    const char *s;
    size_t len;
    if (!scalar_text(json_object_get(obj, field), field, errs, numbuf, sizeof(numbuf), &s, &len))
        return fallback;
    int i = model_code_find(codes, n, s, len);
    if (i < 0 && len < 64) {
        /* as a spreadsheet writes it: "In progress", "Metropolitan area" */
        char code[64];
        for (size_t k = 0; k < len; k++)
            code[k] = s[k] == ' ' || s[k] == '-' ? '_' : s[k];
        i = model_code_find(codes, n, code, len);
    }
    if (i < 0) {
        struct buf allowed;
        buf_init(&allowed, 512);
        for (int k = 0; k < n; k++) {
            buf_addstr(&allowed, k ? ", " : "");
            buf_addstr(&allowed, codes[k]);
        }
        field_errors_add(errs, field, "'%.*s' is not one of: %s", (int)(len > 60 ? 60 : len), s,
                         allowed.data);
        buf_release(&allowed);
    }
    return i;
}

/* Splits a cell at ';' (and at ',' too when @commas) into trimmed, non-empty parts; returns
 * how many there are, storing at most LIMIT_LIST_ITEMS. */
static size_t
split_cell(const char *s, size_t len, bool commas, const char **parts, size_t *lens)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != ';' && !(commas && s[i] == ','))
            continue;
        const char *p = s + start;
        size_t plen = i - start;
        text_trim(&p, &plen);
        start = i + 1;
        if (plen == 0)
            continue;
        if (n < LIMIT_LIST_ITEMS) {
            parts[n] = p;
            lens[n] = plen;
        }
        n++;
    }
    return n;
}

/* Calls @fn for each item of a list field: a JSON array, or text separated by ';' (and by ','
 * too when @commas: codes never hold one, names may). Items are trimmed; empty text items are
 * skipped. Returns false when the field is not a list. */
typedef void item_fn(void *ctx, json_t *item, const char *s, size_t len, size_t index);

static bool
for_each_item(json_t *v, const char *field, struct field_errors *errs, item_fn *fn, void *ctx,
              bool commas)
{
    if (v == NULL || json_is_null(v))
        return true;
    if (json_is_array(v)) {
        size_t n = json_array_size(v);
        if (n > LIMIT_LIST_ITEMS) {
            field_errors_add(errs, field, "has %zu items; at most %d are allowed", n,
                             LIMIT_LIST_ITEMS);
            return false;
        }
        for (size_t i = 0; i < n; i++) {
            json_t *item = json_array_get(v, i);
            char numbuf[64];
            const char *s = NULL;
            size_t len = 0;
            if (json_is_object(item)) {
                fn(ctx, item, NULL, 0, i);
                continue;
            }
            if (scalar_text(item, field, errs, numbuf, sizeof(numbuf), &s, &len))
                fn(ctx, NULL, s, len, i);
        }
        return true;
    }
    if (!json_is_string(v) && !json_is_integer(v)) {
        field_errors_add(errs, field, "must be a list");
        return false;
    }
    char numbuf[64];
    const char *s;
    size_t len;
    if (!scalar_text(v, field, errs, numbuf, sizeof(numbuf), &s, &len))
        return true;
    const char *parts[LIMIT_LIST_ITEMS];
    size_t lens[LIMIT_LIST_ITEMS];
    size_t n = split_cell(s, len, commas, parts, lens);
    if (n > LIMIT_LIST_ITEMS) {
        field_errors_add(errs, field, "has more than %d items", LIMIT_LIST_ITEMS);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        fn(ctx, NULL, parts[i], lens[i], i);
    return true;
}

struct terms_ctx {
    enum vocab_id vocab;
    struct termset *set;
    struct field_errors *errs;
};

static void
add_term(void *ctx, json_t *item, const char *s, size_t len, size_t index)
{
    struct terms_ctx *c = ctx;
    const struct vocab *v = taxonomy_vocab(c->vocab);
    (void)index;
    if (item != NULL) {
        field_errors_add(c->errs, v->field, "items must be codes, not objects");
        return;
    }
    int i = taxonomy_match(c->vocab, s, len);
    if (i < 0) {
        if (v->numeric)
            field_errors_add(c->errs, v->field, "'%.*s' is not a number from 1 to %zu",
                             (int)(len > 40 ? 40 : len), s, v->count);
        else
            field_errors_add(c->errs, v->field,
                             "'%.*s' is not a known code (see GET /api/v1/taxonomy)",
                             (int)(len > 40 ? 40 : len), s);
        return;
    }
    termset_add(c->set, i);
}

static void
date_field(json_t *obj, const char *field, char out[11], struct field_errors *errs)
{
    char numbuf[64];
    const char *s;
    size_t len;
    out[0] = '\0';
    if (!scalar_text(json_object_get(obj, field), field, errs, numbuf, sizeof(numbuf), &s, &len))
        return;
    if (parse_date(s, len, out) != ERR_OK)
        field_errors_add(errs, field, "'%.*s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                         (int)(len > 40 ? 40 : len), s);
}

/* "1,500,000.50" as spreadsheets write amounts: commas between groups of exactly three digits,
 * which cannot be read another way. Copies the digits without commas into @out. */
static bool
strip_thousands(const char *s, size_t len, char *out, size_t cap)
{
    size_t end = len, o = 0;
    const char *dot = memchr(s, '.', len);
    if (dot != NULL)
        end = (size_t)(dot - s);
    if (memchr(s, ',', end) == NULL || len >= cap)
        return false;
    size_t group = 0;
    for (size_t i = 0; i < end; i++) {
        if (s[i] == ',') {
            if (i == 0 || (o > 3 && group != 3) || (o <= 3 && group > 3))
                return false;
            group = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        out[o++] = s[i];
        group++;
    }
    if (group != 3)
        return false;
    memcpy(out + o, s + end, len - end);
    out[o + len - end] = '\0';
    return true;
}

static void
money_field(json_t *obj, const char *field, struct money *out, struct field_errors *errs)
{
    char numbuf[64];
    const char *s;
    size_t len;
    json_t *v = json_object_get(obj, field);
    out->present = false;
    if (json_is_real(v)) {
        /* a JSON number such as 1500.5: print it with 2 decimals to read it as money */
        double d = json_real_value(v);
        if (d < 0) {
            field_errors_add(errs, field, "must not be negative");
            return;
        }
        len = (size_t)snprintf(numbuf, sizeof(numbuf), "%.2f", d);
        s = numbuf;
        if (len >= sizeof(numbuf) || fabs(d * 100 - (double)(int64_t)(d * 100 + 0.5)) > 1e-6) {
            field_errors_add(errs, field, "has more than 2 decimals");
            return;
        }
    } else if (!scalar_text(v, field, errs, numbuf, sizeof(numbuf), &s, &len)) {
        return;
    }
    if (len > 0 && s[0] == '-') {
        field_errors_add(errs, field, "must not be negative");
        return;
    }
    char plain[64];
    if (strip_thousands(s, len, plain, sizeof(plain))) {
        s = plain;
        len = strlen(plain);
    }
    if (parse_money(s, len, LIMIT_MONEY_CENTS, &out->cents) != ERR_OK) {
        field_errors_add(errs, field,
                         "'%.*s' is not an amount (digits, optionally '.' and 2 decimals, at "
                         "most 10^15)",
                         (int)(len > 40 ? 40 : len), s);
        return;
    }
    out->present = true;
}

static void
time_field(json_t *obj, const char *field, int64_t *out, struct field_errors *errs)
{
    char numbuf[64];
    const char *s;
    size_t len;
    *out = 0;
    if (!scalar_text(json_object_get(obj, field), field, errs, numbuf, sizeof(numbuf), &s, &len))
        return;
    if (parse_timestamp(s, len, out) != ERR_OK)
        field_errors_add(errs, field, "'%.*s' is not a UTC time YYYY-MM-DDTHH:MM:SSZ",
                         (int)(len > 40 ? 40 : len), s);
}

static bool
is_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == ':' || c == '-';
}

enum err
validate_gov_ref_text(const char *s, size_t len, struct gov_ref *out, char *why, size_t why_len)
{
    text_trim(&s, &len);
    const char *name = s;
    size_t name_len = len;
    int country = -1;

    /* "Name (Country)" */
    if (len > 2 && s[len - 1] == ')') {
        const char *open = NULL;
        for (size_t i = len - 1; i > 0; i--) {
            if (s[i - 1] == '(') {
                open = s + i - 1;
                break;
            }
        }
        if (open != NULL) {
            country = taxonomy_country_find(open + 1, (size_t)(s + len - 1 - open - 1));
            if (country >= 0) {
                name_len = (size_t)(open - s);
            }
        }
    }
    /* "Name, Country": the first comma whose right side is a country, so that country names
     * with commas ("Congo, The Democratic Republic of the") still work */
    for (size_t i = 0; country < 0 && i < len; i++) {
        if (s[i] != ',')
            continue;
        country = taxonomy_country_find(s + i + 1, len - i - 1);
        if (country >= 0)
            name_len = i;
    }
    text_trim(&name, &name_len);
    if (country < 0) {
        snprintf(why, why_len, "'%.*s' does not end with a known country ('NAME, COUNTRY')",
                 (int)(len > 80 ? 80 : len), s);
        return ERR_INVALID;
    }
    if (name_len == 0) {
        snprintf(why, why_len, "'%.*s' has no government name before the country",
                 (int)(len > 80 ? 80 : len), s);
        return ERR_INVALID;
    }
    if (memchr(name, ';', name_len) != NULL) {
        snprintf(why, why_len, "a government name may not contain ';'");
        return ERR_INVALID;
    }
    if (text_utf8_length(name, name_len) > LIMIT_NAME) {
        snprintf(why, why_len, "a government name is longer than %d characters", LIMIT_NAME);
        return ERR_INVALID;
    }
    out->name = xstrndup(name, name_len);
    out->country = country;
    out->kind = GOV_CITY;
    out->kind_given = false;
    out->id = 0;
    return ERR_OK;
}

/* One government as a record names it, into @ref: an object {"name", "country", "kind"} (item)
 * or text "NAME, COUNTRY" (s, len). Problems go to @errs under @field. */
static bool
gov_ref_parse(json_t *item, const char *s, size_t len, const char *field, struct gov_ref *ref,
              struct field_errors *errs)
{
    char why[200];
    memset(ref, 0, sizeof(*ref));
    if (item == NULL) {
        if (validate_gov_ref_text(s, len, ref, why, sizeof(why)) == ERR_OK)
            return true;
        field_errors_add(errs, field, "%s", why);
        return false;
    }
    struct field_errors sub = {0};
    char *name = text_field(item, "name", LIMIT_NAME, true, &sub);
    char numbuf[64];
    const char *cs;
    size_t clen;
    int country = -1;
    if (scalar_text(json_object_get(item, "country"), "country", &sub, numbuf, sizeof(numbuf), &cs,
                    &clen)) {
        country = taxonomy_country_find(cs, clen);
        if (country < 0)
            field_errors_add(&sub, "country", "'%.*s' is not a known country",
                             (int)(clen > 60 ? 60 : clen), cs);
    } else {
        field_errors_add(&sub, "country", "is required");
    }
    int kind = code_field(item, "kind", gov_kind_codes, GOV_KIND_COUNT, GOV_CITY, &sub);
    for (size_t i = 0; i < sub.count; i++)
        field_errors_add(errs, field, "%s %s", sub.items[i].field, sub.items[i].message);
    if (sub.total > 0) {
        free(name);
        return false;
    }
    if (name != NULL && strchr(name, ';') != NULL) {
        field_errors_add(errs, field, "a government name may not contain ';'");
        free(name);
        return false;
    }
    ref->name = name;
    ref->country = country;
    ref->kind = (enum gov_kind)kind;
    ref->kind_given = json_object_get(item, "kind") != NULL;
    return true;
}

struct govs_ctx {
    struct action *a;
    struct field_errors *errs;
};

static void
add_gov(void *ctx, json_t *item, const char *s, size_t len, size_t index)
{
    struct govs_ctx *c = ctx;
    struct gov_ref ref;
    (void)index;

    if (!gov_ref_parse(item, s, len, "governments", &ref, c->errs))
        return;
    /* the same government twice is one government */
    struct buf k1, k2;
    buf_init(&k1, 4096);
    buf_init(&k2, 4096);
    text_fold_key(&k1, ref.name, strlen(ref.name));
    for (size_t i = 0; i < c->a->n_governments; i++) {
        const struct gov_ref *g = &c->a->governments[i];
        buf_reset(&k2);
        text_fold_key(&k2, g->name, strlen(g->name));
        if (g->country == ref.country && strcmp(k1.data, k2.data) == 0) {
            buf_release(&k1);
            buf_release(&k2);
            free(ref.name);
            return;
        }
    }
    buf_release(&k1);
    buf_release(&k2);
    c->a->governments =
        xreallocarray(c->a->governments, c->a->n_governments + 1, sizeof(*c->a->governments));
    c->a->governments[c->a->n_governments++] = ref;
}

/* The spreadsheet form: a `government` and a `country` column. */
static void
add_gov_columns(json_t *obj, struct action *a, struct field_errors *errs)
{
    char numbuf[64];
    const char *name, *country;
    size_t name_len, country_len;
    bool has_name = scalar_text(json_object_get(obj, "government"), "government", errs, numbuf,
                                sizeof(numbuf), &name, &name_len);
    char numbuf2[64];
    bool has_country = scalar_text(json_object_get(obj, "country"), "country", errs, numbuf2,
                                   sizeof(numbuf2), &country, &country_len);
    if (!has_name && !has_country)
        return;
    if (!has_name || !has_country) {
        field_errors_add(errs, has_name ? "country" : "government",
                         "is required with the '%s' column", has_name ? "government" : "country");
        return;
    }
    /* "Kampala; Nairobi" with "Uganda; Kenya" (or one country for all) names a joint pledge */
    const char *names[LIMIT_LIST_ITEMS], *countries[LIMIT_LIST_ITEMS];
    size_t name_lens[LIMIT_LIST_ITEMS], country_lens[LIMIT_LIST_ITEMS];
    size_t n_names = split_cell(name, name_len, false, names, name_lens);
    size_t n_countries = split_cell(country, country_len, false, countries, country_lens);
    if (n_names > LIMIT_LIST_ITEMS || n_countries > LIMIT_LIST_ITEMS) {
        field_errors_add(errs, "government", "names more than %d governments", LIMIT_LIST_ITEMS);
        return;
    }
    if (n_names == 0 || n_countries == 0 || (n_countries != 1 && n_countries != n_names)) {
        field_errors_add(errs, "country",
                         "names %zu countries for %zu governments; give one for each, or one "
                         "for all",
                         n_countries, n_names);
        return;
    }
    struct govs_ctx ctx = {a, errs};
    json_t *kind = json_object_get(obj, "government_kind");
    for (size_t i = 0; i < n_names; i++) {
        size_t c = n_countries == 1 ? 0 : i;
        json_t *item = json_pack("{s:s%, s:s%}", "name", names[i], name_lens[i], "country",
                                 countries[c], country_lens[c]);
        if (kind != NULL)
            json_object_set(item, "kind", kind);
        add_gov(&ctx, item, NULL, 0, i);
        json_decref(item);
    }
}

struct strings_ctx {
    struct string_list *list;
    const char *field;
    size_t max_chars;
    struct field_errors *errs;
};

static void
add_string(void *ctx, json_t *item, const char *s, size_t len, size_t index)
{
    struct strings_ctx *c = ctx;
    (void)index;
    if (item != NULL) {
        field_errors_add(c->errs, c->field, "items must be text, not objects");
        return;
    }
    if (!text_is_utf8(s, len)) {
        field_errors_add(c->errs, c->field, "item %zu is not valid UTF-8 text", index + 1);
        return;
    }
    if (text_utf8_length(s, len) > c->max_chars) {
        field_errors_add(c->errs, c->field, "item %zu is longer than %zu characters", index + 1,
                         c->max_chars);
        return;
    }
    if (memchr(s, ';', len) != NULL) {
        /* ';' separates items in CSV cells, so an item holding one could not round-trip */
        field_errors_add(c->errs, c->field, "item %zu contains ';', which separates items",
                         index + 1);
        return;
    }
    string_list_add(c->list, s, len);
}

/* Items of a field holding a JSON list of objects: an array, or (from CSV) its JSON text. */
static json_t *
object_list(json_t *obj, const char *field, struct field_errors *errs)
{
    json_t *v = json_object_get(obj, field);
    if (v == NULL || json_is_null(v))
        return NULL;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        text_trim(&s, &len);
        if (len == 0)
            return NULL;
        json_error_t jerr;
        json_t *parsed = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
        if (parsed == NULL || !json_is_array(parsed)) {
            field_errors_add(errs, field, "must be a JSON list of objects%s%s",
                             parsed == NULL ? ": " : "", parsed == NULL ? jerr.text : "");
            json_decref(parsed);
            return NULL;
        }
        return parsed;
    }
    if (!json_is_array(v)) {
        field_errors_add(errs, field, "must be a list of objects");
        return NULL;
    }
    return json_incref(v);
}

static void
number_field(json_t *obj, const char *field, bool *has, double *out, struct field_errors *errs,
             const char *prefix)
{
    json_t *v = json_object_get(obj, field);
    *has = false;
    if (v == NULL || json_is_null(v))
        return;
    if (json_is_number(v)) {
        *out = json_number_value(v);
        *has = true;
        return;
    }
    char numbuf[64];
    const char *s;
    size_t len;
    if (!scalar_text(v, field, errs, numbuf, sizeof(numbuf), &s, &len))
        return;
    if (parse_double(s, len, -1e15, 1e15, out) != ERR_OK) {
        field_errors_add(errs, prefix, "%s '%.*s' is not a number", field,
                         (int)(len > 40 ? 40 : len), s);
        return;
    }
    *has = true;
}

static void
indicators_field(json_t *obj, struct action *a, struct field_errors *errs)
{
    json_t *list = object_list(obj, "indicators", errs);
    size_t n = json_array_size(list);
    if (n > LIMIT_LIST_ITEMS) {
        field_errors_add(errs, "indicators", "has %zu items; at most %d are allowed", n,
                         LIMIT_LIST_ITEMS);
        n = 0;
    }
    if (n > 0)
        a->indicators = xcalloc(n, sizeof(*a->indicators));
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(list, i);
        if (!json_is_object(item)) {
            field_errors_add(errs, "indicators", "item %zu is not an object", i + 1);
            continue;
        }
        struct field_errors sub = {0};
        struct indicator *ind = &a->indicators[a->n_indicators];
        memset(ind, 0, sizeof(*ind));
        ind->name = text_field(item, "name", LIMIT_SHORT_TEXT, true, &sub);
        ind->unit = text_field(item, "unit", LIMIT_SHORT_TEXT, false, &sub);
        number_field(item, "baseline", &ind->has_baseline, &ind->baseline, &sub, "baseline");
        number_field(item, "target", &ind->has_target, &ind->target, &sub, "target");
        date_field(item, "deadline", ind->deadline, &sub);
        const char *keys[] = {"name", "unit", "baseline", "target", "deadline"};
        const char *key;
        json_t *value;
        json_object_foreach(item, key, value)
        {
            bool known = false;
            for (size_t k = 0; k < ARRAY_LEN(keys); k++)
                known = known || strcmp(key, keys[k]) == 0;
            if (!known)
                field_errors_add(&sub, key, "is not an indicator field");
        }
        for (size_t k = 0; k < sub.count; k++)
            field_errors_add(errs, "indicators", "item %zu: %s %s", i + 1, sub.items[k].field,
                             sub.items[k].message);
        a->n_indicators++;
        if (sub.total > 0) {
            /* keep it counted so action_release() frees it, but the record is rejected */
        }
    }
    json_decref(list);
}

/* A forum's or session's slug: 1-64 of a-z, 0-9 and '-', not starting or ending with '-'. */
static bool
is_slug(const char *s, size_t len)
{
    if (len == 0 || len > LIMIT_SLUG || s[0] == '-' || s[len - 1] == '-')
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return false;
    return true;
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct forums_ctx {
    struct string_list *list;
    struct field_errors *errs;
};

/* An item of an action's "forums": a forum's slug, any case; the same forum twice is once.
 * Whether the forum exists is for action_write() to check: it may be defined earlier in the
 * same import. */
static void
add_forum_slug(void *ctx, json_t *item, const char *s, size_t len, size_t index)
{
    struct forums_ctx *c = ctx;
    char slug[LIMIT_SLUG + 1] = "";
    (void)index;
    if (item != NULL) {
        field_errors_add(c->errs, "forums", "items must be forum slugs, not objects");
        return;
    }
    bool ok = len <= LIMIT_SLUG;
    for (size_t i = 0; ok && i < len; i++)
        slug[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
    if (!ok || !is_slug(slug, len)) {
        field_errors_add(c->errs, "forums",
                         "'%.*s' is not a forum slug (a-z, 0-9 and '-', as in imrf-2022)",
                         (int)(len > 60 ? 60 : len), s);
        return;
    }
    slug[len] = '\0';
    for (size_t i = 0; i < c->list->count; i++)
        if (strcmp(c->list->items[i], slug) == 0)
            return;
    string_list_add(c->list, slug, len);
}

struct paragraphs_ctx {
    uint32_t *set;
    struct field_errors *errs;
};

/* An item of "declaration_paragraphs": the number of one of the Progress Declaration
 * paragraphs the registry tracks ("21", "para 21"). */
static void
add_paragraph(void *ctx, json_t *item, const char *s, size_t len, size_t index)
{
    struct paragraphs_ctx *c = ctx;
    (void)index;
    if (item != NULL) {
        field_errors_add(c->errs, "declaration_paragraphs", "items must be numbers, not objects");
        return;
    }
    int i = taxonomy_paragraph_find(s, len);
    if (i < 0) {
        struct buf known;
        buf_init(&known, 512);
        for (size_t k = 0; k < taxonomy_paragraph_count(); k++)
            buf_addf(&known, "%s%d", k ? ", " : "", taxonomy_paragraph((int)k)->number);
        field_errors_add(c->errs, "declaration_paragraphs",
                         "'%.*s' is not a tracked paragraph of the Progress Declaration (%s)",
                         (int)(len > 40 ? 40 : len), s, known.data);
        buf_release(&known);
        return;
    }
    *c->set |= (uint32_t)1 << i;
}

/* Column names spreadsheets use for our fields. */
static const struct {
    const char *alias, *field;
} field_aliases[] = {
    {"id", "external_id"},
    {"objectives", "gcm_objectives"},
    {"gcm_objective", "gcm_objectives"},
    {"gcm", "gcm_objectives"},
    {"principles", "guiding_principles"},
    {"guiding_principle", "guiding_principles"},
    {"gcr_objective", "gcr_objectives"},
    {"gcr", "gcr_objectives"},
    {"sdgs", "sdg_targets"},
    {"sdg", "sdg_targets"},
    {"sdg_target", "sdg_targets"},
    {"theme", "themes"},
    {"target_group", "target_groups"},
    {"partner", "partners"},
    {"network", "networks"},
    {"status", "implementation_status"},
    {"state", "publication_state"},
    {"start", "start_date"},
    {"end", "end_date"},
    {"url", "source_url"},
    {"lead_government", "government"},
    {"forum", "forums"},
    {"paragraphs", "declaration_paragraphs"},
    {"declaration_paragraph", "declaration_paragraphs"},
};

/* Renames the keys of @obj to our field names: case and spaces ignored ("External ID" is
 * external_id), aliases resolved ("Objectives" is gcm_objectives). A key whose field is
 * already present stays as it is, so the record is refused as having an unknown field. */
static void
normalise_fields(json_t *obj, bool aliases)
{
    const char *key;
    json_t *value;
    void *tmp;
    json_object_foreach_safe(obj, tmp, key, value)
    {
        char name[64];
        size_t n = strlen(key);
        if (n >= sizeof(name))
            continue;
        for (size_t i = 0; i <= n; i++) {
            char c = key[i];
            name[i] = c == ' ' || c == '-' ? '_' : (c >= 'A' && c <= 'Z') ? (char)(c | 0x20) : c;
        }
        const char *field = name;
        for (size_t i = 0; aliases && i < ARRAY_LEN(field_aliases); i++)
            if (strcmp(name, field_aliases[i].alias) == 0)
                field = field_aliases[i].field;
        if (strcmp(field, key) == 0 || json_object_get(obj, field) != NULL)
            continue;
        json_object_set(obj, field, value);
        json_object_del(obj, key);
    }
}

static const char *const action_fields[] = {
    "type",
    "external_id",
    "kind",
    "title",
    "summary",
    "description",
    "language",
    "governments",
    "government",
    "country",
    "government_kind",
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
    "id",
    "forums",
    "declaration_paragraphs",
};

static void
check_unknown_fields(json_t *obj, const char *const *fields, size_t n, struct field_errors *errs)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(key, fields[i]) == 0;
        if (!known)
            field_errors_add(errs, key, "is not a known field (see docs/data-format.md)");
    }
}

enum err
validate_action(json_t *obj, struct action *a, struct field_errors *errs)
{
    normalise_fields(obj, true);
    check_unknown_fields(obj, action_fields, ARRAY_LEN(action_fields), errs);

    a->external_id = text_field(obj, "external_id", LIMIT_EXTERNAL_ID, true, errs);
    if (a->external_id != NULL) {
        for (const char *p = a->external_id; *p != '\0'; p++) {
            if (!is_id_char(*p)) {
                field_errors_add(errs, "external_id",
                                 "'%s' may only hold letters, digits and . _ : -", a->external_id);
                break;
            }
        }
    }
    int kind = code_field(obj, "kind", action_kind_codes, ACTION_KIND_COUNT, ACTION_PLEDGE, errs);
    a->kind = kind < 0 ? ACTION_PLEDGE : (enum action_kind)kind;
    a->title = text_field(obj, "title", LIMIT_TITLE, true, errs);
    a->summary = text_field(obj, "summary", LIMIT_SUMMARY, false, errs);
    a->description = text_field(obj, "description", LIMIT_DESCRIPTION, false, errs);

    char *language = text_field(obj, "language", 3, false, errs);
    if (language != NULL) {
        size_t n = strlen(language);
        bool ok = n == 2 || n == 3;
        for (size_t i = 0; i < n; i++)
            ok = ok && ((language[i] >= 'a' && language[i] <= 'z') ||
                        (language[i] >= 'A' && language[i] <= 'Z'));
        if (!ok) {
            field_errors_add(errs, "language", "'%s' is not an ISO 639-1 language code", language);
        } else {
            for (size_t i = 0; i <= n; i++)
                a->language[i] = (char)(language[i] | (language[i] ? 0x20 : 0));
        }
        free(language);
    }

    struct govs_ctx gctx = {a, errs};
    for_each_item(json_object_get(obj, "governments"), "governments", errs, add_gov, &gctx, false);
    add_gov_columns(obj, a, errs);
    if (a->n_governments == 0 && json_object_get(obj, "governments") == NULL &&
        json_object_get(obj, "government") == NULL)
        field_errors_add(errs, "governments", "is required (the lead government first)");
    else if (a->n_governments == 0 && errs->total == 0)
        field_errors_add(errs, "governments", "must name at least one government");

    for (int v = 0; v < VOCAB_COUNT; v++) {
        struct terms_ctx tctx = {(enum vocab_id)v, &a->terms[v], errs};
        const char *field = taxonomy_vocab((enum vocab_id)v)->field;
        for_each_item(json_object_get(obj, field), field, errs, add_term, &tctx, true);
    }

    date_field(obj, "start_date", a->start_date, errs);
    json_t *end = json_object_get(obj, "end_date");
    if (json_is_string(end) &&
        (text_ieq(json_string_value(end), json_string_length(end), "tbc") ||
         text_ieq(json_string_value(end), json_string_length(end), "to be confirmed"))) {
        a->end_tbc = true;
    } else {
        date_field(obj, "end_date", a->end_date, errs);
    }
    if (a->start_date[0] && a->end_date[0] &&
        date_compare(a->end_date, false, a->start_date, true) < 0)
        field_errors_add(errs, "end_date", "%s is before the start date %s", a->end_date,
                         a->start_date);

    money_field(obj, "budget", &a->budget, errs);
    money_field(obj, "funding_secured", &a->funding_secured, errs);
    money_field(obj, "funding_sought", &a->funding_sought, errs);
    char *currency = text_field(obj, "currency", 3, false, errs);
    if (currency != NULL) {
        bool ok = strlen(currency) == 3;
        for (size_t i = 0; i < 3 && ok; i++)
            ok = (currency[i] >= 'A' && currency[i] <= 'Z') ||
                 (currency[i] >= 'a' && currency[i] <= 'z');
        if (!ok) {
            field_errors_add(errs, "currency", "'%s' is not an ISO 4217 code such as USD",
                             currency);
        } else {
            for (size_t i = 0; i < 3; i++)
                a->currency[i] = (char)(currency[i] & ~0x20);
            a->currency[3] = '\0';
        }
        free(currency);
    }
    if ((a->budget.present || a->funding_secured.present || a->funding_sought.present) &&
        a->currency[0] == '\0' && json_object_get(obj, "currency") == NULL)
        field_errors_add(errs, "currency", "is required when an amount is given");

    struct strings_ctx sctx = {&a->partners, "partners", LIMIT_SHORT_TEXT, errs};
    for_each_item(json_object_get(obj, "partners"), "partners", errs, add_string, &sctx, false);
    a->source = text_field(obj, "source", LIMIT_SOURCE, false, errs);
    a->source_url = url_field(obj, "source_url", errs);

    int pub = code_field(obj, "publication_state", publication_state_codes, PUB_STATE_COUNT,
                         PUB_PUBLISHED, errs);
    a->publication = pub < 0 ? PUB_PUBLISHED : (enum publication_state)pub;
    int status = code_field(obj, "implementation_status", impl_status_codes, IMPL_STATUS_COUNT,
                            IMPL_PLANNED, errs);
    a->status = status < 0 ? IMPL_PLANNED : (enum impl_status)status;

    indicators_field(obj, a, errs);
    struct forums_ctx fctx = {&a->forums, errs};
    for_each_item(json_object_get(obj, "forums"), "forums", errs, add_forum_slug, &fctx, true);
    if (a->forums.count > 1)
        qsort(a->forums.items, a->forums.count, sizeof(*a->forums.items), compare_strings);
    struct paragraphs_ctx pctx = {&a->paragraphs, errs};
    for_each_item(json_object_get(obj, "declaration_paragraphs"), "declaration_paragraphs", errs,
                  add_paragraph, &pctx, true);
    time_field(obj, "created_at", &a->created_at, errs);
    time_field(obj, "updated_at", &a->updated_at, errs);
    if (a->created_at && a->updated_at && a->updated_at < a->created_at)
        field_errors_add(errs, "updated_at", "is before created_at");
    return errs->total > 0 ? ERR_INVALID : ERR_OK;
}

static const char *const government_fields[] = {
    "type",         "name",     "country",   "kind",      "subdivision",
    "population",   "latitude", "longitude", "website",   "networks",
    "endorsements", "slug",     "region",    "subregion", "id",
};

static void
endorsements_field(json_t *obj, struct government *g, struct field_errors *errs)
{
    json_t *list = object_list(obj, "endorsements", errs);
    size_t n = json_array_size(list);
    if (n > LIMIT_LIST_ITEMS) {
        field_errors_add(errs, "endorsements", "has too many items");
        n = 0;
    }
    if (n > 0)
        g->endorsements = xcalloc(n, sizeof(*g->endorsements));
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(list, i);
        if (!json_is_object(item)) {
            field_errors_add(errs, "endorsements", "item %zu is not an object", i + 1);
            continue;
        }
        struct field_errors sub = {0};
        struct endorsement *e = &g->endorsements[g->n_endorsements++];
        e->declaration = text_field(item, "declaration", 100, false, &sub);
        if (e->declaration == NULL)
            e->declaration = xstrdup("marrakech-mayors-declaration");
        date_field(item, "date", e->date, &sub);
        e->signatory_name = text_field(item, "signatory_name", LIMIT_SHORT_TEXT, false, &sub);
        e->signatory_title = text_field(item, "signatory_title", LIMIT_SHORT_TEXT, false, &sub);
        for (size_t k = 0; k < sub.count; k++)
            field_errors_add(errs, "endorsements", "item %zu: %s %s", i + 1, sub.items[k].field,
                             sub.items[k].message);
    }
    json_decref(list);
}

enum err
validate_government(json_t *obj, struct government *g, struct field_errors *errs)
{
    normalise_fields(obj, false);
    check_unknown_fields(obj, government_fields, ARRAY_LEN(government_fields), errs);
    g->name = text_field(obj, "name", LIMIT_NAME, true, errs);
    if (g->name != NULL && strchr(g->name, ';') != NULL)
        field_errors_add(errs, "name", "may not contain ';'");
    char numbuf[64];
    const char *s;
    size_t len;
    if (scalar_text(json_object_get(obj, "country"), "country", errs, numbuf, sizeof(numbuf), &s,
                    &len)) {
        g->country = taxonomy_country_find(s, len);
        if (g->country < 0)
            field_errors_add(errs, "country", "'%.*s' is not a known country",
                             (int)(len > 60 ? 60 : len), s);
    } else {
        field_errors_add(errs, "country", "is required");
    }
    int kind = code_field(obj, "kind", gov_kind_codes, GOV_KIND_COUNT, GOV_CITY, errs);
    g->kind = kind < 0 ? GOV_CITY : (enum gov_kind)kind;
    g->subdivision = text_field(obj, "subdivision", LIMIT_SHORT_TEXT, false, errs);

    json_t *pop = json_object_get(obj, "population");
    if (pop != NULL && !json_is_null(pop) &&
        scalar_text(pop, "population", errs, numbuf, sizeof(numbuf), &s, &len)) {
        if (parse_i64(s, len, 0, 100000000000LL, &g->population) != ERR_OK)
            field_errors_add(errs, "population", "'%.*s' is not a whole number from 0",
                             (int)(len > 40 ? 40 : len), s);
        else
            g->has_population = true;
    }
    bool has_lat, has_lon;
    number_field(obj, "latitude", &has_lat, &g->latitude, errs, "latitude");
    number_field(obj, "longitude", &has_lon, &g->longitude, errs, "longitude");
    if (has_lat != has_lon)
        field_errors_add(errs, has_lat ? "longitude" : "latitude",
                         "is required with the other coordinate");
    else if (has_lat && (g->latitude < -90 || g->latitude > 90))
        field_errors_add(errs, "latitude", "%g is not within -90..90", g->latitude);
    else if (has_lat && (g->longitude < -180 || g->longitude > 180))
        field_errors_add(errs, "longitude", "%g is not within -180..180", g->longitude);
    else
        g->has_location = has_lat;
    g->website = url_field(obj, "website", errs);

    struct strings_ctx sctx = {&g->networks, "networks", LIMIT_SHORT_TEXT, errs};
    for_each_item(json_object_get(obj, "networks"), "networks", errs, add_string, &sctx, false);
    endorsements_field(obj, g, errs);
    return errs->total > 0 ? ERR_INVALID : ERR_OK;
}

/* ---- forums ---- */

static const char *const forum_fields[] = {
    "type",    "slug",        "name",        "kind",     "place",   "starts_on",
    "ends_on", "description", "governments", "sessions", "figures", "actions",
};
static const char *const forum_government_fields[] = {
    "name", "country", "kind", "national_delegation", "slug", "region",
};
static const char *const session_fields[] = {
    "slug", "title", "kind", "day", "starts_at", "ends_at", "room", "summary", "participants",
};
static const char *const participant_fields[] = {
    "government", "name", "title", "organisation", "role",
};

/* @label followed by @suffix into @out (a field_error's field), cut to fit. */
static void
sublabel(char out[48], const char *label, const char *suffix)
{
    size_t a = strnlen(label, 47), b = strlen(suffix);
    if (a + b > 47)
        b = 47 - a;
    memcpy(out, label, a);
    memcpy(out + a, suffix, b);
    out[a + b] = '\0';
}

/* A full date "YYYY-MM-DD" (a forum's days are known to the day), "" when absent. */
static void
day_field(json_t *obj, const char *field, const char *label, char out[11],
          struct field_errors *errs)
{
    struct field_errors sub = {0};
    date_field(obj, field, out, &sub);
    if (sub.total == 0 && out[0] != '\0' && strlen(out) != 10)
        field_errors_add(&sub, field, "'%s' is not a whole date (YYYY-MM-DD)", out);
    for (size_t i = 0; i < sub.count; i++)
        field_errors_add(errs, label, "%s", sub.items[i].message);
    if (sub.total > 0)
        out[0] = '\0';
}

/* A time of day "HH:MM" (also "H:MM"), "" when absent. */
static void
clock_field(json_t *obj, const char *field, const char *label, char out[6],
            struct field_errors *errs)
{
    char numbuf[64];
    const char *s;
    size_t len;
    int64_t h, m;
    out[0] = '\0';
    if (!scalar_text(json_object_get(obj, field), label, errs, numbuf, sizeof(numbuf), &s, &len))
        return;
    const char *colon = memchr(s, ':', len);
    size_t hl = colon != NULL ? (size_t)(colon - s) : 0;
    if (colon == NULL || hl < 1 || hl > 2 || len - hl - 1 != 2 ||
        parse_i64(s, hl, 0, 23, &h) != ERR_OK || parse_i64(colon + 1, 2, 0, 59, &m) != ERR_OK) {
        field_errors_add(errs, label, "'%.*s' is not a time of day (HH:MM, 00:00 to 23:59)",
                         (int)(len > 40 ? 40 : len), s);
        return;
    }
    snprintf(out, 6, "%02d:%02d", (int)h, (int)m);
}

/* A text field of a nested object, reported as @label ("sessions[2].title"). */
static char *
nested_text(json_t *obj, const char *field, const char *label, size_t max_chars, bool required,
            struct field_errors *errs)
{
    struct field_errors sub = {0};
    char *v = text_field(obj, field, max_chars, required, &sub);
    for (size_t i = 0; i < sub.count; i++)
        field_errors_add(errs, label, "%s", sub.items[i].message);
    return v;
}

static void
check_nested_fields(json_t *obj, const char *const *fields, size_t n, const char *label,
                    struct field_errors *errs)
{
    const char *k;
    json_t *value;
    json_object_foreach(obj, k, value)
    {
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(k, fields[i]) == 0;
        if (!known)
            field_errors_add(errs, label, "'%.40s' is not a known field", k);
    }
}

/* A list field that must be a JSON array (of at most @max items), or absent. */
static json_t *
array_field(json_t *obj, const char *field, size_t max, struct field_errors *errs)
{
    json_t *v = json_object_get(obj, field);
    if (v == NULL || json_is_null(v))
        return NULL;
    if (!json_is_array(v)) {
        field_errors_add(errs, field, "must be a list");
        return NULL;
    }
    if (json_array_size(v) > max) {
        field_errors_add(errs, field, "has %zu items; at most %zu are allowed", json_array_size(v),
                         max);
        return NULL;
    }
    return v;
}

static bool
same_ref(const struct gov_ref *a, const struct gov_ref *b)
{
    if (a->country != b->country)
        return false;
    struct buf ka, kb;
    buf_init(&ka, 4096);
    buf_init(&kb, 4096);
    text_fold_key(&ka, a->name, strlen(a->name));
    text_fold_key(&kb, b->name, strlen(b->name));
    bool same = strcmp(ka.data, kb.data) == 0;
    buf_release(&ka);
    buf_release(&kb);
    return same;
}

static void
forum_governments_field(json_t *obj, struct forum *f, struct field_errors *errs)
{
    json_t *list = array_field(obj, "governments", LIMIT_FORUM_GOVERNMENTS, errs);
    size_t n = json_array_size(list);
    if (n > 0)
        f->governments = xcalloc(n, sizeof(*f->governments));
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(list, i);
        char label[48];
        snprintf(label, sizeof(label), "governments[%zu]", i + 1);
        struct forum_government g = {0};
        bool ok;
        if (json_is_object(item)) {
            check_nested_fields(item, forum_government_fields, ARRAY_LEN(forum_government_fields),
                                label, errs);
            ok = gov_ref_parse(item, NULL, 0, label, &g.ref, errs);
            json_t *nd = json_object_get(item, "national_delegation");
            if (nd != NULL && !json_is_null(nd) && !json_is_boolean(nd)) {
                field_errors_add(errs, label, "national_delegation must be true or false");
                ok = false;
            }
            g.national_delegation = json_is_true(nd);
        } else if (json_is_string(item)) {
            ok = gov_ref_parse(NULL, json_string_value(item), json_string_length(item), label,
                               &g.ref, errs);
        } else {
            field_errors_add(errs, label, "must be an object or 'NAME, COUNTRY'");
            ok = false;
        }
        for (size_t k = 0; ok && k < f->n_governments; k++) {
            if (same_ref(&f->governments[k].ref, &g.ref)) {
                field_errors_add(errs, label, "'%s' is listed twice (also governments[%zu])",
                                 g.ref.name, k + 1);
                ok = false;
            }
        }
        if (!ok) {
            free(g.ref.name);
            continue;
        }
        f->governments[f->n_governments++] = g;
    }
}

static void
participant_field(json_t *item, const char *label, struct forum *f, struct forum_participant *out,
                  struct field_errors *errs)
{
    char sub[48];
    check_nested_fields(item, participant_fields, ARRAY_LEN(participant_fields), label, errs);
    json_t *gov = json_object_get(item, "government");
    sublabel(sub, label, ".government");
    if (gov != NULL && !json_is_null(gov)) {
        struct gov_ref ref;
        bool ok = false;
        if (json_is_object(gov)) {
            json_t *copy = json_deep_copy(gov);
            json_object_del(copy, "slug"); /* as GET /api/v1/forums/{slug} writes it */
            ok = gov_ref_parse(copy, NULL, 0, sub, &ref, errs);
            json_decref(copy);
        } else if (json_is_string(gov)) {
            ok = gov_ref_parse(NULL, json_string_value(gov), json_string_length(gov), sub, &ref,
                               errs);
        } else {
            field_errors_add(errs, sub, "must be an object or 'NAME, COUNTRY'");
        }
        const struct forum_government *member = NULL;
        for (size_t k = 0; ok && k < f->n_governments && member == NULL; k++)
            if (same_ref(&f->governments[k].ref, &ref))
                member = &f->governments[k];
        if (ok && member == NULL) {
            field_errors_add(errs, sub, "'%s, %s' is not one of the forum's governments", ref.name,
                             taxonomy_country(ref.country)->alpha2);
            ok = false;
        }
        if (ok) {
            out->has_government = true;
            out->government = ref;
            out->government.kind = member->ref.kind;
        } else if (ref.name != NULL) {
            free(ref.name);
        }
    }
    sublabel(sub, label, ".name");
    out->name = nested_text(item, "name", sub, LIMIT_NAME, false, errs);
    sublabel(sub, label, ".title");
    out->title = nested_text(item, "title", sub, LIMIT_SHORT_TEXT, false, errs);
    sublabel(sub, label, ".organisation");
    out->organisation = nested_text(item, "organisation", sub, LIMIT_SHORT_TEXT, false, errs);
    sublabel(sub, label, ".role");
    struct field_errors role_errs = {0};
    int role = code_field(item, "role", participant_role_codes, PART_ROLE_COUNT, -2, &role_errs);
    for (size_t i = 0; i < role_errs.count; i++)
        field_errors_add(errs, sub, "%s", role_errs.items[i].message);
    if (role == -2)
        field_errors_add(errs, sub,
                         "is required (speaker, panellist, keynote, moderator, "
                         "delegate, national_delegation or participant)");
    out->role = role < 0 ? PART_PARTICIPANT : (enum participant_role)role;
    if (!out->has_government && out->name == NULL && out->organisation == NULL &&
        json_object_get(item, "government") == NULL)
        field_errors_add(errs, label, "names nobody: give a government, a name or an organisation");
}

static void
session_field(json_t *item, size_t index, struct forum *f, struct field_errors *errs)
{
    char label[48], sub[48];
    snprintf(label, sizeof(label), "sessions[%zu]", index + 1);
    if (!json_is_object(item)) {
        field_errors_add(errs, label, "must be an object");
        return;
    }
    check_nested_fields(item, session_fields, ARRAY_LEN(session_fields), label, errs);
    struct forum_session *se = &f->sessions[f->n_sessions++];
    sublabel(sub, label, ".title");
    se->title = nested_text(item, "title", sub, LIMIT_TITLE, true, errs);
    sublabel(sub, label, ".slug");
    se->slug = nested_text(item, "slug", sub, LIMIT_SLUG, false, errs);
    if (se->slug != NULL && !is_slug(se->slug, strlen(se->slug))) {
        field_errors_add(errs, sub, "'%s' is not a slug (a-z, 0-9 and '-')", se->slug);
    } else if (se->slug == NULL && se->title != NULL) {
        /* made from the title, cut to the slug's length at a word */
        struct buf b;
        buf_init(&b, 4096);
        text_slug(&b, se->title, strlen(se->title));
        size_t n = b.len;
        if (n > LIMIT_SLUG) {
            n = LIMIT_SLUG;
            while (n > 0 && b.data[n - 1] != '-')
                n--;
            n = n > 1 ? n - 1 : LIMIT_SLUG;
        }
        se->slug = n > 0 ? xstrndup(b.data, n) : xstrdup("session");
        buf_release(&b);
    }
    for (size_t k = 0; se->slug != NULL && k + 1 < f->n_sessions; k++)
        if (f->sessions[k].slug != NULL && strcmp(f->sessions[k].slug, se->slug) == 0)
            field_errors_add(errs, sub, "'%s' is the slug of sessions[%zu] too", se->slug, k + 1);
    sublabel(sub, label, ".kind");
    struct field_errors kind_errs = {0};
    int kind = code_field(item, "kind", session_kind_codes, SESSION_KIND_COUNT, -2, &kind_errs);
    for (size_t i = 0; i < kind_errs.count; i++)
        field_errors_add(errs, sub, "%s", kind_errs.items[i].message);
    if (kind == -2)
        field_errors_add(errs, sub, "is required (official, side_event or network_event)");
    se->kind = kind < 0 ? SESSION_OFFICIAL : (enum session_kind)kind;
    sublabel(sub, label, ".day");
    day_field(item, "day", sub, se->day, errs);
    if (se->day[0] != '\0' && ((f->starts_on[0] != '\0' && strcmp(se->day, f->starts_on) < 0) ||
                               (f->ends_on[0] != '\0' && strcmp(se->day, f->ends_on) > 0)))
        field_errors_add(errs, sub, "%s is outside the forum's days (%s to %s)", se->day,
                         f->starts_on[0] ? f->starts_on : "?", f->ends_on[0] ? f->ends_on : "?");
    sublabel(sub, label, ".starts_at");
    clock_field(item, "starts_at", sub, se->starts_at, errs);
    sublabel(sub, label, ".ends_at");
    clock_field(item, "ends_at", sub, se->ends_at, errs);
    if (se->starts_at[0] && se->ends_at[0] && strcmp(se->ends_at, se->starts_at) <= 0)
        field_errors_add(errs, sub, "%s is not after the start %s", se->ends_at, se->starts_at);
    sublabel(sub, label, ".room");
    se->room = nested_text(item, "room", sub, LIMIT_SHORT_TEXT, false, errs);
    sublabel(sub, label, ".summary");
    se->summary = nested_text(item, "summary", sub, LIMIT_SUMMARY, false, errs);
    sublabel(sub, label, ".participants");
    json_t *list = array_field(item, "participants", LIMIT_SESSION_PARTICIPANTS, errs);
    size_t n = json_array_size(list);
    if (n > 0)
        se->participants = xcalloc(n, sizeof(*se->participants));
    for (size_t p = 0; p < n; p++) {
        json_t *pi = json_array_get(list, p);
        char item_label[40];
        snprintf(item_label, sizeof(item_label), ".participants[%zu]", p + 1);
        sublabel(sub, label, item_label);
        if (!json_is_object(pi)) {
            field_errors_add(errs, sub, "must be an object");
            continue;
        }
        participant_field(pi, sub, f, &se->participants[se->n_participants++], errs);
    }
}

enum err
validate_forum(json_t *obj, struct forum *f, struct field_errors *errs)
{
    normalise_fields(obj, false);
    check_unknown_fields(obj, forum_fields, ARRAY_LEN(forum_fields), errs);
    f->slug = text_field(obj, "slug", LIMIT_SLUG, true, errs);
    if (f->slug != NULL && !is_slug(f->slug, strlen(f->slug)))
        field_errors_add(errs, "slug", "'%s' may only hold a-z, 0-9 and '-' (as in imrf-2022)",
                         f->slug);
    f->name = text_field(obj, "name", LIMIT_TITLE, true, errs);
    int kind = code_field(obj, "kind", forum_kind_codes, FORUM_KIND_COUNT, FORUM_OTHER, errs);
    f->kind = kind < 0 ? FORUM_OTHER : (enum forum_kind)kind;
    f->place = text_field(obj, "place", LIMIT_SHORT_TEXT, false, errs);
    day_field(obj, "starts_on", "starts_on", f->starts_on, errs);
    day_field(obj, "ends_on", "ends_on", f->ends_on, errs);
    if (f->starts_on[0] && f->ends_on[0] && strcmp(f->ends_on, f->starts_on) < 0)
        field_errors_add(errs, "ends_on", "%s is before the start %s", f->ends_on, f->starts_on);
    f->description = text_field(obj, "description", LIMIT_DESCRIPTION, false, errs);
    forum_governments_field(obj, f, errs);
    json_t *sessions = array_field(obj, "sessions", LIMIT_FORUM_SESSIONS, errs);
    size_t n = json_array_size(sessions);
    if (n > 0)
        f->sessions = xcalloc(n, sizeof(*f->sessions));
    for (size_t i = 0; i < n; i++)
        session_field(json_array_get(sessions, i), i, f, errs);
    return errs->total > 0 ? ERR_INVALID : ERR_OK;
}

/* ---- the field checks, for the validators of other records (validate_fields.h) ---- */

char *
validate_text_field(json_t *obj, const char *field, size_t max_chars, bool required,
                    struct field_errors *errs)
{
    return text_field(obj, field, max_chars, required, errs);
}

char *
validate_url_field(json_t *obj, const char *field, struct field_errors *errs)
{
    return url_field(obj, field, errs);
}

int
validate_code_field(json_t *obj, const char *field, const char *const *codes, int n, int fallback,
                    struct field_errors *errs)
{
    return code_field(obj, field, codes, n, fallback, errs);
}

void
validate_time_field(json_t *obj, const char *field, int64_t *out, struct field_errors *errs)
{
    time_field(obj, field, out, errs);
}

bool
validate_scalar_text(json_t *v, const char *field, struct field_errors *errs, char *numbuf,
                     size_t numbuf_len, const char **s, size_t *len)
{
    return scalar_text(v, field, errs, numbuf, numbuf_len, s, len);
}

bool
validate_is_external_id(const char *s)
{
    if (s == NULL || *s == '\0')
        return false;
    for (const char *p = s; *p != '\0'; p++)
        if (!is_id_char(*p))
            return false;
    return true;
}
