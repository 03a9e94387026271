/* An action as its page shows it: the API's JSON of it with titles, translated labels, dates
 * and amounts written for people. Shared by the public page, a submission's page, the preview
 * of the submit form and the published versions. */
#include "web/action_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/model.h"
#include "domain/record.h"
#include "domain/taxonomy.h"
#include "domain/validate.h"
#include "http/app.h"
#include "util/parse.h"
#include "web/cards.h"
#include "web/forum_view.h"

/* [{code, title, href}] for the codes in @list of vocabulary @vocab. */
static json_t *
terms(const struct page *p, const json_t *list, enum vocab_id vocab, enum dim d,
      const char *href_prefix)
{
    const struct vocab *v = taxonomy_vocab(vocab);
    json_t *out = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        char code[32], href[64];
        if (json_is_integer(item))
            snprintf(code, sizeof(code), "%lld", (long long)json_integer_value(item));
        else
            snprintf(code, sizeof(code), "%s",
                     json_string_value(item) ? json_string_value(item) : "");
        int t = taxonomy_find(vocab, code, strlen(code));
        if (t < 0)
            continue;
        char key[64];
        const char *title = NULL;
        if (vocab == VOCAB_PRINCIPLE || vocab == VOCAB_GCR) {
            snprintf(key, sizeof(key), "%s.%s", vocab == VOCAB_GCR ? "gcr" : "principle", code);
            title = i18n_find(p->lang, key);
        } else {
            title = page_dim_label(p->lang, d, code, NULL);
        }
        json_t *o = json_pack("{ssss}", "code", code, "title", title ? title : v->terms[t].title);
        if (href_prefix != NULL) {
            snprintf(href, sizeof(href), "%s%s", href_prefix, code);
            json_object_set_new(o, "href", json_string(href));
        }
        json_array_append_new(out, o);
    }
    return out;
}

/* "2022-05" -> "May 2022" in the page's language; "tbc" -> "to be confirmed". */
static json_t *
date_text(const struct page *p, const char *date)
{
    if (date == NULL)
        return json_null();
    if (strcmp(date, "tbc") == 0)
        return json_string(page_t(p, "date_tbc"));
    /* "2022", "2022-05" or "2022-05-17", as validation allows */
    int64_t y = 0, m = 0, d = 0;
    size_t len = strlen(date);
    bool ok = (len == 7 || len == 10) && date[4] == '-' &&
              parse_i64(date, 4, 1, 9999, &y) == ERR_OK &&
              parse_i64(date + 5, 2, 1, 12, &m) == ERR_OK &&
              (len == 7 || (date[7] == '-' && parse_i64(date + 8, 2, 1, 31, &d) == ERR_OK));
    char key[16], out[64];
    if (ok) {
        snprintf(key, sizeof(key), "month_%d", (int)m);
        if (len == 10)
            snprintf(out, sizeof(out), "%d %s %d", (int)d, page_t(p, key), (int)y);
        else
            snprintf(out, sizeof(out), "%s %d", page_t(p, key), (int)y);
        return json_string(out);
    }
    return json_string(date);
}

static json_t *
money_text(const struct page *p, const json_t *amount, const char *currency)
{
    if (!json_is_number(amount))
        return json_null();
    char count[48], out[80];
    double v = json_number_value(amount);
    i18n_format_count(p->lang, (uint64_t)(v + 0.5), count, sizeof(count));
    snprintf(out, sizeof(out), "%s %s", currency != NULL ? currency : "", count);
    return json_string(out);
}

static void
governments(const struct page *p, json_t *action)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(action, "governments"), i, g)
    {
        char href[160], key[64];
        const char *slug = json_string_value(json_object_get(g, "slug"));
        const char *country = json_string_value(json_object_get(g, "country"));
        const char *kind = json_string_value(json_object_get(g, "kind"));
        /* a government named in a submission may not exist yet: no page to link */
        json_object_set_new(g, "linked", json_boolean(slug != NULL));
        if (slug != NULL) {
            snprintf(href, sizeof(href), "/governments/%s", slug);
            json_object_set_new(g, "href", json_string(href));
        }
        if (country != NULL)
            json_object_set_new(
                g, "country_name",
                json_string(page_dim_label(p->lang, DIM_COUNTRY, country,
                                           json_string_value(json_object_get(g, "country_name")))));
        if (kind != NULL) {
            snprintf(key, sizeof(key), "government_kind.%s", kind);
            json_object_set_new(g, "kind_label", json_string(i18n_get(p->lang, key)));
        }
    }
}

void
action_view_enrich(struct page *p, json_t *a)
{
    cards_enrich(p, a);
    governments(p, a);
    json_object_set_new(a, "joint",
                        json_boolean(json_array_size(json_object_get(a, "governments")) > 1));
    json_object_set_new(a, "principles",
                        terms(p, json_object_get(a, "guiding_principles"), VOCAB_PRINCIPLE,
                              DIM_PRINCIPLE, "/principles/"));
    json_object_set_new(
        a, "gcr",
        terms(p, json_object_get(a, "gcr_objectives"), VOCAB_GCR, DIM_GCR, "/gcr-objectives/"));
    json_object_set_new(a, "sdgs",
                        terms(p, json_object_get(a, "sdg_targets"), VOCAB_SDG, DIM_SDG, NULL));
    json_object_set_new(
        a, "theme_list",
        terms(p, json_object_get(a, "themes"), VOCAB_THEME, DIM_THEME, "/actions?theme="));
    json_object_set_new(a, "group_list",
                        terms(p, json_object_get(a, "target_groups"), VOCAB_GROUP, DIM_GROUP,
                              "/actions?target_group="));
    json_object_set_new(a, "start_text",
                        date_text(p, json_string_value(json_object_get(a, "start_date"))));
    const char *updated = json_string_value(json_object_get(a, "updated_at"));
    char day[16] = "";
    if (updated != NULL)
        snprintf(day, sizeof(day), "%.10s", updated);
    json_object_set_new(a, "updated_text", date_text(p, updated != NULL ? day : NULL));
    json_object_set_new(a, "end_text",
                        date_text(p, json_string_value(json_object_get(a, "end_date"))));
    const char *currency = json_string_value(json_object_get(a, "currency"));
    json_t *budget = money_text(p, json_object_get(a, "budget"), currency);
    json_t *secured = money_text(p, json_object_get(a, "funding_secured"), currency);
    json_t *sought = money_text(p, json_object_get(a, "funding_sought"), currency);
    bool funding = !json_is_null(budget) || !json_is_null(secured) || !json_is_null(sought);
    json_object_set_new(a, "budget_text", budget);
    json_object_set_new(a, "secured_text", secured);
    json_object_set_new(a, "sought_text", sought);
    json_object_set_new(a, "has_funding", json_boolean(funding));
    const char *source_url = json_string_value(json_object_get(a, "source_url"));
    bool web_source = source_url != NULL && (strncmp(source_url, "https://", 8) == 0 ||
                                             strncmp(source_url, "http://", 7) == 0);
    json_object_set_new(a, "source_link", json_boolean(web_source));
    forum_view_action_links(p, a);
}

json_t *
action_view_from_record(struct page *p, json_t *record)
{
    struct action a;
    struct field_errors errs = {0};
    action_init(&a);
    json_t *copy = json_deep_copy(record);
    json_t *out = NULL;
    if (validate_action(copy, &a, &errs) == ERR_OK) {
        /* the governments as the public page links them, when they exist already */
        struct store *st = app_store(p->req->app);
        for (size_t i = 0; st != NULL && i < a.n_governments; i++) {
            struct gov_ref *g = &a.governments[i];
            char *name = NULL, *slug = NULL;
            if (store_government_find(st, g->name, g->country, &g->id, &name, &slug) == ERR_OK) {
                free(g->name);
                g->name = name;
                g->slug = slug;
            } else {
                free(name);
                free(slug);
            }
        }
        app_store_release(p->req->app, st);
        struct buf b;
        buf_init(&b, LIMIT_RESPONSE_BYTES);
        record_action_json(&b, &a, RECORD_API_FULL);
        if (buf_status(&b) == ERR_OK)
            out = json_loadb(b.data, b.len, 0, NULL);
        buf_release(&b);
    }
    if (out != NULL)
        action_view_enrich(p, out);
    json_decref(copy);
    action_release(&a);
    return out;
}

json_t *
action_view_date(const struct page *p, const char *date)
{
    return date_text(p, date);
}
