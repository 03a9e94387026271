/* The submit form: values <-> record, and the template's context. */
#include "web/submit_form.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/taxonomy.h"
#include "http/app.h"
#include "util/parse.h"
#include "util/text.h"
#include "workflow/workflow.h"

/* The inputs holding one text each, with their labels; "lead" and "co_governments" together
 * make the record's "governments", "end_tbc" its end date "tbc". */
static const struct input {
    const char *name, *label_key;
} inputs[] = {
    {"kind", "action_kind"},
    {"title", "submit_field_title"},
    {"summary", "submit_field_summary"},
    {"description", "description"},
    {"language", "submit_field_language"},
    {"lead", "submit_field_lead"},
    {"lead_search", "submit_field_lead_search"},
    {"co_governments", "submit_field_co_governments"},
    {"sdg_targets", "sdg_targets"},
    {"start_date", "start_date"},
    {"end_date", "end_date"},
    {"end_tbc", "submit_field_end_tbc"},
    {"budget", "budget"},
    {"funding_secured", "funding_secured"},
    {"funding_sought", "funding_sought"},
    {"currency", "submit_field_currency"},
    {"partners", "partners"},
    {"forums", "submit_field_forums"},
    {"declaration_paragraphs", "submit_field_paragraphs"},
    {"source", "source"},
    {"source_url", "submit_field_source_url"},
    {"implementation_status", "implementation_status"},
    {"indicators", "indicators"},
};

#define N_INPUTS (sizeof(inputs) / sizeof(inputs[0]))

/* The classifications chosen with checkboxes (SDG targets are too many: a text input). */
static const struct boxes {
    const char *name, *label_key, *i18n_prefix;
    enum vocab_id vocab;
    enum dim dim;
} box_groups[] = {
    {"gcm_objectives", "gcm_objectives", "gcm", VOCAB_GCM, DIM_OBJECTIVE},
    {"guiding_principles", "guiding_principles", "principle", VOCAB_PRINCIPLE, DIM_PRINCIPLE},
    {"gcr_objectives", "gcr_objectives", "gcr", VOCAB_GCR, DIM_GCR},
    {"themes", "themes", NULL, VOCAB_THEME, DIM_THEME},
    {"target_groups", "target_groups", NULL, VOCAB_GROUP, DIM_GROUP},
};

#define N_BOXES (sizeof(box_groups) / sizeof(box_groups[0]))

/* The record's fields copied as they were typed when not empty. */
static const char *const plain_fields[] = {
    "kind",           "title",  "summary",    "description",
    "language",       "budget", "currency",   "funding_secured",
    "funding_sought", "source", "source_url", "implementation_status",
    "start_date",
};

#define N_PLAIN (sizeof(plain_fields) / sizeof(plain_fields[0]))

static const char *
value_of(const json_t *values, const char *name)
{
    const char *s = json_string_value(json_object_get(values, name));
    return s != NULL ? s : "";
}

json_t *
submit_values_read(const struct page *p)
{
    const struct request *req = p->req;
    json_t *values = json_object();
    for (size_t i = 0; i < N_BOXES; i++)
        json_object_set_new(values, box_groups[i].name, json_array());
    for (size_t i = 0; i < req->n_form; i++) {
        const struct param *f = &req->form[i];
        if (!text_is_utf8(f->value, f->value_len))
            continue; /* browsers send UTF-8; anything else cannot be shown again */
        json_t *list = json_object_get(values, f->key);
        if (json_is_array(list)) {
            json_array_append_new(list, json_stringn(f->value, f->value_len));
            continue;
        }
        for (size_t k = 0; k < N_INPUTS; k++) {
            if (strcmp(inputs[k].name, f->key) == 0)
                json_object_set_new(values, f->key, json_stringn(f->value, f->value_len));
        }
    }
    return values;
}

/* Appends the non-empty lines (or, with @commas, items separated by commas, semicolons or
 * spaces too) of @s to @list as strings. */
static void
split_items(const char *s, bool commas, json_t *list)
{
    const char *seps = commas ? "\r\n,; \t" : "\r\n";
    while (*s != '\0') {
        size_t len = strcspn(s, seps);
        const char *item = s;
        size_t n = len;
        text_trim(&item, &n);
        if (n > 0)
            json_array_append_new(list, json_stringn(item, n));
        s += len;
        if (*s != '\0')
            s++;
    }
}

/* The measurable targets typed one a line, "name; unit; baseline; target; deadline" (the last
 * four may be left out), as the record's list of objects. Numbers stay text: the validator
 * reads them as it reads a spreadsheet's, and says which line is wrong. */
static const char *const indicator_keys[] = {"name", "unit", "baseline", "target", "deadline"};

static json_t *
indicators_from_lines(const char *s)
{
    json_t *list = json_array();
    while (*s != '\0') {
        size_t len = strcspn(s, "\r\n");
        json_t *item = json_object();
        const char *p = s;
        size_t k = 0;
        while (p < s + len) {
            size_t n = strcspn(p, ";");
            if (p + n > s + len)
                n = (size_t)(s + len - p);
            const char *v = p;
            size_t vn = n;
            text_trim(&v, &vn);
            /* a sixth part is kept under its own name, so the validator refuses it */
            const char *key = k < 5 ? indicator_keys[k] : "extra";
            if (vn > 0)
                json_object_set_new(item, key, json_stringn(v, vn));
            k++;
            p += n + (p + n < s + len);
        }
        if (json_object_size(item) > 0)
            json_array_append_new(list, item);
        else
            json_decref(item);
        s += len;
        while (*s == '\r' || *s == '\n')
            s++;
    }
    return list;
}

/* The record's measurable targets back as lines for the form. */
static json_t *
indicators_to_lines(const json_t *list)
{
    struct buf out;
    buf_init(&out, 64 * 1024);
    size_t i;
    const json_t *item;
    json_array_foreach(list, i, item)
    {
        for (size_t k = 0; k < 5; k++) {
            const json_t *v = json_object_get(item, indicator_keys[k]);
            if (k > 0)
                buf_addstr(&out, "; ");
            if (json_is_string(v))
                buf_addstr(&out, json_string_value(v));
            else if (json_is_number(v))
                buf_addf(&out, "%.15g", json_number_value(v));
        }
        buf_addch(&out, '\n');
    }
    json_t *text = json_string(buf_status(&out) == ERR_OK ? out.data : "");
    buf_release(&out);
    return text;
}

/* {"name", "country"} of the government @id_text (a lead chosen in the form), or NULL. */
static json_t *
lead_government(const struct page *p, const char *id_text)
{
    int64_t id = 0;
    if (parse_i64(id_text, strlen(id_text), 1, INT64_MAX, &id) != ERR_OK)
        return NULL;
    struct store *st = app_store(p->req->app);
    struct government g;
    government_init(&g);
    json_t *out = NULL;
    if (st != NULL && store_government_load(st, NULL, id, &g) == ERR_OK)
        out = json_pack("{ssss}", "name", g.name, "country", taxonomy_country(g.country)->alpha2);
    government_release(&g);
    app_store_release(p->req->app, st);
    return out;
}

bool
submit_lead_check(const struct page *p, const json_t *values, struct field_errors *errs)
{
    json_t *lead = lead_government(p, value_of(values, "lead"));
    json_decref(lead);
    if (lead == NULL)
        field_errors_say(errs, "governments", "valid_lead_choose",
                         "choose the lead government in the list", NULL);
    return lead != NULL;
}

json_t *
submit_values_record(const struct page *p, const json_t *values)
{
    json_t *record = json_object();
    for (size_t i = 0; i < N_PLAIN; i++) {
        const char *s = value_of(values, plain_fields[i]);
        if (s[0] != '\0')
            json_object_set_new(record, plain_fields[i], json_string(s));
    }
    const char *end = value_of(values, "end_date");
    if (value_of(values, "end_tbc")[0] != '\0')
        json_object_set_new(record, "end_date", json_string("tbc"));
    else if (end[0] != '\0')
        json_object_set_new(record, "end_date", json_string(end));
    json_t *govs = json_array();
    json_t *lead = lead_government(p, value_of(values, "lead"));
    if (lead != NULL)
        json_array_append_new(govs, lead);
    split_items(value_of(values, "co_governments"), false, govs);
    if (json_array_size(govs) > 0)
        json_object_set_new(record, "governments", govs);
    else
        json_decref(govs);
    for (size_t i = 0; i < N_BOXES; i++) {
        const json_t *chosen = json_object_get(values, box_groups[i].name);
        json_t *list = json_array();
        size_t k;
        const json_t *item;
        json_array_foreach(chosen, k, item)
        {
            const char *code = json_string_value(item);
            int64_t n = 0;
            /* numbered vocabularies are numbers in the record, as the importer writes them */
            if (taxonomy_vocab(box_groups[i].vocab)->numeric &&
                parse_i64(code, strlen(code), 1, 1000, &n) == ERR_OK)
                json_array_append_new(list, json_integer(n));
            else
                json_array_append_new(list, json_string(code));
        }
        if (json_array_size(list) > 0)
            json_object_set_new(record, box_groups[i].name, list);
        else
            json_decref(list);
    }
    json_t *sdgs = json_array();
    split_items(value_of(values, "sdg_targets"), true, sdgs);
    json_object_set_new(record, "sdg_targets", sdgs);
    json_t *partners = json_array();
    split_items(value_of(values, "partners"), false, partners);
    json_object_set_new(record, "partners", partners);
    json_t *forums = json_array();
    split_items(value_of(values, "forums"), true, forums);
    json_object_set_new(record, "forums", forums);
    json_t *paragraphs = json_array();
    split_items(value_of(values, "declaration_paragraphs"), true, paragraphs);
    json_object_set_new(record, "declaration_paragraphs", paragraphs);
    json_t *indicators = indicators_from_lines(value_of(values, "indicators"));
    if (json_array_size(indicators) > 0)
        json_object_set_new(record, "indicators", indicators);
    else
        json_decref(indicators);
    return record;
}

/* ---- from a record ---- */

/* "Name, CC" of government @g of a record (an object or already text) into @out. */
static void
government_line(const json_t *g, struct buf *out)
{
    if (json_is_string(g)) {
        buf_addstr(out, json_string_value(g));
        return;
    }
    const char *name = json_string_value(json_object_get(g, "name"));
    const char *country = json_string_value(json_object_get(g, "country"));
    buf_addf(out, "%s, %s", name != NULL ? name : "", country != NULL ? country : "");
}

/* The id of the government @g of a record names, as text ("" when unknown). */
static void
government_id(const struct page *p, const json_t *g, char out[24])
{
    struct buf line;
    buf_init(&line, 1024);
    government_line(g, &line);
    struct gov_ref ref = {0};
    out[0] = '\0';
    struct store *st = app_store(p->req->app);
    int64_t id = 0;
    if (st != NULL && buf_status(&line) == ERR_OK &&
        validate_gov_ref_text(line.data, line.len, &ref, NULL) == ERR_OK &&
        store_government_find(st, ref.name, ref.country, &id, NULL, NULL) == ERR_OK)
        snprintf(out, 24, "%lld", (long long)id);
    free(ref.name);
    free(ref.slug);
    app_store_release(p->req->app, st);
    buf_release(&line);
}

/* The items of list @list joined by @sep into a string. */
static json_t *
joined(const json_t *list, const char *sep)
{
    struct buf b;
    buf_init(&b, LIMIT_BODY_BYTES);
    size_t i;
    const json_t *item;
    json_array_foreach(list, i, item)
    {
        if (i > 0)
            buf_addstr(&b, sep);
        if (json_is_integer(item))
            buf_addf(&b, "%lld", (long long)json_integer_value(item));
        else if (json_is_string(item))
            buf_addstr(&b, json_string_value(item));
    }
    json_t *out = json_string(buf_status(&b) == ERR_OK && b.data != NULL ? b.data : "");
    buf_release(&b);
    return out;
}

json_t *
submit_values_from_record(const struct page *p, const json_t *record)
{
    json_t *values = json_object();
    for (size_t i = 0; i < N_PLAIN; i++) {
        const json_t *v = json_object_get(record, plain_fields[i]);
        if (json_is_string(v))
            json_object_set(values, plain_fields[i], (json_t *)(uintptr_t)v);
        else if (json_is_number(v)) /* amounts */
            json_object_set_new(values, plain_fields[i],
                                json_sprintf("%.2f", json_number_value(v)));
    }
    const char *end = json_string_value(json_object_get(record, "end_date"));
    if (end != NULL && strcmp(end, "tbc") == 0)
        json_object_set_new(values, "end_tbc", json_string("1"));
    else if (end != NULL)
        json_object_set_new(values, "end_date", json_string(end));
    const json_t *govs = json_object_get(record, "governments");
    char lead[24];
    government_id(p, json_array_get(govs, 0), lead);
    json_object_set_new(values, "lead", json_string(lead));
    struct buf lines;
    buf_init(&lines, LIMIT_BODY_BYTES);
    for (size_t i = 1; i < json_array_size(govs); i++) {
        government_line(json_array_get(govs, i), &lines);
        buf_addch(&lines, '\n');
    }
    json_object_set_new(values, "co_governments",
                        json_string(buf_status(&lines) == ERR_OK && lines.data ? lines.data : ""));
    buf_release(&lines);
    for (size_t i = 0; i < N_BOXES; i++) {
        json_t *list = json_array();
        size_t k;
        const json_t *item;
        json_array_foreach(json_object_get(record, box_groups[i].name), k, item)
        {
            if (json_is_integer(item))
                json_array_append_new(list,
                                      json_sprintf("%lld", (long long)json_integer_value(item)));
            else if (json_is_string(item))
                json_array_append_new(list, json_string(json_string_value(item)));
        }
        json_object_set_new(values, box_groups[i].name, list);
    }
    json_object_set_new(values, "sdg_targets",
                        joined(json_object_get(record, "sdg_targets"), ", "));
    json_object_set_new(values, "partners", joined(json_object_get(record, "partners"), "\n"));
    json_object_set_new(values, "forums", joined(json_object_get(record, "forums"), ", "));
    json_object_set_new(values, "declaration_paragraphs",
                        joined(json_object_get(record, "declaration_paragraphs"), ", "));
    json_object_set_new(values, "indicators",
                        indicators_to_lines(json_object_get(record, "indicators")));
    return values;
}

/* ---- the template's context ---- */

static const char *
label_of(const struct page *p, const char *field)
{
    for (size_t i = 0; i < N_INPUTS; i++) {
        if (strcmp(inputs[i].name, field) == 0)
            return page_t(p, inputs[i].label_key);
    }
    for (size_t i = 0; i < N_BOXES; i++) {
        if (strcmp(box_groups[i].name, field) == 0)
            return page_t(p, box_groups[i].label_key);
    }
    return NULL;
}

/* Puts each error, in the page's language, next to its input ("governments" next to the lead
 * government), or in "top". */
static void
add_errors(const struct page *p, json_t *form, const struct field_errors *errs)
{
    json_t *fields = json_object_get(form, "f");
    json_t *top = json_array(), *summary = json_array();
    struct buf text;
    buf_init(&text, 4096);
    for (size_t i = 0; errs != NULL && i < errs->count; i++) {
        const struct field_error *e = &errs->items[i];
        buf_reset(&text);
        i18n_field_error(p->lang, e, &text);
        const char *message = buf_status(&text) == ERR_OK ? text.data : e->message;
        const char *field = strcmp(e->field, "governments") == 0 ? "lead" : e->field;
        const char *label = label_of(p, field);
        json_t *entry = json_object_get(fields, field);
        if (label == NULL || entry == NULL) {
            json_array_append_new(top, json_pack("{ss}", "message", message));
            continue;
        }
        const char *had = json_string_value(json_object_get(entry, "error"));
        json_object_set_new(entry, "error",
                            had != NULL ? json_sprintf("%s; %s", had, message)
                                        : json_string(message));
        json_array_append_new(
            summary, json_pack("{ssssss}", "field", field, "label", label, "message", message));
    }
    buf_release(&text);
    if (errs != NULL && errs->total > errs->count)
        json_array_append_new(top, json_pack("{ss}", "message", "..."));
    json_object_set_new(form, "top_errors", top);
    json_object_set_new(form, "errors", summary);
    json_object_set_new(form, "has_errors", json_boolean(errs != NULL && errs->count > 0));
}

static bool
has_code(const json_t *list, const char *code)
{
    size_t i;
    const json_t *item;
    json_array_foreach(list, i, item)
    {
        if (json_is_string(item) && strcmp(json_string_value(item), code) == 0)
            return true;
    }
    return false;
}

/* [{"code", "label", "checked"}] for the terms of box group @g; a GCM objective, labelled
 * "N. short title", has its official title as "explain". */
static json_t *
box_options(const struct page *p, const struct boxes *g, const json_t *chosen)
{
    const struct vocab *v = taxonomy_vocab(g->vocab);
    json_t *list = json_array();
    for (size_t i = 0; i < v->count; i++) {
        const char *code = v->terms[i].code;
        char key[96], label[400];
        json_t *o = json_pack("{sssb}", "code", code, "checked", has_code(chosen, code));
        if (g->vocab == VOCAB_GCM) {
            json_t *objective = page_objective(p->lang, (int)i + 1);
            snprintf(label, sizeof(label), "%s. %s", code,
                     json_string_value(json_object_get(objective, "short")));
            json_object_set(o, "explain", json_object_get(objective, "title"));
            json_decref(objective);
        } else if (g->i18n_prefix != NULL) {
            snprintf(key, sizeof(key), "%s.%s", g->i18n_prefix, code);
            const char *title = i18n_find(p->lang, key);
            snprintf(label, sizeof(label), "%s. %s", code, title ? title : v->terms[i].title);
        } else {
            snprintf(label, sizeof(label), "%s",
                     page_dim_label(p->lang, g->dim, code, v->terms[i].title));
        }
        json_object_set_new(o, "label", json_string(label));
        json_array_append_new(list, o);
    }
    return list;
}

/* [{"code", "label", "selected"}] for @codes with labels under @prefix. */
static json_t *
code_options(const struct page *p, const char *prefix, const char *const *codes, int n,
             const char *chosen)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        char key[80];
        snprintf(key, sizeof(key), "%s.%s", prefix, codes[i]);
        json_array_append_new(list, json_pack("{sssssb}", "code", codes[i], "label",
                                              i18n_get(p->lang, key), "selected",
                                              strcmp(chosen, codes[i]) == 0));
    }
    return list;
}

/* {"id", "name", "country", "selected"} of government @id for the lead list. */
static json_t *
lead_option(const struct page *p, struct store *st, int64_t id, bool selected)
{
    struct government g;
    government_init(&g);
    json_t *o = NULL;
    if (store_government_load(st, NULL, id, &g) == ERR_OK) {
        char text[24];
        snprintf(text, sizeof(text), "%lld", (long long)id);
        const struct country *c = taxonomy_country(g.country);
        o = json_pack("{sssssssb}", "id", text, "name", g.name, "country",
                      page_dim_label(p->lang, DIM_COUNTRY, c->alpha2, c->name), "selected",
                      selected);
    }
    government_release(&g);
    return o;
}

#define LEAD_MATCHES_MAX 50 /* governments a search lists: the page stays small */
#define LEAD_WORDS_MAX   8

/* A search of every government by the words of its name and country, for a viewer who may
 * submit for any. */
struct lead_search {
    const struct page *p;
    int64_t chosen;   /* listed first, not again */
    struct buf words; /* the folded words, each followed by a NUL */
    size_t n_words;
    struct buf hay;
    json_t *list;
    size_t found;  /* matches, listed or not */
    size_t listed; /* matches listed (the chosen one aside) */
};

static void
match_government(void *ctx, const struct store_government_row *row)
{
    struct lead_search *s = ctx;
    const struct country *c = row->country >= 0 ? taxonomy_country(row->country) : NULL;
    buf_reset(&s->hay);
    text_fold_key(&s->hay, row->name, strlen(row->name));
    if (c != NULL) {
        const char *label = page_dim_label(s->p->lang, DIM_COUNTRY, c->alpha2, c->name);
        buf_addch(&s->hay, ' ');
        text_fold_key(&s->hay, label, strlen(label));
        buf_addch(&s->hay, ' ');
        text_fold_key(&s->hay, c->name, strlen(c->name));
        buf_addch(&s->hay, ' ');
        text_fold_key(&s->hay, c->alpha2, strlen(c->alpha2));
    }
    const char *w = s->words.data;
    for (size_t i = 0; i < s->n_words; i++, w += strlen(w) + 1) {
        if (strstr(s->hay.data, w) == NULL)
            return;
    }
    s->found++;
    if (row->id == s->chosen || s->listed == LEAD_MATCHES_MAX)
        return;
    s->listed++;
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)row->id);
    json_array_append_new(
        s->list,
        json_pack("{sssssssb}", "id", id, "name", row->name, "country",
                  c != NULL ? page_dim_label(s->p->lang, DIM_COUNTRY, c->alpha2, c->name) : "",
                  "selected", false));
}

/* Every government matching @query (its folded words), after @chosen; sets "lead_found" in
 * @form to say how many there were. */
static json_t *
search_leads(const struct page *p, struct store *st, const char *query, int64_t chosen,
             json_t *form)
{
    struct lead_search s = {.p = p, .chosen = chosen, .list = json_array()};
    struct buf folded;
    buf_init(&folded, 1024);
    buf_init(&s.words, 1024);
    buf_init(&s.hay, 4096);
    text_fold_key(&folded, query, strlen(query));
    for (const char *w = folded.data; *w != '\0' && s.n_words < LEAD_WORDS_MAX;) {
        size_t n = strcspn(w, " ");
        buf_add(&s.words, w, n);
        buf_addch(&s.words, '\0');
        s.n_words++;
        w += n + (w[n] == ' ');
    }
    if (chosen > 0) {
        json_t *o = lead_option(p, st, chosen, true);
        if (o != NULL)
            json_array_append_new(s.list, o);
    }
    if (s.n_words > 0 && buf_status(&s.words) == ERR_OK &&
        store_government_list(st, match_government, &s) == ERR_OK) {
        char count[40], max[24];
        i18n_format_count(p->lang, s.found, count, sizeof(count));
        snprintf(max, sizeof(max), "%d", LEAD_MATCHES_MAX);
        const char *vars[] = {"count", count, "max", max, NULL};
        struct buf note;
        buf_init(&note, 1024);
        const char *text = s.found == 0                  ? page_t(p, "submit_lead_found_none")
                           : s.found == 1                ? page_t(p, "submit_lead_found_one")
                           : s.found <= LEAD_MATCHES_MAX ? page_t(p, "submit_lead_found_other")
                                                         : page_t(p, "submit_lead_found_many");
        if (text_fill(&note, text, vars) == ERR_OK)
            json_object_set_new(form, "lead_found", json_string(note.data));
        buf_release(&note);
    }
    /* one match and no lead yet: that is the one */
    if (chosen <= 0 && s.found == 1 && json_array_size(s.list) == 1)
        json_object_set_new(json_array_get(s.list, 0), "selected", json_true());
    buf_release(&folded);
    buf_release(&s.words);
    buf_release(&s.hay);
    return s.list;
}

/* The governments the viewer may submit for, @chosen (an id as text) selected: theirs, or for
 * one who may submit for any, the chosen one and those their search finds. */
static json_t *
lead_options(const struct page *p, const char *chosen, const char *query, json_t *form)
{
    struct store *st = app_store(p->req->app);
    if (st != NULL && workflow_may_submit_any(&p->viewer)) {
        int64_t id = 0;
        if (parse_i64(chosen, strlen(chosen), 1, INT64_MAX, &id) != ERR_OK)
            id = 0;
        json_t *list = search_leads(p, st, query, id, form);
        app_store_release(p->req->app, st);
        return list;
    }
    json_t *list = json_array();
    for (size_t i = 0; st != NULL && i < p->viewer.n_roles; i++) {
        int64_t id = p->viewer.roles[i].government_id;
        if (id <= 0 || !workflow_may_submit(&p->viewer, id))
            continue;
        char text[24];
        snprintf(text, sizeof(text), "%lld", (long long)id);
        json_t *o = lead_option(p, st, id, strcmp(text, chosen) == 0);
        if (o != NULL)
            json_array_append_new(list, o);
    }
    app_store_release(p->req->app, st);
    return list;
}

void
submit_form_context(struct page *p, const json_t *values, const struct field_errors *errs,
                    const char *action_url, const char *external_id)
{
    json_t *form = json_object();
    json_t *fields = json_object();
    for (size_t i = 0; i < N_INPUTS; i++)
        json_object_set_new(fields, inputs[i].name,
                            json_pack("{ss}", "value", value_of(values, inputs[i].name)));
    for (size_t i = 0; i < N_BOXES; i++) {
        json_object_set_new(
            fields, box_groups[i].name,
            json_pack("{so}", "options",
                      box_options(p, &box_groups[i], json_object_get(values, box_groups[i].name))));
    }
    json_object_set_new(form, "f", fields);
    add_errors(p, form, errs);
    const char *kind = value_of(values, "kind");
    const char *status = value_of(values, "implementation_status");
    json_object_set_new(form, "kinds",
                        code_options(p, "action_kind", action_kind_codes, ACTION_KIND_COUNT,
                                     kind[0] ? kind : "pledge"));
    json_object_set_new(form, "statuses",
                        code_options(p, "implementation_status", impl_status_codes,
                                     IMPL_STATUS_COUNT, status[0] ? status : "planned"));
    json_object_set_new(form, "lead_any", json_boolean(workflow_may_submit_any(&p->viewer)));
    json_object_set_new(
        form, "leads",
        lead_options(p, value_of(values, "lead"), value_of(values, "lead_search"), form));
    json_object_set_new(form, "end_tbc", json_boolean(value_of(values, "end_tbc")[0] != '\0'));
    json_object_set_new(form, "action", json_string(action_url));
    if (external_id != NULL)
        json_object_set_new(form, "external_id", json_string(external_id));
    json_object_set_new(form, "csrf", json_string(page_form_token(p)));
    json_object_set_new(p->ctx, "form", form);
}
