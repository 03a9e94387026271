/* GET /api/v1/me: who the request is signed in as (a session or an API token), with roles:
 * a script checks its token here before it submits. */
#include <string.h>

#include "api/api.h"
#include "auth/session.h"
#include "http/app.h"
#include "store/accounts.h"

void
api_me(struct request *req, struct response *res)
{
    struct viewer v;
    struct store *writer = app_store_writer(req->app);
    enum err e = writer != NULL ? session_viewer(req, writer, writer, &v) : ERR_DB;
    app_store_writer_release(req->app, writer);
    if (e != ERR_OK) {
        http_error(res, 503, NULL, "the database is not available");
        return;
    }
    if (!v.signed_in) {
        http_error(res, 401, NULL,
                   "not signed in: send a session cookie or "
                   "'Authorization: Bearer <token>'");
        return;
    }
    res->cache_control = "no-store";
    struct buf *b = &res->body;
    buf_addstr(b, "{\"email\":");
    buf_add_json_strz(b, v.user.email);
    buf_addstr(b, ",\"name\":");
    buf_add_json_strz(b, v.user.name);
    buf_addf(b, ",\"via_token\":%s,\"roles\":[", v.via_token ? "true" : "false");
    for (size_t i = 0; i < v.n_roles; i++) {
        buf_addstr(b, i ? ",{\"role\":" : "{\"role\":");
        buf_add_json_strz(b, role_codes[v.roles[i].role]);
        if (v.roles[i].government_id > 0)
            buf_addf(b, ",\"government_id\":%lld", (long long)v.roles[i].government_id);
        buf_addch(b, '}');
    }
    buf_addstr(b, "]}\n");
}
