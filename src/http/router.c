/* The route table and its dispatch. Paths are matched exactly or as prefix + one segment. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "web/page.h"
#include "web/web.h"

static const struct route {
    const char *method; /* GET also answers HEAD */
    const char *path;   /* exact, or a prefix ending in '/' when @tail */
    bool tail;
    bool html; /* refusals are HTML pages, not JSON */
    handler_fn *handler;
} routes[] = {
    {"GET", "/api/v1", false, false, api_index},
    {"GET", "/api/v1/", false, false, api_index},
    {"GET", "/api/v1/taxonomy", false, false, api_taxonomy_get},
    {"GET", "/api/v1/actions", false, false, api_actions_list},
    {"GET", "/api/v1/actions/", true, false, api_actions_get},
    {"POST", "/api/v1/actions", false, false, api_actions_create},
    {"PATCH", "/api/v1/actions/", true, false, api_actions_update},
    {"GET", "/api/v1/actions/*/versions", false, false, api_versions_list},
    {"GET", "/api/v1/actions/*/versions/*", false, false, api_versions_get},
    {"GET", "/api/v1/submissions", false, false, api_submissions_list},
    {"GET", "/api/v1/submissions/", true, false, api_submissions_get},
    {"POST", "/api/v1/submissions/*/transitions", false, false, api_submissions_move},
    {"POST", "/api/v1/submissions/*/comments", false, false, api_submissions_comment},
    {"GET", "/api/v1/governments", false, false, api_governments_list},
    {"GET", "/api/v1/governments/", true, false, api_governments_get},
    {"GET", "/api/v1/stats", false, false, api_stats_get},
    {"GET", "/api/v1/export/", true, false, api_export_actions},
    {"GET", "/", false, true, web_home},
    {"GET", "/actions", false, true, web_actions},
    {"GET", "/actions/", true, true, web_action},
    {"GET", "/governments", false, true, web_governments},
    {"GET", "/governments/", true, true, web_government},
    {"GET", "/objectives", false, true, web_objectives},
    {"GET", "/objectives/", true, true, web_objective},
    {"GET", "/principles/", true, true, web_principle},
    {"GET", "/gcr-objectives/", true, true, web_gcr_objective},
    {"GET", "/statistics", false, true, web_statistics},
    {"GET", "/statistics/", true, false, web_statistics_csv},
    {"GET", "/data", false, true, web_open_data},
    {"GET", "/static/", true, false, web_static},
    {"GET", "/login", false, true, web_login_form},
    {"POST", "/login", false, true, web_login},
    {"POST", "/logout", false, true, web_logout},
    {"GET", "/account", false, true, web_account},
    {"POST", "/account/tokens", false, true, web_token_create},
    {"POST", "/account/tokens/revoke", false, true, web_token_revoke},
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

/* Whether @path fits @pattern, where each '*' stands for one non-empty segment. */
static bool
pattern_matches(const char *pattern, const char *path)
{
    while (*pattern != '\0') {
        if (*pattern == '*') {
            size_t n = strcspn(path, "/");
            if (n == 0)
                return false;
            path += n;
            pattern++;
        } else if (*pattern++ != *path++) {
            return false;
        }
    }
    return *path == '\0';
}

static bool
path_matches(const struct route *r, const char *path)
{
    if (strchr(r->path, '*') != NULL)
        return pattern_matches(r->path, path);
    return r->tail ? router_tail(path, r->path) != NULL : strcmp(path, r->path) == 0;
}

bool
router_segment(const char *path, size_t index, char *out, size_t cap)
{
    const char *p = path;
    for (size_t i = 0; *p == '/'; i++) {
        p++;
        size_t n = strcspn(p, "/");
        if (i == index) {
            if (n == 0 || n >= cap)
                return false;
            memcpy(out, p, n);
            out[n] = '\0';
            return true;
        }
        p += n;
    }
    return false;
}

void
router_dispatch(struct request *req, struct response *res)
{
    bool head = strcmp(req->method, "HEAD") == 0;
    const char *method = head ? "GET" : req->method;
    const struct route *found = NULL, *path_found = NULL;
    char allow[64] = "";
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]) && found == NULL; i++) {
        const struct route *r = &routes[i];
        if (!path_matches(r, req->path))
            continue;
        path_found = r;
        if (strcmp(r->method, method) == 0)
            found = r;
    }
    if (found == NULL && path_found != NULL) {
        /* every method this path answers, for the 405's Allow header */
        for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
            if (!path_matches(&routes[i], req->path))
                continue;
            size_t len = strlen(allow);
            snprintf(allow + len, sizeof(allow) - len, "%s%s%s", len ? ", " : "", routes[i].method,
                     strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
        }
    }
    bool html = path_found != NULL ? path_found->html : is_html_path(req->path);
    if (path_found == NULL) {
        http_error(res, 404, NULL, "there is nothing at %.200s", req->path);
    } else if (found == NULL) {
        snprintf(res->allow_buf, sizeof(res->allow_buf), "%s", allow);
        res->allow = res->allow_buf;
        http_error(res, 405, NULL, "%.20s is not allowed here; use %s", req->method, allow);
    } else {
        if (found->html && strcmp(found->method, "GET") == 0)
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
