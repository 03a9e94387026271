/* The route table and its dispatch. Paths are matched exactly or as prefix + one segment. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "http/app.h"
#include "web/page.h"
#include "web/web.h"

static const struct route {
    const char *method; /* GET also answers HEAD */
    const char *path;   /* exact; a prefix ending in '/' when @tail; "{}" is one segment */
    bool tail;
    bool html; /* refusals are HTML pages, not JSON */
    handler_fn *handler;
    /* its answers depend only on the address, the language and the index, and are asked for
     * again: remembered. Not for single actions, asked at random among thousands, where
     * keeping each in a small LRU costs more than it saves */
    bool memo;
} routes[] = {
    {"GET", "/api/v1", false, false, api_index, false},
    {"GET", "/api/v1/", false, false, api_index, false},
    {"GET", "/api/v1/taxonomy", false, false, api_taxonomy_get, true},
    {"GET", "/api/v1/actions", false, false, api_actions_list, true},
    {"GET", "/api/v1/actions/", true, false, api_actions_get, false},
    {"POST", "/api/v1/actions", false, false, api_actions_create, false},
    {"PATCH", "/api/v1/actions/", true, false, api_actions_update, false},
    {"GET", "/api/v1/actions/*/versions", false, false, api_versions_list, false},
    {"GET", "/api/v1/actions/*/versions/*", false, false, api_versions_get, false},
    {"GET", "/api/v1/actions/*/progress", false, false, api_progress_get, false},
    {"POST", "/api/v1/actions/*/progress", false, false, api_progress_create, false},
    {"GET", "/api/v1/actions/*/progress/*", false, false, api_progress_get, false},
    {"PUT", "/api/v1/actions/*/progress/*", false, false, api_progress_put, false},
    {"GET", "/api/v1/submissions", false, false, api_submissions_list, false},
    {"GET", "/api/v1/submissions/", true, false, api_submissions_get, false},
    {"POST", "/api/v1/submissions/*/transitions", false, false, api_submissions_move, false},
    {"POST", "/api/v1/submissions/*/comments", false, false, api_submissions_comment, false},
    {"GET", "/api/v1/governments", false, false, api_governments_list, true},
    {"GET", "/api/v1/governments/", true, false, api_governments_get, false},
    {"GET", "/api/v1/stats", false, false, api_stats_get, true},
    {"GET", "/api/v1/forums", false, false, api_forums_list, true},
    {"GET", "/api/v1/forums/", true, false, api_forums_get, true},
    {"PUT", "/api/v1/forums/", true, false, api_forums_put, false},
    {"GET", "/api/v1/export/", true, false, api_export_actions, false},
    {"GET", "/api/v1/me", false, false, api_me, false},
    {"GET", "/", false, true, web_home, true},
    {"GET", "/actions", false, true, web_actions, true},
    {"GET", "/actions/", true, true, web_action, false},
    {"GET", "/governments", false, true, web_governments, true},
    {"GET", "/governments/", true, true, web_government, true},
    {"GET", "/governments/{}/profile", false, true, web_government_profile, false},
    {"GET", "/governments/{}/profile.pdf", false, true, web_government_profile_pdf, false},
    {"GET", "/governments/{}/profile.md", false, true, web_government_profile_md, false},
    {"GET", "/forums/{}/report", false, true, web_forum_report, false},
    {"GET", "/forums/{}/report.pdf", false, true, web_forum_report_pdf, false},
    {"GET", "/forums/{}/report.md", false, true, web_forum_report_md, false},
    {"GET", "/objectives", false, true, web_objectives, true},
    {"GET", "/objectives/", true, true, web_objective, true},
    {"GET", "/principles/", true, true, web_principle, true},
    {"GET", "/gcr-objectives/", true, true, web_gcr_objective, true},
    {"GET", "/forums", false, true, web_forums, true},
    {"GET", "/forums/", true, true, web_forum, true},
    {"GET", "/progress-declaration", false, true, web_declaration, true},
    {"GET", "/progress-declaration/", true, true, web_declaration_paragraph, true},
    {"GET", "/statistics", false, true, web_statistics, true},
    {"GET", "/statistics/", true, false, web_statistics_csv, false},
    {"GET", "/data", false, true, web_open_data, true},
    {"GET", "/static/", true, false, web_static, false},
    {"GET", "/login", false, true, web_login_form, false},
    {"POST", "/login", false, true, web_login, false},
    {"POST", "/logout", false, true, web_logout, false},
    {"GET", "/account", false, true, web_account, false},
    {"POST", "/account/tokens", false, true, web_token_create, false},
    {"POST", "/account/tokens/revoke", false, true, web_token_revoke, false},
    {"POST", "/account/lang", false, true, web_account_lang, false},
    {"GET", "/join", false, true, web_join_form, false},
    {"POST", "/join", false, true, web_join, false},
    {"GET", "/join/thanks", false, true, web_join_thanks, false},
    {"GET", "/review/joins", false, true, web_review_joins, false},
    {"POST", "/review/joins/{}/approve", false, true, web_join_approve, false},
    {"POST", "/review/joins/{}/decline", false, true, web_join_decline, false},
    {"POST", "/governments/{}/endorsement", false, true, web_endorsement, false},
    {"GET", "/submit", false, true, web_submit_form, false},
    {"POST", "/submit", false, true, web_submit, false},
    {"GET", "/submissions", false, true, web_submissions, false},
    {"GET", "/submissions/{}", false, true, web_submission, false},
    {"GET", "/submissions/{}/edit", false, true, web_submission_edit_form, false},
    {"POST", "/submissions/{}/edit", false, true, web_submission_edit, false},
    {"POST", "/submissions/{}/move", false, true, web_submission_move, false},
    {"POST", "/submissions/{}/comments", false, true, web_submission_comment, false},
    {"GET", "/actions/*/versions", false, true, web_versions, false},
    {"GET", "/actions/*/versions/*", false, true, web_version, false},
    {"GET", "/actions/*/progress/new", false, true, web_progress_form, false},
    {"POST", "/actions/*/progress/new", false, true, web_progress_submit, false},
    {"GET", "/reset", false, true, web_reset_form, false},
    {"POST", "/reset", false, true, web_reset_request, false},
    {"GET", "/reset/", true, true, web_reset_link, false},
    {"POST", "/reset/", true, true, web_reset_set, false},
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

/* An API answer that depends only on the address and the index is kept in the page memo:
 * the same list, search or statistics asked again costs a lookup until the registry changes. */
static void
memo_dispatch(handler_fn *handler, struct request *req, struct response *res)
{
    struct buf key;
    buf_init(&key, LIMIT_URL_BYTES * 2 + 64);
    buf_addstr(&key, "api|");
    buf_addstr(&key, req->path);
    for (size_t i = 0; i < req->n_params; i++)
        buf_addf(&key, "\x1f%zu:%s=%s", strlen(req->params[i].key), req->params[i].key,
                 req->params[i].value);
    struct index *ix = app_index(req->app);
    struct app_blob *kept =
        buf_status(&key) == ERR_OK ? app_pages_get(req->app, ix, key.data) : NULL;
    if (kept != NULL) {
        buf_add(&res->body, kept->data, kept->len);
        app_blob_unref(kept);
        /* it was answered before, so every parameter was one the handler reads */
        for (size_t i = 0; i < req->n_params; i++)
            req->params[i].used = true;
    } else {
        handler(req, res);
        bool all_read = true;
        for (size_t i = 0; i < req->n_params; i++)
            all_read = all_read && req->params[i].used;
        if (res->status == 200 && all_read && req->repeated == NULL && res->stream == NULL &&
            !res->personal && buf_status(&key) == ERR_OK && buf_status(&res->body) == ERR_OK)
            app_pages_put(req->app, ix, key.data, res->body.data, res->body.len);
    }
    index_unref(ix);
    buf_release(&key);
}

/* Where the segment "{}" of @pattern is in @path: its start and length; false when @path does
 * not match @pattern or @pattern has no "{}". */
static bool
find_segment(const char *path, const char *pattern, const char **start, size_t *len)
{
    const char *hole = strstr(pattern, "{}");
    if (hole == NULL)
        return false;
    size_t prefix = (size_t)(hole - pattern);
    if (strncmp(path, pattern, prefix) != 0)
        return false;
    size_t n = strcspn(path + prefix, "/");
    if (n == 0 || strcmp(path + prefix + n, hole + 2) != 0)
        return false;
    *start = path + prefix;
    *len = n;
    return true;
}

bool
router_segment(const char *path, const char *pattern, char *out, size_t cap)
{
    const char *start;
    size_t len;
    if (!find_segment(path, pattern, &start, &len) || len >= cap)
        return false;
    memcpy(out, start, len);
    out[len] = '\0';
    return true;
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
    const char *start;
    size_t len;
    if (strchr(r->path, '*') != NULL)
        return pattern_matches(r->path, path);
    if (r->tail)
        return router_tail(path, r->path) != NULL;
    if (strstr(r->path, "{}") != NULL)
        return find_segment(path, r->path, &start, &len);
    return strcmp(path, r->path) == 0;
}

bool
router_segment_at(const char *path, size_t index, char *out, size_t cap)
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

/* An API write takes what it changes from its body; of the address it reads only "lang" (the
 * language of its messages). Anything else is refused before the handler runs: refused after
 * it, the change would be made and the client told it was not. */
static bool
write_params_ok(struct request *req, struct response *res)
{
    bool lang = false;
    for (size_t i = 0; i < req->n_params; i++) {
        struct param *p = &req->params[i];
        if (strcmp(p->key, "lang") != 0) {
            http_error(res, 400, p->key, "'%.100s' is not a parameter of %.20s %.200s", p->key,
                       req->method, req->path);
            return false;
        }
        if (lang) {
            http_error(res, 400, "lang", "lang: given more than once");
            return false;
        }
        lang = true;
        p->used = true;
    }
    return true;
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
    } else if (!found->html && strcmp(method, "GET") != 0 && !write_params_ok(req, res)) {
        return;
    } else {
        if (found->html && found->memo)
            web_dispatch(found->handler, req, res);
        else if (found->memo)
            memo_dispatch(found->handler, req, res);
        else
            found->handler(req, res);
        /* the API refuses what it did not read, so a typo never passes silently; the website
         * tolerates it, as links arrive with tracking parameters and old bookmarks */
        if (res->status >= 400 || found->html)
            return;
        if (req->repeated != NULL) {
            http_error(res, 400, req->repeated, "%.100s: given more than once", req->repeated);
            return;
        }
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
