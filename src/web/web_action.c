/* /actions/{id}: everything about one action, from the API's own JSON of it (made readable by
 * action_view.c), and related actions (same objective and region). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/model.h"
#include "domain/taxonomy.h"
#include "http/app.h"
#include "http/router.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "web/action_view.h"
#include "web/cards.h"
#include "web/web.h"
#include "workflow/workflow.h"

#define RELATED_SHOWN 4

/* Up to RELATED_SHOWN other actions sharing the first objective and the lead's region. Many
 * actions share that pair, so its newest cards are kept per index and language. */
static void
related(struct page *p, const json_t *action, const char *self)
{
    const json_t *objectives = json_object_get(action, "gcm_objectives");
    const char *region = NULL;
    const char *country = json_string_value(
        json_object_get(json_array_get(json_object_get(action, "governments"), 0), "country"));
    if (country != NULL) {
        int c = taxonomy_country_find(country, strlen(country));
        if (c >= 0 && taxonomy_country(c)->region >= 0)
            region = taxonomy_region(taxonomy_country(c)->region)->code;
    }
    long long objective = json_integer_value(json_array_get(objectives, 0));
    char key[96];
    snprintf(key, sizeof(key), "related|%s|%lld|%s", lang_code(p->lang), objective,
             region ? region : "");
    json_t *cards = app_json_get(p->req->app, p->ix, key);
    if (cards == NULL) {
        struct index_query *q = xcalloc(1, sizeof(*q));
        if (objective > 0) {
            char code[24];
            snprintf(code, sizeof(code), "%lld", objective);
            q->selected[DIM_OBJECTIVE][q->n_selected[DIM_OBJECTIVE]++] =
                taxonomy_find(VOCAB_GCM, code, strlen(code));
        }
        if (region != NULL)
            q->selected[DIM_REGION][q->n_selected[DIM_REGION]++] =
                taxonomy_region_find(region, strlen(region));
        q->sort = SORT_UPDATED_DESC;
        q->limit = RELATED_SHOWN + 1;
        json_t *answer = cards_query(p, q, NULL);
        free(q);
        if (answer == NULL) {
            /* related actions are a courtesy: the page stands without them */
            p->res->status = 200;
            return;
        }
        cards = json_incref(json_object_get(answer, "items"));
        json_decref(answer);
        app_json_put(p->req->app, p->ix, key, cards, 6 * 1024);
    }
    json_t *list = json_array();
    size_t i;
    json_t *card;
    json_array_foreach(cards, i, card)
    {
        const char *id = json_string_value(json_object_get(card, "external_id"));
        if (id != NULL && strcmp(id, self) != 0 && json_array_size(list) < RELATED_SHOWN)
            json_array_append(list, card);
    }
    json_decref(cards);
    json_object_set_new(p->ctx, "related", list);
    if (region != NULL && objective > 0) {
        char href[96];
        snprintf(href, sizeof(href), "/actions?objective=%lld&region=%s", objective, region);
        json_object_set_new(p->ctx, "related_href", json_string(href));
    }
}

/* The link to the versions, and for those who may submit for the lead government the link
 * that proposes the next version. */
static void
edit_links(struct page *p, const json_t *a, const char *id)
{
    struct buf url;
    buf_init(&url, 512);
    buf_addstr(&url, "/actions/");
    page_url_escape(&url, id);
    buf_addstr(&url, "/versions");
    json_object_set_new(p->ctx, "versions_href", json_string(url.data));
    const char *lead = json_string_value(
        json_object_get(json_array_get(json_object_get(a, "governments"), 0), "slug"));
    if (p->viewer.signed_in && lead != NULL) {
        struct store *st = app_store(p->req->app);
        struct government g;
        government_init(&g);
        if (st != NULL && store_government_load(st, lead, 0, &g) == ERR_OK &&
            workflow_may_submit(&p->viewer, g.id)) {
            buf_reset(&url);
            buf_addstr(&url, "/submit?action=");
            page_url_escape(&url, id);
            json_object_set_new(p->ctx, "edit_href", json_string(url.data));
        }
        government_release(&g);
        app_store_release(p->req->app, st);
    }
    buf_release(&url);
}

void
web_action(struct request *req, struct response *res)
{
    const char *id = router_tail(req->path, "/actions/");
    struct page p;
    page_begin(&p, req, res, "actions");
    char path[LIMIT_EXTERNAL_ID * 4 + 32];
    if (strlen(id) > LIMIT_EXTERNAL_ID * 4) {
        enum lang lang = p.lang;
        page_abandon(&p);
        page_error(req, res, lang, 404, i18n_get(lang, "error_not_found"));
        return;
    }
    snprintf(path, sizeof(path), "/api/v1/actions/%s", id);
    json_t *a = page_api(&p, api_actions_get, path, false);
    if (a == NULL) {
        page_abandon(&p);
        return;
    }
    action_view_enrich(&p, a);
    json_object_set_new(p.ctx, "action", a);
    related(&p, a, id);
    web_progress_section(&p, id);
    char api[LIMIT_EXTERNAL_ID * 4 + 32];
    snprintf(api, sizeof(api), "/api/v1/actions/%s", id);
    json_object_set_new(p.ctx, "api_href", json_string(api));
    edit_links(&p, a, id);
    page_finish(&p, "action", json_string_value(json_object_get(a, "title")));
}
