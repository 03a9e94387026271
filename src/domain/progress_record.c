/* Reading and writing progress updates (progress_record.h). Reading reuses the action
 * validator's field checks (validate_fields.h), so a date, a code or an address is refused in
 * the same words whatever record it is in; values come as a JSON list, a JSON object or the
 * spreadsheet cell "1=30; 2=4.5". */
#include "domain/progress_record.h"

#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/validate_fields.h"
#include "util/parse.h"
#include "util/text.h"

/* ---- reading ---- */

/* Column names spreadsheets use for our fields. */
static const struct {
    const char *alias, *field;
} aliases[] = {
    {"update_id", "id"},
    {"update", "id"},
    {"external_id", "id"},
    {"action_id", "action"},
    {"action_external_id", "action"},
    {"status", "implementation_status"},
    {"evidence", "evidence_url"},
    {"evidence_link", "evidence_url"},
    {"url", "evidence_url"},
    {"value", "values"},
};

static const char *const fields[] = {
    "type",      "id",           "action", "date",       "implementation_status",
    "narrative", "evidence_url", "values", "created_at", "updated_at",
};

/* Renames @obj's keys to our field names (case, spaces and hyphens ignored; aliases). A key
 * whose field is present already stays, and is refused as unknown. */
static void
normalise(json_t *obj)
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
        for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
            if (strcmp(name, aliases[i].alias) == 0)
                field = aliases[i].field;
        if (strcmp(field, key) == 0 || json_object_get(obj, field) != NULL)
            continue;
        json_object_set(obj, field, value);
        json_object_del(obj, key);
    }
}

/* Input quoted in a reason: at most QUOTED_CHARS characters, printable, valid UTF-8. */
#define QUOTED_CHARS 40
#define QUOTED_BYTES (QUOTED_CHARS * 4 + 1)

static void
quote(char out[QUOTED_BYTES], const char *s, size_t len)
{
    struct buf b;
    buf_init(&b, QUOTED_BYTES - 1);
    text_add_excerpt(&b, s, len, QUOTED_CHARS);
    snprintf(out, QUOTED_BYTES, "%s", b.data);
    buf_release(&b);
}

static void
check_fields(json_t *obj, struct field_errors *errs)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && !known; i++)
            known = strcmp(key, fields[i]) == 0;
        if (!known)
            field_errors_say(errs, key, "valid_progress_unknown_field",
                             "is not a field of a progress update (see docs/data-format.md)", NULL);
    }
    json_t *type = json_object_get(obj, "type");
    if (type != NULL &&
        !(json_is_string(type) && strcmp(json_string_value(type), "progress_update") == 0))
        field_errors_say(errs, "type", "valid_progress_type", "must be \"progress_update\"", NULL);
}

/* An external id field into @out (LIMIT_EXTERNAL_ID + 1 bytes); "" when absent. */
static void
id_field(json_t *obj, const char *field, bool required, char *out, struct field_errors *errs)
{
    out[0] = '\0';
    char *id = validate_text_field(obj, field, LIMIT_EXTERNAL_ID, required, errs);
    if (id == NULL)
        return;
    if (!validate_is_external_id(id)) {
        char value[QUOTED_BYTES];
        quote(value, id, strlen(id));
        field_errors_say(errs, field, "valid_external_id",
                         "'{value}' may only hold letters, digits and . _ : -",
                         (const char *const[]){"value", value, NULL});
    } else {
        snprintf(out, LIMIT_EXTERNAL_ID + 1, "%s", id);
    }
    free(id);
}

static void
date_field(json_t *obj, int64_t today, char out[11], struct field_errors *errs)
{
    char numbuf[64];
    const char *s;
    size_t len;
    out[0] = '\0';
    size_t before = errs->total;
    if (!validate_scalar_text(json_object_get(obj, "date"), "date", errs, numbuf, sizeof(numbuf),
                              &s, &len)) {
        if (errs->total == before)
            field_errors_say(errs, "date", "valid_required", "is required", NULL);
        return;
    }
    int64_t day;
    if (len != 10 || parse_date(s, len, out) != ERR_OK || date_days(out, true, &day) != ERR_OK) {
        out[0] = '\0';
        char value[QUOTED_BYTES];
        quote(value, s, len);
        field_errors_say(errs, "date", "valid_progress_not_day",
                         "'{value}' is not a date YYYY-MM-DD",
                         (const char *const[]){"value", value, NULL});
        return;
    }
    /* one day of grace: a focal point ahead of UTC reports on their own today */
    if (day > today + 1) {
        field_errors_say(errs, "date", "valid_progress_future", "{date} is in the future",
                         (const char *const[]){"date", out, NULL});
        out[0] = '\0';
    }
}

/* The implementation status: our codes, or the Global Refugee Forum's words for them. */
static enum impl_status
status_field(json_t *obj, struct field_errors *errs)
{
    json_t *v = json_object_get(obj, "implementation_status");
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        text_trim(&s, &len);
        for (int k = 0; k < IMPL_STATUS_COUNT; k++) {
            const char *grf = progress_grf_status((enum impl_status)k);
            if (grf != NULL && text_ieq(s, len, grf))
                return (enum impl_status)k;
        }
    }
    int k = validate_code_field(obj, "implementation_status", impl_status_codes, IMPL_STATUS_COUNT,
                                -2, errs);
    if (k == -2)
        field_errors_say(errs, "implementation_status", "valid_required", "is required", NULL);
    return k < 0 ? IMPL_IN_PROGRESS : (enum impl_status)k;
}

/* @position as text, for a reason's {indicator}. */
static void
position_text(int64_t position, char out[24])
{
    snprintf(out, 24, "%" PRId64, position);
}

/* Adds the value @v of indicator @position to @u, refusing a position given twice. */
static void
add_value(struct progress_update *u, int64_t position, double v, struct field_errors *errs)
{
    for (size_t i = 0; i < u->n_values; i++) {
        if (u->values[i].indicator == position) {
            char n[24];
            position_text(position, n);
            field_errors_say(errs, "values", "valid_progress_twice",
                             "indicator {indicator} is given twice",
                             (const char *const[]){"indicator", n, NULL});
            return;
        }
    }
    if (u->n_values == LIMIT_LIST_ITEMS)
        return; /* positions are 1..LIMIT_LIST_ITEMS, each once: this cannot happen */
    u->values[u->n_values].indicator = (int)position;
    u->values[u->n_values].value = v;
    u->n_values++;
}

static bool
parse_position(const char *s, size_t len, int64_t *out, struct field_errors *errs)
{
    text_trim(&s, &len);
    if (parse_i64(s, len, 1, LIMIT_LIST_ITEMS, out) != ERR_OK) {
        char value[QUOTED_BYTES], max[16];
        quote(value, s, len);
        snprintf(max, sizeof(max), "%d", LIMIT_LIST_ITEMS);
        field_errors_say(errs, "values", "valid_progress_not_indicator",
                         "'{value}' is not an indicator number from 1 to {max}",
                         (const char *const[]){"value", value, "max", max, NULL});
        return false;
    }
    return true;
}

static bool
parse_value(int64_t position, const char *s, size_t len, double *out, struct field_errors *errs)
{
    text_trim(&s, &len);
    if (parse_double(s, len, -1e15, 1e15, out) != ERR_OK) {
        char value[QUOTED_BYTES], n[24];
        quote(value, s, len);
        position_text(position, n);
        field_errors_say(errs, "values", "valid_progress_not_number",
                         "indicator {indicator}: '{value}' is not a number",
                         (const char *const[]){"indicator", n, "value", value, NULL});
        return false;
    }
    return true;
}

/* A JSON value that should be a number: a number, or a string holding one. */
static bool
json_value(int64_t position, json_t *v, double *out, struct field_errors *errs)
{
    if (json_is_number(v)) {
        *out = json_number_value(v);
        if (!isfinite(*out) || fabs(*out) > 1e15) {
            char n[24];
            position_text(position, n);
            field_errors_say(errs, "values", "valid_progress_out_of_range",
                             "indicator {indicator}: the value is out of range",
                             (const char *const[]){"indicator", n, NULL});
            return false;
        }
        return true;
    }
    if (json_is_string(v))
        return parse_value(position, json_string_value(v), json_string_length(v), out, errs);
    char n[24];
    position_text(position, n);
    field_errors_say(errs, "values", "valid_progress_not_a_number",
                     "indicator {indicator}: the value must be a number",
                     (const char *const[]){"indicator", n, NULL});
    return false;
}

/* "1=30; 2=4.5": positions and values, separated by ';'. */
static void
values_text(struct progress_update *u, const char *s, size_t len, struct field_errors *errs)
{
    size_t start = 0;
    while (start <= len) {
        const char *part = s + start;
        const char *semi = memchr(part, ';', len - start);
        size_t n = semi != NULL ? (size_t)(semi - part) : len - start;
        const char *p = part;
        size_t plen = n;
        text_trim(&p, &plen);
        if (plen > 0) {
            const char *eq = memchr(p, '=', plen);
            int64_t position;
            double v;
            if (eq == NULL) {
                char value[QUOTED_BYTES];
                quote(value, p, plen);
                field_errors_say(errs, "values", "valid_progress_not_pair",
                                 "'{value}' is not INDICATOR=VALUE (such as 1=30; 2=4.5)",
                                 (const char *const[]){"value", value, NULL});
            } else if (parse_position(p, (size_t)(eq - p), &position, errs) &&
                       parse_value(position, eq + 1, plen - (size_t)(eq - p) - 1, &v, errs)) {
                add_value(u, position, v, errs);
            }
        }
        start += n + 1;
    }
}

/* One item of a JSON list of values: {"indicator": N, "value": NUMBER}. */
static void
value_item(json_t *item, size_t i, struct progress_update *u, struct field_errors *errs)
{
    json_t *position = json_object_get(item, "indicator");
    json_t *value = json_object_get(item, "value");
    char numbuf[64], n[24];
    const char *s;
    size_t len;
    int64_t p;
    double d;
    snprintf(n, sizeof(n), "%zu", i + 1);
    if (!json_is_object(item) || json_object_size(item) != 2 || value == NULL) {
        field_errors_say(errs, "values", "valid_progress_item",
                         "item {item} must be an object with \"indicator\" and \"value\"",
                         (const char *const[]){"item", n, NULL});
    } else if (!validate_scalar_text(position, "values", errs, numbuf, sizeof(numbuf), &s, &len)) {
        field_errors_say(errs, "values", "valid_progress_item_indicator",
                         "item {item} has no indicator", (const char *const[]){"item", n, NULL});
    } else if (parse_position(s, len, &p, errs) && json_value(p, value, &d, errs)) {
        add_value(u, p, d, errs);
    }
}

static void
values_field(json_t *obj, struct progress_update *u, struct field_errors *errs)
{
    json_t *v = json_object_get(obj, "values");
    if (v == NULL || json_is_null(v))
        return;
    if (json_is_string(v)) {
        values_text(u, json_string_value(v), json_string_length(v), errs);
        return;
    }
    if (json_is_object(v)) {
        /* {"1": 30, "2": 4.5} */
        const char *key;
        json_t *item;
        json_object_foreach(v, key, item)
        {
            int64_t position;
            double value;
            if (parse_position(key, strlen(key), &position, errs) &&
                json_value(position, item, &value, errs))
                add_value(u, position, value, errs);
        }
        return;
    }
    if (!json_is_array(v)) {
        field_errors_say(errs, "values", "valid_progress_values",
                         "must be a list of objects with \"indicator\" and \"value\"", NULL);
        return;
    }
    if (json_array_size(v) > LIMIT_LIST_ITEMS) {
        char max[16];
        snprintf(max, sizeof(max), "%d", LIMIT_LIST_ITEMS);
        field_errors_say(errs, "values", "valid_more_items_than", "has more than {max} items",
                         (const char *const[]){"max", max, NULL});
        return;
    }
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        value_item(item, i, u, errs);
    }
}

static int
by_indicator(const void *a, const void *b)
{
    const struct progress_value *x = a, *y = b;
    return (x->indicator > y->indicator) - (x->indicator < y->indicator);
}

enum err
progress_validate(json_t *obj, bool id_required, int64_t today, struct progress_update *out,
                  struct field_errors *errs)
{
    normalise(obj);
    check_fields(obj, errs);
    id_field(obj, "id", id_required, out->external_id, errs);
    id_field(obj, "action", false, out->action_external_id, errs);
    date_field(obj, today, out->date, errs);
    out->status = status_field(obj, errs);
    out->narrative = validate_text_field(obj, "narrative", LIMIT_NARRATIVE, false, errs);
    out->evidence_url = validate_url_field(obj, "evidence_url", errs);
    values_field(obj, out, errs);
    qsort(out->values, out->n_values, sizeof(out->values[0]), by_indicator);
    validate_time_field(obj, "created_at", &out->created_at, errs);
    validate_time_field(obj, "updated_at", &out->updated_at, errs);
    if (out->n_values == 0 && out->narrative == NULL && errs->total == 0)
        field_errors_say(errs, "values", "valid_progress_empty",
                         "an update needs a value or a narrative", NULL);
    return errs->total > 0 ? ERR_INVALID : ERR_OK;
}

/* ---- writing ---- */

/* "name":"value", or with @nulls "name":null for an absent value (else nothing). */
static void
str_field(struct buf *out, const char *name, const char *value, bool nulls, bool *first)
{
    if ((value == NULL || *value == '\0') && !nulls)
        return;
    buf_add_json_key(out, name, first);
    buf_add_json_strz(out, value != NULL && *value != '\0' ? value : NULL);
}

static void
time_field(struct buf *out, const char *name, int64_t t, bool *first)
{
    char text[21];
    if (t == 0)
        return;
    format_timestamp(t, text);
    str_field(out, name, text, false, first);
}

static void
values_json(struct buf *out, const struct progress_update *u)
{
    buf_addch(out, '[');
    for (size_t i = 0; i < u->n_values; i++) {
        buf_addf(out, "%s{\"indicator\":%d,\"value\":", i ? "," : "", u->values[i].indicator);
        buf_add_number(out, u->values[i].value);
        buf_addch(out, '}');
    }
    buf_addch(out, ']');
}

void
progress_update_json(struct buf *out, const struct progress_update *u, enum progress_style style)
{
    bool api = style == PROGRESS_API;
    bool first = true;
    buf_addch(out, '{');
    if (!api)
        str_field(out, "type", "progress_update", false, &first);
    str_field(out, "id", u->external_id, false, &first);
    if (!api)
        str_field(out, "action", u->action_external_id, false, &first);
    str_field(out, "date", u->date, false, &first);
    str_field(out, "implementation_status", impl_status_codes[u->status], false, &first);
    if (api)
        str_field(out, "grf_status", progress_grf_status(u->status), true, &first);
    str_field(out, "narrative", u->narrative, api, &first);
    str_field(out, "evidence_url", u->evidence_url, api, &first);
    buf_add_json_key(out, "values", &first);
    values_json(out, u);
    time_field(out, "created_at", u->created_at, &first);
    time_field(out, "updated_at", u->updated_at, &first);
    buf_addch(out, '}');
}

static const char *const csv_columns[] = {
    "id",           "action",     "date",       "implementation_status", "values", "narrative",
    "evidence_url", "created_at", "updated_at",
};

void
progress_csv_header(struct buf *out)
{
    for (size_t i = 0; i < sizeof(csv_columns) / sizeof(csv_columns[0]); i++) {
        buf_addstr(out, i ? "," : "");
        buf_addstr(out, csv_columns[i]);
    }
    buf_addstr(out, "\r\n");
}

static void
csv_cell(struct buf *out, const char *s, bool first)
{
    if (!first)
        buf_addch(out, ',');
    if (s != NULL)
        buf_add_csv_field(out, s, strlen(s));
}

void
progress_update_csv(struct buf *out, const struct progress_update *u)
{
    struct buf values;
    buf_init(&values, 64 * LIMIT_LIST_ITEMS);
    for (size_t i = 0; i < u->n_values; i++) {
        buf_addf(&values, "%s%d=", i ? ";" : "", u->values[i].indicator);
        buf_add_number(&values, u->values[i].value);
    }
    csv_cell(out, u->external_id, true);
    csv_cell(out, u->action_external_id, false);
    csv_cell(out, u->date, false);
    csv_cell(out, impl_status_codes[u->status], false);
    csv_cell(out, values.data, false);
    csv_cell(out, u->narrative, false);
    csv_cell(out, u->evidence_url, false);
    char t[21];
    format_timestamp(u->created_at, t);
    csv_cell(out, u->created_at ? t : NULL, false);
    format_timestamp(u->updated_at, t);
    csv_cell(out, u->updated_at ? t : NULL, false);
    buf_addstr(out, "\r\n");
    buf_release(&values);
}

void
progress_fingerprint(const struct progress_update *u, char out[65])
{
    struct progress_update content = *u;
    content.created_at = content.updated_at = 0;
    struct buf text;
    buf_init(&text, LIMIT_RESPONSE_BYTES);
    progress_update_json(&text, &content, PROGRESS_EXPORT);
    unsigned char hash[16];
    crypto_generichash(hash, sizeof(hash), (const unsigned char *)text.data, text.len, NULL, 0);
    buf_release(&text);
    for (size_t i = 0; i < sizeof(hash); i++)
        snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

static void
number_or_null(struct buf *out, bool has, double v)
{
    if (has)
        buf_add_number(out, v);
    else
        buf_addstr(out, "null");
}

void
progress_json(struct buf *out, const struct action *a, const struct progress *p)
{
    /* asked for on every GET of an action: plain appends, no printf */
    buf_addstr(out, "{\"percent\":");
    number_or_null(out, p->has_percent, p->percent);
    buf_addstr(out, ",\"status\":\"");
    buf_addstr(out, progress_status_codes[p->status]);
    buf_addstr(out, "\",\"last_update\":");
    buf_add_json_strz(out, p->last_update[0] != '\0' ? p->last_update : NULL);
    buf_addstr(out,
               p->stale ? ",\"stale\":true,\"indicators\":[" : ",\"stale\":false,\"indicators\":[");
    for (size_t i = 0; i < p->n_indicators && i < a->n_indicators; i++) {
        const struct indicator *ind = &a->indicators[i];
        const struct progress_indicator *pi = &p->indicators[i];
        bool first = false;
        buf_addstr(out, i ? ",{\"position\":" : "{\"position\":");
        buf_add_u64(out, i + 1);
        str_field(out, "name", ind->name, true, &first);
        str_field(out, "unit", ind->unit, true, &first);
        buf_addstr(out, ",\"baseline\":");
        number_or_null(out, ind->has_baseline, ind->baseline);
        buf_addstr(out, ",\"target\":");
        number_or_null(out, ind->has_target, ind->target);
        str_field(out, "deadline", ind->deadline, true, &first);
        buf_addstr(out, ",\"latest\":");
        if (pi->has_latest) {
            buf_addstr(out, "{\"date\":");
            buf_add_json_strz(out, pi->latest_date);
            buf_addstr(out, ",\"value\":");
            buf_add_number(out, pi->latest);
            buf_addch(out, '}');
        } else {
            buf_addstr(out, "null");
        }
        buf_addstr(out, ",\"percent\":");
        number_or_null(out, pi->has_percent, pi->percent);
        buf_addstr(out, ",\"status\":\"");
        buf_addstr(out, progress_status_codes[pi->status]);
        buf_addstr(out, "\"}");
    }
    buf_addstr(out, "]}");
}
