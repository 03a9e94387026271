/* The route table and its dispatch. Paths are matched exactly or as prefix + one segment. */
#include "http/router.h"

#include <string.h>

#include "api/api.h"
#include "web/page.h"
#include "web/web.h"

static const struct route {
    const char *path; /* exact, or a prefix ending in '/' when @tail */
    bool tail;
    bool html; /* refusals are HTML pages, not JSON */
    handler_fn *handler;
} routes[] = {
    {"/api/v1", false, false, api_index},
    {"/api/v1/", false, false, api_index},
    {"/api/v1/taxonomy", false, false, api_taxonomy_get},
    {"/api/v1/actions", false, false, api_actions_list},
    {"/api/v1/actions/", true, false, api_actions_get},
    {"/api/v1/governments", false, false, api_governments_list},
    {"/api/v1/governments/", true, false, api_governments_get},
    {"/api/v1/stats", false, false, api_stats_get},
    {"/api/v1/export/", true, false, api_export_actions},
    {"/", false, true, web_home},
    {"/actions", false, true, web_actions},
    {"/actions/", true, true, web_action},
    {"/governments", false, true, web_governments},
    {"/governments/", true, true, web_government},
    {"/objectives", false, true, web_objectives},
    {"/objectives/", true, true, web_objective},
    {"/principles/", true, true, web_principle},
    {"/gcr-objectives/", true, true, web_gcr_objective},
    {"/statistics", false, true, web_statistics},
    {"/statistics/", true, false, web_statistics_csv},
    {"/data", false, true, web_open_data},
    {"/static/", true, false, web_static},
};

/* Whether @path is one of the website's (so a refusal there is an HTML page). */
static bool
is_html_path(const char *path)
{
    return strncmp(path, "/api/", 5) != 0 && strncmp(path, "/static/", 8) != 0 &&
           strcmp(path, "/api") != 0;
}

const char *
router_tail(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0 || path[n] == '\0' || strchr(path + n, '/') != NULL)
        return NULL;
    return path + n;
}

void
router_dispatch(struct request *req, struct response *res)
{
    const struct route *found = NULL;
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]) && found == NULL; i++) {
        const struct route *r = &routes[i];
        if (r->tail ? router_tail(req->path, r->path) != NULL : strcmp(req->path, r->path) == 0)
            found = r;
    }
    bool html = found != NULL ? found->html : is_html_path(req->path);
    if (found == NULL) {
        http_error(res, 404, NULL, "there is nothing at %.200s", req->path);
    } else if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        res->allow = "GET, HEAD";
        http_error(res, 405, NULL, "%.20s is not allowed here; use GET", req->method);
    } else {
        if (found->html)
            web_dispatch(found->handler, req, res);
        else
            found->handler(req, res);
        /* the API refuses what it did not read, so a typo never passes silently; the website
         * tolerates it, as links arrive with tracking parameters and old bookmarks */
        if (res->status >= 400 || found->html)
            return;
        for (size_t i = 0; i < req->n_params; i++) {
            if (!req->params[i].used) {
                http_error(res, 400, req->params[i].key, "'%.100s' is not a parameter of %.200s",
                           req->params[i].key, req->path);
                break;
            }
        }
    }
    if (html && res->status >= 400)
        web_refused(req, res);
}
