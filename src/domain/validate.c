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
#include "util/written_date.h"
#include "util/xalloc.h"

/* The ways a problem of one item of a list, or of one object, is said around its reason. */
static const struct {
    const char *key, *text;
} nest_texts[] = {
    {"valid_in_field", "{field} {reason}"},
    {"valid_in_item", "item {item}: {field} {reason}"},
};

/* Packs the pair @name, @value into fe->vars at *used, cutting @value on a character boundary
 * to @share bytes for the pair (so a long value leaves room for the others); false when not
 * even the name fits. */
static bool
pack_var(struct field_error *fe, size_t *used, const char *name, const char *value, size_t share)
{
    size_t name_len = strlen(name), len = strlen(value);
    size_t room = sizeof(fe->vars) - *used;
    if (share < room)
        room = share;
    if (name_len + 3 > room)
        return false;
    if (len > room - name_len - 3) {
        len = room - name_len - 3;
        while (len > 0 && ((unsigned char)value[len] & 0xc0) == 0x80)
            len--;
    }
    memcpy(fe->vars + *used, name, name_len + 1);
    *used += name_len + 1;
    memcpy(fe->vars + *used, value, len);
    fe->vars[*used + len] = '\0';
    *used += len + 1;
    fe->vars[*used] = '\0';
    return true;
}

/* fe->vars as a NULL-terminated list of name, value pairs in @vars (room for @cap entries). */
static void
unpack_vars(const struct field_error *fe, const char **vars, size_t cap)
{
    size_t n = 0;
    const char *p = fe->vars;
    while (*p != '\0' && n + 3 <= cap) {
        vars[n++] = p;
        p += strlen(p) + 1;
        vars[n++] = p;
        p += strlen(p) + 1;
    }
    vars[n] = NULL;
}

/* Fills the catalog text of @key (from @lookup), else @english, with @vars into @out. */
static void
fill_text(struct buf *out, const char *key, const char *english,
          const char *(*lookup)(void *ctx, const char *key), void *ctx, const char *const *vars)
{
    const char *text = key != NULL && lookup != NULL ? lookup(ctx, key) : NULL;
    size_t start = out->len;
    if (text != NULL && text_fill(out, text, vars) == ERR_OK)
        return;
    buf_truncate(out, start);
    if (text_fill(out, english, vars) != ERR_OK) {
        buf_truncate(out, start);
        buf_addstr(out, english); /* a value is missing: better the text than nothing */
    }
}

void
field_error_format(const struct field_error *fe, const char *(*lookup)(void *ctx, const char *key),
                   void *ctx, struct buf *out)
{
    const char *vars[2 * FIELD_ERROR_VARS_MAX + 1];
    unpack_vars(fe, vars, ARRAY_LEN(vars));
    if (fe->item == 0 && fe->subfield[0] == '\0') {
        fill_text(out, fe->key, fe->text, lookup, ctx, vars);
        return;
    }
    struct buf reason;
    buf_init(&reason, sizeof(fe->message) * 4);
    fill_text(&reason, fe->key, fe->text, lookup, ctx, vars);
    char item[24];
    snprintf(item, sizeof(item), "%zu", fe->item);
    const char *outer[] = {"item", item, "field", fe->subfield, "reason", reason.data, NULL};
    size_t n = fe->item > 0 ? 1 : 0;
    fill_text(out, nest_texts[n].key, nest_texts[n].text, lookup, ctx, outer);
    buf_release(&reason);
}

/* Writes the English text of @fe into fe->message, cut on a character boundary. */
static void
set_message(struct field_error *fe)
{
    struct buf b;
    buf_init(&b, sizeof(fe->message) * 8);
    field_error_format(fe, NULL, NULL, &b);
    size_t len = b.len;
    if (len >= sizeof(fe->message)) {
        len = sizeof(fe->message) - 1;
        while (len > 0 && ((unsigned char)b.data[len] & 0xc0) == 0x80)
            len--;
    }
    memcpy(fe->message, b.data, len);
    fe->message[len] = '\0';
    buf_release(&b);
}

/* The next free entry of @e for @field, counted; NULL when @e is full. */
static struct field_error *
next_error(struct field_errors *e, const char *field)
{
    e->total++;
    if (e->count == VALIDATE_MAX_ERRORS)
        return NULL;
    struct field_error *fe = &e->items[e->count++];
    snprintf(fe->field, sizeof(fe->field), "%s", field);
    fe->key = NULL;
    fe->text = "{reason}";
    fe->vars[0] = '\0';
    fe->item = 0;
    fe->subfield[0] = '\0';
    return fe;
}

void
field_errors_add(struct field_errors *e, const char *field, const char *fmt, ...)
{
    struct field_error *fe = next_error(e, field);
    if (fe == NULL)
        return;
    char reason[sizeof(fe->message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    size_t used = 0;
    pack_var(fe, &used, "reason", reason, sizeof(fe->vars));
    set_message(fe);
}

void
field_errors_say(struct field_errors *e, const char *field, const char *key, const char *text,
                 const char *const *vars)
{
    struct field_error *fe = next_error(e, field);
    if (fe == NULL)
        return;
    fe->key = key;
    fe->text = text;
    size_t pairs = 0;
    while (vars != NULL && vars[2 * pairs] != NULL && vars[2 * pairs + 1] != NULL &&
           pairs < FIELD_ERROR_VARS_MAX)
        pairs++;
    size_t used = 0;
    for (size_t i = 0; i < pairs; i++) {
        if (!pack_var(fe, &used, vars[2 * i], vars[2 * i + 1], sizeof(fe->vars) / pairs))
            break;
    }
    set_message(fe);
}

void
field_errors_nest(struct field_errors *e, const char *field, size_t item,
                  const struct field_errors *sub)
{
    for (size_t i = 0; i < sub->total; i++) {
        struct field_error *fe = next_error(e, field);
        if (fe == NULL || i >= sub->count)
            continue;
        const struct field_error *in = &sub->items[i];
        fe->key = in->key;
        fe->text = in->text;
        memcpy(fe->vars, in->vars, sizeof(fe->vars));
        fe->item = item;
        snprintf(fe->subfield, sizeof(fe->subfield), "%s", in->field);
        set_message(fe);
    }
}

/* Adds each problem of @sub to @e as a problem of @field, its reason unchanged: a field of a
 * nested object checked on its own and named by its path ("sessions[2].title"). */
static void
field_errors_relabel(struct field_errors *e, const char *field, const struct field_errors *sub)
{
    for (size_t i = 0; i < sub->total; i++) {
        struct field_error *fe = next_error(e, field);
        if (fe == NULL || i >= sub->count)
            continue;
        *fe = sub->items[i];
        snprintf(fe->field, sizeof(fe->field), "%s", field);
    }
}

/* Quotes input @s in a message: at most @max characters, printable, valid UTF-8. */
static void
excerpt(char *out, size_t cap, const char *s, size_t len, size_t max)
{
    struct buf b;
    buf_init(&b, cap - 1);
    text_add_excerpt(&b, s, len, max);
    snprintf(out, cap, "%s", b.data);
    buf_release(&b);
}

#define EXCERPT_CHARS      60
#define EXCERPT_BYTES      (EXCERPT_CHARS * 4 + 1)
#define SLUG_EXCERPT_BYTES (LIMIT_SLUG * 4 + 1) /* a slug quoted whole */

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
    if (json_is_array(v))
        field_errors_say(errs, field, "valid_scalar_not_list",
                         "must be text or a number, not a list", NULL);
    else if (json_is_object(v))
        field_errors_say(errs, field, "valid_scalar_not_object",
                         "must be text or a number, not an object", NULL);
    else
        field_errors_say(errs, field, "valid_scalar_not_boolean",
                         "must be text or a number, not a boolean", NULL);
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
            field_errors_say(errs, field, "valid_required", "is required", NULL);
        else if (required)
            field_errors_say(errs, field, "valid_required_not_empty",
                             "is required and must not be empty", NULL);
        return NULL;
    }
    if (!text_is_utf8(s, len)) {
        field_errors_say(errs, field, "valid_not_utf8", "is not valid UTF-8 text", NULL);
        return NULL;
    }
    size_t chars = text_utf8_length(s, len);
    if (chars > max_chars) {
        char count[24], max[24];
        snprintf(count, sizeof(count), "%zu", chars);
        snprintf(max, sizeof(max), "%zu", max_chars);
        field_errors_say(errs, field, "valid_too_long",
                         "is {count} characters long; at most {max} are allowed",
                         (const char *const[]){"count", count, "max", max, NULL});
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
    if (url != NULL && strncmp(url, "www.", 4) == 0 && strlen(url) + 8 <= LIMIT_URL) {
        /* "www.example.org" as spreadsheets write addresses: https://, as browsers read it */
        char *full = xmalloc(strlen(url) + 9);
        memcpy(full, "https://", 8);
        memcpy(full + 8, url, strlen(url) + 1);
        free(url);
        url = full;
    }
    if (url != NULL && (!is_url(url) || strpbrk(url, " \t\r\n\"<>") != NULL)) {
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), url, strlen(url), EXCERPT_CHARS);
        field_errors_say(errs, field, "valid_not_url",
                         "'{value}' is not an http:// or https:// address",
                         (const char *const[]){"value", value, NULL});
        free(url);
        return NULL;
    }
    return url;
}

/* A word people write for a code, folded as text_fold_key() folds (so case, accents and
 * hyphens do not matter). */
struct word_code {
    const char *word, *code;
};

/* The code @s stands for among @words, or NULL. */
static const char *
word_code_find(const struct word_code *words, size_t n, const char *s, size_t len)
{
    struct buf key;
    buf_init(&key, 256);
    text_fold_key(&key, s, len);
    const char *code = NULL;
    for (size_t i = 0; i < n && code == NULL && key.data != NULL; i++)
        if (strcmp(key.data, words[i].word) == 0)
            code = words[i].code;
    buf_release(&key);
    return code;
}

/* Language names in English, French and Spanish and in the language itself, for the languages
 * of the UN and of most pledges. */
static const struct word_code language_words[] = {
    {"english", "en"},   {"anglais", "en"},    {"ingles", "en"},     {"french", "fr"},
    {"francais", "fr"},  {"frances", "fr"},    {"spanish", "es"},    {"espanol", "es"},
    {"espagnol", "es"},  {"castellano", "es"}, {"portuguese", "pt"}, {"portugues", "pt"},
    {"portugais", "pt"}, {"arabic", "ar"},     {"arabe", "ar"},      {"russian", "ru"},
    {"russe", "ru"},     {"ruso", "ru"},       {"chinese", "zh"},    {"chinois", "zh"},
    {"chino", "zh"},     {"german", "de"},     {"deutsch", "de"},    {"allemand", "de"},
    {"aleman", "de"},    {"italian", "it"},    {"italiano", "it"},   {"italien", "it"},
    {"turkish", "tr"},   {"turkce", "tr"},     {"turc", "tr"},       {"turco", "tr"},
};

/* Words cities write for kinds and statuses, the Global Refugee Forum's own among them. */
static const struct word_code kind_words[] = {
    {"commitment", "pledge"},
    {"good practice", "practice"},
    {"promising practice", "practice"},
    {"best practice", "practice"},
};
static const struct word_code status_words[] = {
    {"in the planning stage", "planned"},
    {"not started", "planned"},
    {"not yet started", "planned"},
    {"ongoing", "in_progress"},
    {"under way", "in_progress"},
    {"underway", "in_progress"},
    {"fulfilled", "completed"},
    {"complete", "completed"},
    {"finished", "completed"},
    {"cancelled", "discontinued"},
    {"canceled", "discontinued"},
    {"stopped", "discontinued"},
};

/* The index in @codes of the code that word @s stands for, or -1. */
static int
code_synonym(const char *const *codes, int n, const char *s, size_t len)
{
    const char *code =
        codes == action_kind_codes   ? word_code_find(kind_words, ARRAY_LEN(kind_words), s, len)
        : codes == impl_status_codes ? word_code_find(status_words, ARRAY_LEN(status_words), s, len)
                                     : NULL;
    return code != NULL ? model_code_find(codes, n, code, strlen(code)) : -1;
}

bool
validate_is_action_kind(const char *s)
{
    size_t len = strlen(s);
    return model_code_find(action_kind_codes, ACTION_KIND_COUNT, s, len) >= 0 ||
           code_synonym(action_kind_codes, ACTION_KIND_COUNT, s, len) >= 0;
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
    if (i < 0 && len < 64)
        i = code_synonym(codes, n, s, len);
    if (i < 0) {
        struct buf allowed;
        buf_init(&allowed, 512);
        for (int k = 0; k < n; k++) {
            buf_addstr(&allowed, k ? ", " : "");
            buf_addstr(&allowed, codes[k]);
        }
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), s, len, EXCERPT_CHARS);
        field_errors_say(errs, field, "valid_not_one_of", "'{value}' is not one of: {allowed}",
                         (const char *const[]){"value", value, "allowed", allowed.data, NULL});
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

/* "has N items; at most M are allowed" */
static void
too_many_items(struct field_errors *errs, const char *field, size_t n, size_t most)
{
    char count[24], max[24];
    snprintf(count, sizeof(count), "%zu", n);
    snprintf(max, sizeof(max), "%zu", most);
    field_errors_say(errs, field, "valid_too_many_items",
                     "has {count} items; at most {max} are allowed",
                     (const char *const[]){"count", count, "max", max, NULL});
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
            too_many_items(errs, field, n, LIMIT_LIST_ITEMS);
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
        field_errors_say(errs, field, "valid_not_list", "must be a list", NULL);
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
        char max[24];
        snprintf(max, sizeof(max), "%d", LIMIT_LIST_ITEMS);
        field_errors_say(errs, field, "valid_more_items_than", "has more than {max} items",
                         (const char *const[]){"max", max, NULL});
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
        field_errors_say(c->errs, v->field, "valid_codes_not_objects",
                         "items must be codes, not objects", NULL);
        return;
    }
    int i = taxonomy_match(c->vocab, s, len);
    if (i < 0) {
        char value[EXCERPT_BYTES], max[24];
        excerpt(value, sizeof(value), s, len, 40);
        snprintf(max, sizeof(max), "%zu", v->count);
        if (v->numeric)
            field_errors_say(c->errs, v->field, "valid_not_term_number",
                             "'{value}' is not a number from 1 to {max}",
                             (const char *const[]){"value", value, "max", max, NULL});
        else
            field_errors_say(c->errs, v->field, "valid_not_term_code",
                             "'{value}' is not a known code (see GET /api/v1/taxonomy)",
                             (const char *const[]){"value", value, NULL});
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
    if (parse_date_written(s, len, out) != ERR_OK) {
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), s, len, 40);
        field_errors_say(errs, field, "valid_not_date",
                         "'{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                         (const char *const[]){"value", value, NULL});
    }
}

/* How spreadsheets group thousands: "1,500,000.50", "1 500 000" (also with a no-break space
 * U+00A0 or U+202F), "1'500'000". */
static const char *const thousands_separators[] = {",", " ", "'", "\xc2\xa0", "\xe2\x80\xaf"};

/* Which of thousands_separators starts @s (@len bytes), into *kind; its length, 0 for none. */
static size_t
separator_at(const char *s, size_t len, size_t *kind)
{
    for (size_t k = 0; k < ARRAY_LEN(thousands_separators); k++) {
        size_t n = strlen(thousands_separators[k]);
        if (n <= len && memcmp(s, thousands_separators[k], n) == 0) {
            *kind = k;
            return n;
        }
    }
    return 0;
}

/* An amount whose thousands are grouped by one kind of separator, between groups of exactly
 * three digits, which cannot be read another way. Copies it without them into @out. */
static bool
strip_thousands(const char *s, size_t len, char *out, size_t cap)
{
    size_t end = len, o = 0;
    const char *dot = memchr(s, '.', len);
    if (dot != NULL)
        end = (size_t)(dot - s);
    if (len >= cap)
        return false;
    size_t group = 0, separators = 0, kind = 0, first_kind = 0;
    for (size_t i = 0; i < end;) {
        size_t n = separator_at(s + i, end - i, &kind);
        if (n > 0) {
            if (i == 0 || (separators > 0 && kind != first_kind) || (o > 3 && group != 3) ||
                (o <= 3 && group > 3))
                return false;
            first_kind = kind;
            separators++;
            group = 0;
            i += n;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        out[o++] = s[i++];
        group++;
    }
    if (separators == 0 || group != 3)
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
            field_errors_say(errs, field, "valid_negative", "must not be negative", NULL);
            return;
        }
        len = (size_t)snprintf(numbuf, sizeof(numbuf), "%.2f", d);
        s = numbuf;
        if (len >= sizeof(numbuf) || fabs(d * 100 - (double)(int64_t)(d * 100 + 0.5)) > 1e-6) {
            field_errors_say(errs, field, "valid_decimals", "has more than 2 decimals", NULL);
            return;
        }
    } else if (!scalar_text(v, field, errs, numbuf, sizeof(numbuf), &s, &len)) {
        return;
    }
    if (len > 0 && s[0] == '-') {
        field_errors_say(errs, field, "valid_negative", "must not be negative", NULL);
        return;
    }
    char plain[64];
    if (strip_thousands(s, len, plain, sizeof(plain))) {
        s = plain;
        len = strlen(plain);
    }
    if (parse_money(s, len, LIMIT_MONEY_CENTS, &out->cents) != ERR_OK) {
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), s, len, 40);
        field_errors_say(errs, field, "valid_not_amount",
                         "'{value}' is not an amount (digits, optionally '.' and 2 decimals, at "
                         "most 10^15)",
                         (const char *const[]){"value", value, NULL});
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
    if (parse_timestamp(s, len, out) != ERR_OK) {
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), s, len, 40);
        field_errors_say(errs, field, "valid_not_time",
                         "'{value}' is not a UTC time YYYY-MM-DDTHH:MM:SSZ",
                         (const char *const[]){"value", value, NULL});
    }
}

static bool
is_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == ':' || c == '-';
}

enum err
validate_gov_ref_text(const char *s, size_t len, struct gov_ref *out, struct field_errors *errs)
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
    struct field_errors none;
    none.count = none.total = 0;
    if (errs == NULL)
        errs = &none;
    char value[80 * 4 + 1], max[24];
    excerpt(value, sizeof(value), s, len, 80);
    if (country < 0) {
        field_errors_say(errs, "governments", "valid_gov_no_country",
                         "'{value}' does not end with a known country ('NAME, COUNTRY')",
                         (const char *const[]){"value", value, NULL});
        return ERR_INVALID;
    }
    if (name_len == 0) {
        field_errors_say(errs, "governments", "valid_gov_no_name",
                         "'{value}' has no government name before the country",
                         (const char *const[]){"value", value, NULL});
        return ERR_INVALID;
    }
    if (memchr(name, ';', name_len) != NULL) {
        field_errors_say(errs, "governments", "valid_gov_semicolon",
                         "a government name may not contain ';'", NULL);
        return ERR_INVALID;
    }
    if (text_utf8_length(name, name_len) > LIMIT_NAME) {
        snprintf(max, sizeof(max), "%d", LIMIT_NAME);
        field_errors_say(errs, "governments", "valid_gov_too_long",
                         "a government name is longer than {max} characters",
                         (const char *const[]){"max", max, NULL});
        return ERR_INVALID;
    }
    out->name = xstrndup(name, name_len);
    out->country = country;
    out->kind = GOV_CITY;
    out->kind_given = false;
    out->id = 0;
    return ERR_OK;
}

/* "'X' is not a known country" */
static void
unknown_country(struct field_errors *errs, const char *field, const char *s, size_t len)
{
    char value[EXCERPT_BYTES];
    excerpt(value, sizeof(value), s, len, EXCERPT_CHARS);
    field_errors_say(errs, field, "valid_not_country", "'{value}' is not a known country",
                     (const char *const[]){"value", value, NULL});
}

/* One government as a record names it, into @ref: an object {"name", "country", "kind"} (item)
 * or text "NAME, COUNTRY" (s, len). Problems go to @errs under @field. */
static bool
gov_ref_parse(json_t *item, const char *s, size_t len, const char *field, struct gov_ref *ref,
              struct field_errors *errs)
{
    memset(ref, 0, sizeof(*ref));
    struct field_errors sub;
    sub.count = sub.total = 0;
    if (item == NULL) {
        /* its reason is one of "governments"; said of @field ("governments[3]") */
        bool ok = validate_gov_ref_text(s, len, ref, &sub) == ERR_OK;
        field_errors_relabel(errs, field, &sub);
        return ok;
    }
    char *name = text_field(item, "name", LIMIT_NAME, true, &sub);
    char numbuf[64];
    const char *cs;
    size_t clen;
    int country = -1;
    if (scalar_text(json_object_get(item, "country"), "country", &sub, numbuf, sizeof(numbuf), &cs,
                    &clen)) {
        country = taxonomy_country_find(cs, clen);
        if (country < 0)
            unknown_country(&sub, "country", cs, clen);
    } else {
        field_errors_say(&sub, "country", "valid_required", "is required", NULL);
    }
    int kind = code_field(item, "kind", gov_kind_codes, GOV_KIND_COUNT, GOV_CITY, &sub);
    field_errors_nest(errs, field, 0, &sub);
    if (sub.total > 0) {
        free(name);
        return false;
    }
    if (name != NULL && strchr(name, ';') != NULL) {
        field_errors_say(errs, field, "valid_gov_semicolon",
                         "a government name may not contain ';'", NULL);
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

/* Splits @s at every @sep (matched ignoring ASCII case) into trimmed parts; returns how many
 * there are, or 0 when one is empty or there are more than LIMIT_LIST_ITEMS. */
static size_t
split_at(const char *s, size_t len, const char *sep, const char **parts, size_t *lens)
{
    size_t sep_len = strlen(sep), n = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        bool at_sep = i + sep_len <= len && text_ieq(s + i, sep_len, sep);
        if (i < len && !at_sep)
            continue;
        const char *p = s + start;
        size_t plen = i - start;
        text_trim(&p, &plen);
        if (plen == 0 || n == LIMIT_LIST_ITEMS)
            return 0;
        parts[n] = p;
        lens[n++] = plen;
        start = i + sep_len;
        i = start - 1;
    }
    return n;
}

/* How people join two names in one cell: "Kampala, Nairobi", "Tyre and Zürich" */
static const char *const name_joiners[] = {",", " and ", " & ", " et ", " y "};

/* The countries of a `country` cell: parts at ';', or, when the cell is one part that is no
 * country, at a comma, "and" or "&" if every part then is one ("Uganda, Kenya"; "Trinidad and
 * Tobago" stays whole). Returns how many, as split_cell() does. */
static size_t
split_countries(const char *s, size_t len, const char **parts, size_t *lens)
{
    size_t n = split_cell(s, len, false, parts, lens);
    if (n != 1 || taxonomy_country_find(parts[0], lens[0]) >= 0)
        return n;
    const char *p[LIMIT_LIST_ITEMS];
    size_t l[LIMIT_LIST_ITEMS];
    for (size_t j = 0; j < ARRAY_LEN(name_joiners); j++) {
        size_t k = split_at(parts[0], lens[0], name_joiners[j], p, l);
        bool all = k > 1;
        for (size_t i = 0; all && i < k; i++)
            all = taxonomy_country_find(p[i], l[i]) >= 0;
        if (all) {
            memcpy(parts, p, k * sizeof(*p));
            memcpy(lens, l, k * sizeof(*l));
            return k;
        }
    }
    return n;
}

/* A `government` cell of one part named with @want countries: split at the first joiner
 * that gives exactly that many names ("Tyre and Zürich" with "Lebanon; Switzerland"); a
 * cell of one name and one country ("Lampedusa and Linosa", Italy) is never split. */
static size_t
split_names(const char **parts, size_t *lens, size_t n, size_t want)
{
    if (n != 1 || want < 2)
        return n;
    const char *p[LIMIT_LIST_ITEMS];
    size_t l[LIMIT_LIST_ITEMS];
    for (size_t j = 0; j < ARRAY_LEN(name_joiners); j++) {
        if (split_at(parts[0], lens[0], name_joiners[j], p, l) == want) {
            memcpy(parts, p, want * sizeof(*p));
            memcpy(lens, l, want * sizeof(*l));
            return want;
        }
    }
    return n;
}

/* A `government` cell without a `country`: each part as the `governments` column reads it
 * ("Kampala, Uganda", "Kampala (Uganda)"); false, adding nothing, unless every part is. */
static bool
add_named_with_country(struct govs_ctx *ctx, const char *name, size_t name_len)
{
    const char *parts[LIMIT_LIST_ITEMS];
    size_t lens[LIMIT_LIST_ITEMS];
    size_t n = split_cell(name, name_len, false, parts, lens);
    if (n == 0 || n > LIMIT_LIST_ITEMS)
        return false;
    for (size_t i = 0; i < n; i++) {
        struct gov_ref ref;
        memset(&ref, 0, sizeof(ref));
        bool ok = validate_gov_ref_text(parts[i], lens[i], &ref, NULL) == ERR_OK;
        free(ref.name);
        if (!ok)
            return false;
    }
    for (size_t i = 0; i < n; i++)
        add_gov(ctx, NULL, parts[i], lens[i], i);
    return true;
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
    struct govs_ctx ctx = {a, errs};
    if (has_name && !has_country && add_named_with_country(&ctx, name, name_len))
        return;
    if (!has_name || !has_country) {
        field_errors_say(
            errs, has_name ? "country" : "government", "valid_required_with_column",
            "is required with the '{column}' column",
            (const char *const[]){"column", has_name ? "government" : "country", NULL});
        return;
    }
    /* "Kampala; Nairobi" with "Uganda; Kenya" (or one country for all) names a joint pledge */
    const char *names[LIMIT_LIST_ITEMS], *countries[LIMIT_LIST_ITEMS];
    size_t name_lens[LIMIT_LIST_ITEMS], country_lens[LIMIT_LIST_ITEMS];
    size_t n_countries = split_countries(country, country_len, countries, country_lens);
    size_t n_names = split_names(names, name_lens,
                                 split_cell(name, name_len, false, names, name_lens), n_countries);
    if (n_names > LIMIT_LIST_ITEMS || n_countries > LIMIT_LIST_ITEMS) {
        char max[24];
        snprintf(max, sizeof(max), "%d", LIMIT_LIST_ITEMS);
        field_errors_say(errs, "government", "valid_too_many_governments",
                         "names more than {max} governments",
                         (const char *const[]){"max", max, NULL});
        return;
    }
    if (n_names == 0 || n_countries == 0 || (n_countries != 1 && n_countries != n_names)) {
        char country_count[24], government_count[24];
        snprintf(country_count, sizeof(country_count), "%zu", n_countries);
        snprintf(government_count, sizeof(government_count), "%zu", n_names);
        field_errors_say(errs, "country", "valid_countries_for_governments",
                         "names {countries} countries for {governments} governments; give one "
                         "for each, or one for all",
                         (const char *const[]){"countries", country_count, "governments",
                                               government_count, NULL});
        return;
    }
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
    char number[24], max[24];
    snprintf(number, sizeof(number), "%zu", index + 1);
    if (item != NULL) {
        field_errors_say(c->errs, c->field, "valid_texts_not_objects",
                         "items must be text, not objects", NULL);
        return;
    }
    if (!text_is_utf8(s, len)) {
        field_errors_say(c->errs, c->field, "valid_item_not_utf8",
                         "item {item} is not valid UTF-8 text",
                         (const char *const[]){"item", number, NULL});
        return;
    }
    if (text_utf8_length(s, len) > c->max_chars) {
        snprintf(max, sizeof(max), "%zu", c->max_chars);
        field_errors_say(c->errs, c->field, "valid_item_too_long",
                         "item {item} is longer than {max} characters",
                         (const char *const[]){"item", number, "max", max, NULL});
        return;
    }
    if (memchr(s, ';', len) != NULL) {
        /* ';' separates items in CSV cells, so an item holding one could not round-trip */
        field_errors_say(c->errs, c->field, "valid_item_semicolon",
                         "item {item} contains ';', which separates items",
                         (const char *const[]){"item", number, NULL});
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
        if (parsed == NULL) {
            /* jansson's reason is English, as the JSON importer's are */
            field_errors_say(errs, field, "valid_not_json_objects",
                             "must be a JSON list of objects: {reason}",
                             (const char *const[]){"reason", jerr.text, NULL});
            return NULL;
        }
        if (!json_is_array(parsed)) {
            field_errors_say(errs, field, "valid_not_json_list", "must be a JSON list of objects",
                             NULL);
            json_decref(parsed);
            return NULL;
        }
        return parsed;
    }
    if (!json_is_array(v)) {
        field_errors_say(errs, field, "valid_not_objects", "must be a list of objects", NULL);
        return NULL;
    }
    return json_incref(v);
}

static void
number_field(json_t *obj, const char *field, bool *has, double *out, struct field_errors *errs)
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
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), s, len, 40);
        field_errors_say(errs, field, "valid_not_number", "'{value}' is not a number",
                         (const char *const[]){"value", value, NULL});
        return;
    }
    *has = true;
}

/* "item N is not an object" (@index from 0) */
static void
not_an_object(struct field_errors *errs, const char *field, size_t index)
{
    char number[24];
    snprintf(number, sizeof(number), "%zu", index + 1);
    field_errors_say(errs, field, "valid_item_not_object", "item {item} is not an object",
                     (const char *const[]){"item", number, NULL});
}

static void
indicators_field(json_t *obj, struct action *a, struct field_errors *errs)
{
    json_t *list = object_list(obj, "indicators", errs);
    size_t n = json_array_size(list);
    if (n > LIMIT_LIST_ITEMS) {
        too_many_items(errs, "indicators", n, LIMIT_LIST_ITEMS);
        n = 0;
    }
    if (n > 0)
        a->indicators = xcalloc(n, sizeof(*a->indicators));
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(list, i);
        if (!json_is_object(item)) {
            not_an_object(errs, "indicators", i);
            continue;
        }
        struct field_errors sub;
        sub.count = sub.total = 0;
        struct indicator *ind = &a->indicators[a->n_indicators];
        memset(ind, 0, sizeof(*ind));
        ind->name = text_field(item, "name", LIMIT_SHORT_TEXT, true, &sub);
        ind->unit = text_field(item, "unit", LIMIT_SHORT_TEXT, false, &sub);
        number_field(item, "baseline", &ind->has_baseline, &ind->baseline, &sub);
        number_field(item, "target", &ind->has_target, &ind->target, &sub);
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
                field_errors_say(&sub, key, "valid_not_indicator_field",
                                 "is not an indicator field", NULL);
        }
        field_errors_nest(errs, "indicators", i + 1, &sub);
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
        field_errors_say(c->errs, "forums", "valid_forum_slugs_not_objects",
                         "items must be forum slugs, not objects", NULL);
        return;
    }
    bool ok = len <= LIMIT_SLUG;
    for (size_t i = 0; ok && i < len; i++)
        slug[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
    if (!ok || !is_slug(slug, len)) {
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), s, len, EXCERPT_CHARS);
        field_errors_say(c->errs, "forums", "valid_not_forum_slug",
                         "'{value}' is not a forum slug (a-z, 0-9 and '-', as in imrf-2022)",
                         (const char *const[]){"value", value, NULL});
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
        field_errors_say(c->errs, "declaration_paragraphs", "valid_paragraphs_not_objects",
                         "items must be numbers, not objects", NULL);
        return;
    }
    int i = taxonomy_paragraph_find(s, len);
    if (i < 0) {
        struct buf known;
        buf_init(&known, 512);
        for (size_t k = 0; k < taxonomy_paragraph_count(); k++)
            buf_addf(&known, "%s%d", k ? ", " : "", taxonomy_paragraph((int)k)->number);
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), s, len, 40);
        field_errors_say(c->errs, "declaration_paragraphs", "valid_not_paragraph",
                         "'{value}' is not a tracked paragraph of the Progress Declaration "
                         "({known})",
                         (const char *const[]){"value", value, "known", known.data, NULL});
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
            field_errors_say(errs, key, "valid_unknown_field",
                             "is not a known field (see docs/data-format.md)", NULL);
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
                char value[EXCERPT_BYTES];
                excerpt(value, sizeof(value), a->external_id, strlen(a->external_id),
                        LIMIT_EXTERNAL_ID);
                field_errors_say(errs, "external_id", "valid_external_id",
                                 "'{value}' may only hold letters, digits and . _ : -",
                                 (const char *const[]){"value", value, NULL});
                break;
            }
        }
    }
    int kind = code_field(obj, "kind", action_kind_codes, ACTION_KIND_COUNT, ACTION_PLEDGE, errs);
    a->kind = kind < 0 ? ACTION_PLEDGE : (enum action_kind)kind;
    a->title = text_field(obj, "title", LIMIT_TITLE, true, errs);
    a->summary = text_field(obj, "summary", LIMIT_SUMMARY, false, errs);
    a->description = text_field(obj, "description", LIMIT_DESCRIPTION, false, errs);

    char *language = text_field(obj, "language", 40, false, errs);
    if (language != NULL && strlen(language) > 3) {
        const char *code =
            word_code_find(language_words, ARRAY_LEN(language_words), language, strlen(language));
        if (code != NULL) {
            free(language);
            language = xstrdup(code);
        }
    }
    if (language != NULL) {
        size_t n = strlen(language);
        bool ok = n == 2 || n == 3;
        for (size_t i = 0; i < n; i++)
            ok = ok && ((language[i] >= 'a' && language[i] <= 'z') ||
                        (language[i] >= 'A' && language[i] <= 'Z'));
        if (!ok) {
            field_errors_say(errs, "language", "valid_not_language",
                             "'{value}' is not an ISO 639-1 language code",
                             (const char *const[]){"value", language, NULL});
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
        field_errors_say(errs, "governments", "valid_governments_required",
                         "is required (the lead government first)", NULL);
    else if (a->n_governments == 0 && errs->total == 0)
        field_errors_say(errs, "governments", "valid_governments_empty",
                         "must name at least one government", NULL);

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
        field_errors_say(errs, "end_date", "valid_end_before_start",
                         "{end} is before the start date {start}",
                         (const char *const[]){"end", a->end_date, "start", a->start_date, NULL});

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
            field_errors_say(errs, "currency", "valid_not_currency",
                             "'{value}' is not an ISO 4217 code such as USD",
                             (const char *const[]){"value", currency, NULL});
        } else {
            for (size_t i = 0; i < 3; i++)
                a->currency[i] = (char)(currency[i] & ~0x20);
            a->currency[3] = '\0';
        }
        free(currency);
    }
    if ((a->budget.present || a->funding_secured.present || a->funding_sought.present) &&
        a->currency[0] == '\0' && json_object_get(obj, "currency") == NULL)
        field_errors_say(errs, "currency", "valid_currency_required",
                         "is required when an amount is given", NULL);

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
        field_errors_say(errs, "updated_at", "valid_updated_before_created", "is before created_at",
                         NULL);
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
        too_many_items(errs, "endorsements", n, LIMIT_LIST_ITEMS);
        n = 0;
    }
    if (n > 0)
        g->endorsements = xcalloc(n, sizeof(*g->endorsements));
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(list, i);
        if (!json_is_object(item)) {
            not_an_object(errs, "endorsements", i);
            continue;
        }
        struct field_errors sub;
        sub.count = sub.total = 0;
        struct endorsement *e = &g->endorsements[g->n_endorsements++];
        e->declaration = text_field(item, "declaration", 100, false, &sub);
        if (e->declaration == NULL)
            e->declaration = xstrdup("marrakech-mayors-declaration");
        date_field(item, "date", e->date, &sub);
        e->signatory_name = text_field(item, "signatory_name", LIMIT_SHORT_TEXT, false, &sub);
        e->signatory_title = text_field(item, "signatory_title", LIMIT_SHORT_TEXT, false, &sub);
        field_errors_nest(errs, "endorsements", i + 1, &sub);
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
        field_errors_say(errs, "name", "valid_semicolon", "may not contain ';'", NULL);
    char numbuf[64];
    const char *s;
    size_t len;
    if (scalar_text(json_object_get(obj, "country"), "country", errs, numbuf, sizeof(numbuf), &s,
                    &len)) {
        g->country = taxonomy_country_find(s, len);
        if (g->country < 0)
            unknown_country(errs, "country", s, len);
    } else {
        field_errors_say(errs, "country", "valid_required", "is required", NULL);
    }
    int kind = code_field(obj, "kind", gov_kind_codes, GOV_KIND_COUNT, GOV_CITY, errs);
    g->kind = kind < 0 ? GOV_CITY : (enum gov_kind)kind;
    g->subdivision = text_field(obj, "subdivision", LIMIT_SHORT_TEXT, false, errs);

    json_t *pop = json_object_get(obj, "population");
    if (pop != NULL && !json_is_null(pop) &&
        scalar_text(pop, "population", errs, numbuf, sizeof(numbuf), &s, &len)) {
        if (parse_i64(s, len, 0, 100000000000LL, &g->population) != ERR_OK) {
            char value[EXCERPT_BYTES];
            excerpt(value, sizeof(value), s, len, 40);
            field_errors_say(errs, "population", "valid_not_whole_number",
                             "'{value}' is not a whole number from 0",
                             (const char *const[]){"value", value, NULL});
        } else {
            g->has_population = true;
        }
    }
    bool has_lat, has_lon;
    number_field(obj, "latitude", &has_lat, &g->latitude, errs);
    number_field(obj, "longitude", &has_lon, &g->longitude, errs);
    char value[32];
    if (has_lat != has_lon) {
        field_errors_say(errs, has_lat ? "longitude" : "latitude", "valid_coordinate_alone",
                         "is required with the other coordinate", NULL);
    } else if (has_lat && (g->latitude < -90 || g->latitude > 90)) {
        snprintf(value, sizeof(value), "%g", g->latitude);
        field_errors_say(errs, "latitude", "valid_latitude", "{value} is not within -90..90",
                         (const char *const[]){"value", value, NULL});
    } else if (has_lat && (g->longitude < -180 || g->longitude > 180)) {
        snprintf(value, sizeof(value), "%g", g->longitude);
        field_errors_say(errs, "longitude", "valid_longitude", "{value} is not within -180..180",
                         (const char *const[]){"value", value, NULL});
    } else {
        g->has_location = has_lat;
    }
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
        field_errors_say(&sub, field, "valid_not_whole_date",
                         "'{value}' is not a whole date (YYYY-MM-DD)",
                         (const char *const[]){"value", out, NULL});
    field_errors_relabel(errs, label, &sub);
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
        char value[EXCERPT_BYTES];
        excerpt(value, sizeof(value), s, len, 40);
        field_errors_say(errs, label, "valid_not_time_of_day",
                         "'{value}' is not a time of day (HH:MM, 00:00 to 23:59)",
                         (const char *const[]){"value", value, NULL});
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
    field_errors_relabel(errs, label, &sub);
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
        if (!known) {
            char name[EXCERPT_BYTES];
            excerpt(name, sizeof(name), k, strlen(k), 40);
            field_errors_say(errs, label, "valid_unknown_named_field",
                             "'{name}' is not a known field",
                             (const char *const[]){"name", name, NULL});
        }
    }
}

/* A list field that must be a JSON array (of at most @max items), or absent; reported as
 * @label ("sessions[2].participants"). */
static json_t *
array_field(json_t *obj, const char *field, const char *label, size_t max,
            struct field_errors *errs)
{
    json_t *v = json_object_get(obj, field);
    if (v == NULL || json_is_null(v))
        return NULL;
    if (!json_is_array(v)) {
        field_errors_say(errs, label, "valid_not_list", "must be a list", NULL);
        return NULL;
    }
    if (json_array_size(v) > max) {
        too_many_items(errs, label, json_array_size(v), max);
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
    json_t *list = array_field(obj, "governments", "governments", LIMIT_FORUM_GOVERNMENTS, errs);
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
                struct field_errors sub = {0};
                field_errors_say(&sub, "national_delegation", "valid_not_boolean",
                                 "must be true or false", NULL);
                field_errors_nest(errs, label, 0, &sub);
                ok = false;
            }
            g.national_delegation = json_is_true(nd);
        } else if (json_is_string(item)) {
            ok = gov_ref_parse(NULL, json_string_value(item), json_string_length(item), label,
                               &g.ref, errs);
        } else {
            field_errors_say(errs, label, "valid_not_gov_object_or_text",
                             "must be an object or 'NAME, COUNTRY'", NULL);
            ok = false;
        }
        for (size_t k = 0; ok && k < f->n_governments; k++) {
            if (same_ref(&f->governments[k].ref, &g.ref)) {
                char other[24];
                snprintf(other, sizeof(other), "%zu", k + 1);
                field_errors_say(errs, label, "valid_gov_listed_twice",
                                 "'{name}' is listed twice (also governments[{item}])",
                                 (const char *const[]){"name", g.ref.name, "item", other, NULL});
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
        struct gov_ref ref = {0}; /* freed below whichever way it failed */
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
            field_errors_say(errs, sub, "valid_not_gov_object_or_text",
                             "must be an object or 'NAME, COUNTRY'", NULL);
        }
        const struct forum_government *member = NULL;
        for (size_t k = 0; ok && k < f->n_governments && member == NULL; k++)
            if (same_ref(&f->governments[k].ref, &ref))
                member = &f->governments[k];
        if (ok && member == NULL) {
            field_errors_say(errs, sub, "valid_not_forum_government",
                             "'{name}, {country}' is not one of the forum's governments",
                             (const char *const[]){"name", ref.name, "country",
                                                   taxonomy_country(ref.country)->alpha2, NULL});
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
    field_errors_relabel(errs, sub, &role_errs);
    if (role == -2)
        field_errors_say(errs, sub, "valid_role_required",
                         "is required (speaker, panellist, keynote, moderator, "
                         "delegate, national_delegation or participant)",
                         NULL);
    out->role = role < 0 ? PART_PARTICIPANT : (enum participant_role)role;
    if (!out->has_government && out->name == NULL && out->organisation == NULL &&
        json_object_get(item, "government") == NULL)
        field_errors_say(errs, label, "valid_participant_nobody",
                         "names nobody: give a government, a name or an organisation", NULL);
}

static void
session_field(json_t *item, size_t index, struct forum *f, struct field_errors *errs)
{
    char label[48], sub[48];
    snprintf(label, sizeof(label), "sessions[%zu]", index + 1);
    if (!json_is_object(item)) {
        field_errors_say(errs, label, "valid_not_object", "must be an object", NULL);
        return;
    }
    check_nested_fields(item, session_fields, ARRAY_LEN(session_fields), label, errs);
    struct forum_session *se = &f->sessions[f->n_sessions++];
    sublabel(sub, label, ".title");
    se->title = nested_text(item, "title", sub, LIMIT_TITLE, true, errs);
    sublabel(sub, label, ".slug");
    se->slug = nested_text(item, "slug", sub, LIMIT_SLUG, false, errs);
    char slug[SLUG_EXCERPT_BYTES]; /* the slug as a reason quotes it */
    if (se->slug != NULL && !is_slug(se->slug, strlen(se->slug))) {
        excerpt(slug, sizeof(slug), se->slug, strlen(se->slug), LIMIT_SLUG);
        field_errors_say(errs, sub, "valid_not_slug", "'{value}' is not a slug (a-z, 0-9 and '-')",
                         (const char *const[]){"value", slug, NULL});
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
    for (size_t k = 0; se->slug != NULL && k + 1 < f->n_sessions; k++) {
        if (f->sessions[k].slug == NULL || strcmp(f->sessions[k].slug, se->slug) != 0)
            continue;
        char other[24];
        snprintf(other, sizeof(other), "%zu", k + 1);
        excerpt(slug, sizeof(slug), se->slug, strlen(se->slug), LIMIT_SLUG);
        field_errors_say(errs, sub, "valid_session_slug_twice",
                         "'{value}' is the slug of sessions[{item}] too",
                         (const char *const[]){"value", slug, "item", other, NULL});
    }
    sublabel(sub, label, ".kind");
    struct field_errors kind_errs = {0};
    int kind = code_field(item, "kind", session_kind_codes, SESSION_KIND_COUNT, -2, &kind_errs);
    field_errors_relabel(errs, sub, &kind_errs);
    if (kind == -2)
        field_errors_say(errs, sub, "valid_session_kind_required",
                         "is required (official, side_event or network_event)", NULL);
    se->kind = kind < 0 ? SESSION_OFFICIAL : (enum session_kind)kind;
    sublabel(sub, label, ".day");
    day_field(item, "day", sub, se->day, errs);
    if (se->day[0] != '\0' && ((f->starts_on[0] != '\0' && strcmp(se->day, f->starts_on) < 0) ||
                               (f->ends_on[0] != '\0' && strcmp(se->day, f->ends_on) > 0)))
        field_errors_say(errs, sub, "valid_day_outside_forum",
                         "{day} is outside the forum's days ({start} to {end})",
                         (const char *const[]){"day", se->day, "start",
                                               f->starts_on[0] ? f->starts_on : "?", "end",
                                               f->ends_on[0] ? f->ends_on : "?", NULL});
    sublabel(sub, label, ".starts_at");
    clock_field(item, "starts_at", sub, se->starts_at, errs);
    sublabel(sub, label, ".ends_at");
    clock_field(item, "ends_at", sub, se->ends_at, errs);
    if (se->starts_at[0] && se->ends_at[0] && strcmp(se->ends_at, se->starts_at) <= 0)
        field_errors_say(errs, sub, "valid_session_end_not_after_start",
                         "{end} is not after the start {start}",
                         (const char *const[]){"end", se->ends_at, "start", se->starts_at, NULL});
    sublabel(sub, label, ".room");
    se->room = nested_text(item, "room", sub, LIMIT_SHORT_TEXT, false, errs);
    sublabel(sub, label, ".summary");
    se->summary = nested_text(item, "summary", sub, LIMIT_SUMMARY, false, errs);
    sublabel(sub, label, ".participants");
    json_t *list = array_field(item, "participants", sub, LIMIT_SESSION_PARTICIPANTS, errs);
    size_t n = json_array_size(list);
    if (n > 0)
        se->participants = xcalloc(n, sizeof(*se->participants));
    for (size_t p = 0; p < n; p++) {
        json_t *pi = json_array_get(list, p);
        char item_label[40];
        snprintf(item_label, sizeof(item_label), ".participants[%zu]", p + 1);
        sublabel(sub, label, item_label);
        if (!json_is_object(pi)) {
            field_errors_say(errs, sub, "valid_not_object", "must be an object", NULL);
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
    if (f->slug != NULL && !is_slug(f->slug, strlen(f->slug))) {
        char slug[SLUG_EXCERPT_BYTES];
        excerpt(slug, sizeof(slug), f->slug, strlen(f->slug), LIMIT_SLUG);
        field_errors_say(errs, "slug", "valid_forum_slug_chars",
                         "'{value}' may only hold a-z, 0-9 and '-' (as in imrf-2022)",
                         (const char *const[]){"value", slug, NULL});
    }
    f->name = text_field(obj, "name", LIMIT_TITLE, true, errs);
    int kind = code_field(obj, "kind", forum_kind_codes, FORUM_KIND_COUNT, FORUM_OTHER, errs);
    f->kind = kind < 0 ? FORUM_OTHER : (enum forum_kind)kind;
    f->place = text_field(obj, "place", LIMIT_SHORT_TEXT, false, errs);
    day_field(obj, "starts_on", "starts_on", f->starts_on, errs);
    day_field(obj, "ends_on", "ends_on", f->ends_on, errs);
    if (f->starts_on[0] && f->ends_on[0] && strcmp(f->ends_on, f->starts_on) < 0)
        field_errors_say(errs, "ends_on", "valid_forum_ends_before_start",
                         "{end} is before the start {start}",
                         (const char *const[]){"end", f->ends_on, "start", f->starts_on, NULL});
    f->description = text_field(obj, "description", LIMIT_DESCRIPTION, false, errs);
    forum_governments_field(obj, f, errs);
    json_t *sessions = array_field(obj, "sessions", "sessions", LIMIT_FORUM_SESSIONS, errs);
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
