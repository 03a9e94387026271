/* Enriching the API's action cards for the pages. */
#include "web/cards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/model.h"
#include "util/xalloc.h"

static const char *
code_label(const struct page *p, const char *prefix, const char *code, const char *const *codes,
           const char *const *labels, int n)
{
    char key[80];
    snprintf(key, sizeof(key), "%s.%s", prefix, code);
    const char *s = i18n_find(p->lang, key);
    if (s != NULL)
        return s;
    int i = model_code_find(codes, n, code, strlen(code));
    return i >= 0 ? labels[i] : code;
}

#define CARD_SUMMARY_CHARS 200

/* A long summary is cut at a word before CARD_SUMMARY_CHARS code points, ending in "…": a
 * list of twenty cards must stay light; the action's page has the whole text. */
static void
shorten_summary(json_t *card)
{
    const char *s = json_string_value(json_object_get(card, "summary"));
    if (s == NULL)
        return;
    size_t chars = 0, cut = 0, i = 0;
    for (; s[i] != '\0'; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue; /* a continuation byte: same character */
        if (chars == CARD_SUMMARY_CHARS)
            break;
        if (s[i] == ' ')
            cut = i;
        chars++;
    }
    if (s[i] == '\0')
        return;
    if (cut == 0)
        cut = i;
    char *text = xmalloc(cut + 4);
    memcpy(text, s, cut);
    memcpy(text + cut, "\xe2\x80\xa6", 4);
    json_object_set_new(card, "summary", json_string(text));
    free(text);
}

void
cards_enrich(const struct page *p, json_t *card)
{
    char href[160];
    const char *id = json_string_value(json_object_get(card, "external_id"));
    const char *kind = json_string_value(json_object_get(card, "kind"));
    const char *status = json_string_value(json_object_get(card, "implementation_status"));
    if (id != NULL) {
        struct buf url;
        buf_init(&url, 512);
        buf_addstr(&url, "/actions/");
        page_url_escape(&url, id);
        json_object_set_new(card, "href", json_string(url.data));
        buf_release(&url);
    }
    if (kind != NULL)
        json_object_set_new(card, "kind_label",
                            json_string(code_label(p, "action_kind", kind, action_kind_codes,
                                                   action_kind_labels, ACTION_KIND_COUNT)));
    if (status != NULL)
        json_object_set_new(
            card, "status_label",
            json_string(code_label(p, "implementation_status", status, impl_status_codes,
                                   impl_status_labels, IMPL_STATUS_COUNT)));
    if (json_object_get(card, "description") == NULL)
        shorten_summary(card); /* a list card, not an action's own page */
    json_t *objectives = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(card, "gcm_objectives"), i, v)
    {
        json_array_append_new(objectives, page_objective(p->lang, (int)json_integer_value(v)));
    }
    json_object_set_new(card, "objectives", objectives);
    json_array_foreach(json_object_get(card, "governments"), i, v)
    {
        const char *slug = json_string_value(json_object_get(v, "slug"));
        const char *country = json_string_value(json_object_get(v, "country"));
        if (slug != NULL) {
            snprintf(href, sizeof(href), "/governments/%s", slug);
            json_object_set_new(v, "href", json_string(href));
        }
        if (country != NULL) {
            const char *fallback = json_string_value(json_object_get(v, "country_name"));
            json_object_set_new(v, "country_name",
                                json_string(page_dim_label(p->lang, DIM_COUNTRY, country,
                                                           fallback ? fallback : country)));
        }
    }
}

void
cards_enrich_all(const struct page *p, json_t *cards)
{
    size_t i;
    json_t *card;
    json_array_foreach(cards, i, card)
    {
        cards_enrich(p, card);
    }
}

json_t *
cards_query(struct page *p, struct index_query *q, const char *text)
{
    struct buf out;
    buf_init(&out, LIMIT_RESPONSE_BYTES);
    json_t *answer = NULL;
    if (api_actions_answer(p->req, p->res, p->ix, q, text, &out))
        answer = json_loadb(out.data, out.len, 0, NULL);
    buf_release(&out);
    if (answer == NULL) {
        if (p->res->status == 200)
            page_error(p->req, p->res, p->lang, 500, page_t(p, "error_title"));
        else
            page_error_from_json(p->req, p->res, p->lang);
        return NULL;
    }
    cards_enrich_all(p, json_object_get(answer, "items"));
    return answer;
}
