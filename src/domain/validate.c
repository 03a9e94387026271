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

struct govs_ctx {
    struct action *a;
    struct field_errors *errs;
};

static void
add_gov(void *ctx, json_t *item, const char *s, size_t len, size_t index)
{
    struct govs_ctx *c = ctx;
    struct gov_ref ref = {0};
    char why[200];
    (void)index;

    if (item != NULL) {
        struct field_errors sub = {0};
        char *name = text_field(item, "name", LIMIT_NAME, true, &sub);
        char numbuf[64];
        const char *cs;
        size_t clen;
        int country = -1;
        if (scalar_text(json_object_get(item, "country"), "country", &sub, numbuf, sizeof(numbuf),
                        &cs, &clen)) {
            country = taxonomy_country_find(cs, clen);
            if (country < 0)
                field_errors_add(&sub, "country", "'%.*s' is not a known country",
                                 (int)(clen > 60 ? 60 : clen), cs);
        } else {
            field_errors_add(&sub, "country", "is required");
        }
        int kind = code_field(item, "kind", gov_kind_codes, GOV_KIND_COUNT, GOV_CITY, &sub);
        for (size_t i = 0; i < sub.count; i++)
            field_errors_add(c->errs, "governments", "%s %s", sub.items[i].field,
                             sub.items[i].message);
        if (sub.total > 0) {
            free(name);
            return;
        }
        if (name != NULL && strchr(name, ';') != NULL) {
            field_errors_add(c->errs, "governments", "a government name may not contain ';'");
            free(name);
            return;
        }
        ref.name = name;
        ref.country = country;
        ref.kind = (enum gov_kind)kind;
        ref.kind_given = json_object_get(item, "kind") != NULL;
    } else if (validate_gov_ref_text(s, len, &ref, why, sizeof(why)) != ERR_OK) {
        field_errors_add(c->errs, "governments", "%s", why);
        return;
    }
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
