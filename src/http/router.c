/* The route table and its dispatch. Paths are matched exactly or as prefix + one segment. */
#include "http/router.h"

#include <string.h>

#include "api/api.h"

static const struct route {
    const char *path; /* exact, or a prefix ending in '/' when @tail */
    bool tail;
    handler_fn *handler;
} routes[] = {
    {"/", false, api_index},
    {"/api/v1", false, api_index},
    {"/api/v1/", false, api_index},
    {"/api/v1/taxonomy", false, api_taxonomy_get},
    {"/api/v1/actions", false, api_actions_list},
    {"/api/v1/actions/", true, api_actions_get},
    {"/api/v1/governments", false, api_governments_list},
    {"/api/v1/governments/", true, api_governments_get},
    {"/api/v1/stats", false, api_stats_get},
};

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
    if (found == NULL) {
        http_error(res, 404, NULL, "there is nothing at %.200s", req->path);
        return;
    }
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        res->allow = "GET, HEAD";
        http_error(res, 405, NULL, "%.20s is not allowed here; use GET", req->method);
        return;
    }
    found->handler(req, res);
    if (res->status >= 400)
        return;
    for (size_t i = 0; i < req->n_params; i++) {
        if (!req->params[i].used) {
            http_error(res, 400, req->params[i].key, "'%.100s' is not a parameter of %.200s",
                       req->params[i].key, req->path);
            return;
        }
    }
}
