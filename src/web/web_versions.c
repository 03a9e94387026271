/* GET /actions/{id}/versions and /actions/{id}/versions/{n}: every published version of an
 * action, each viewable as its page showed it, from the API's own answers (which decide who
 * may see them). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "http/router.h"
#include "web/action_view.h"
#include "web/web.h"

/* The action's external id (segment 1) into @id, and with @n the version (segment 3); false
 * with a 404 page set. */
static bool
read_path(struct page *p, char id[LIMIT_EXTERNAL_ID + 1], char n[12])
{
    if (router_segment_at(p->req->path, 1, id, LIMIT_EXTERNAL_ID + 1) &&
        (n == NULL || router_segment_at(p->req->path, 3, n, 12)))
        return true;
    page_refuse(p, 404, "error_not_found");
    return false;
}

static void
action_links(struct page *p, const char *id)
{
    struct buf url;
    buf_init(&url, 512);
    buf_addstr(&url, "/actions/");
    page_url_escape(&url, id);
    json_object_set_new(p->ctx, "action_href", json_string(url.data));
    buf_addstr(&url, "/versions");
    json_object_set_new(p->ctx, "versions_href", json_string(url.data));
    buf_release(&url);
    json_object_set_new(p->ctx, "external_id", json_string(id));
}

void
web_versions(struct request *req, struct response *res)
{
    struct page p;
    char id[LIMIT_EXTERNAL_ID + 1], path[LIMIT_EXTERNAL_ID + 40];
    page_begin(&p, req, res, "actions");
    if (!read_path(&p, id, NULL))
        return;
    snprintf(path, sizeof(path), "/api/v1/actions/%s/versions", id);
    json_t *list = page_api(&p, api_versions_list, path, false);
    if (list == NULL) {
        page_abandon(&p);
        return;
    }
    action_links(&p, id);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(list, "versions"), i, v)
    {
        char href[LIMIT_EXTERNAL_ID * 3 + 64];
        struct buf url;
        buf_init(&url, sizeof(href));
        buf_addstr(&url, json_string_value(json_object_get(p.ctx, "versions_href")));
        buf_addf(&url, "/%lld", (long long)json_integer_value(json_object_get(v, "version")));
        json_object_set_new(v, "href", json_string(url.data));
        buf_release(&url);
    }
    json_object_set_new(p.ctx, "versions", json_incref(json_object_get(list, "versions")));
    json_decref(list);
    page_finish(&p, "versions", page_t(&p, "versions_title"));
}

void
web_version(struct request *req, struct response *res)
{
    struct page p;
    char id[LIMIT_EXTERNAL_ID + 1], n[12], path[LIMIT_EXTERNAL_ID + 60];
    page_begin(&p, req, res, "actions");
    if (!read_path(&p, id, n))
        return;
    snprintf(path, sizeof(path), "/api/v1/actions/%s/versions/%s", id, n);
    json_t *version = page_api(&p, api_versions_get, path, false);
    if (version == NULL) {
        page_abandon(&p);
        return;
    }
    action_links(&p, id);
    json_t *action = action_view_from_record(&p, json_object_get(version, "record"));
    if (action != NULL)
        json_object_set_new(p.ctx, "action", action);
    json_object_set_new(p.ctx, "version", json_incref(json_object_get(version, "version")));
    json_object_set_new(p.ctx, "published_at",
                        json_incref(json_object_get(version, "published_at")));
    json_decref(version);
    char title[64];
    snprintf(title, sizeof(title), "%s %s", page_t(&p, "versions_version"), n);
    page_finish(&p, "version", title);
}
