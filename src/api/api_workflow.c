/* The shared front of the workflow API: credentials, bodies and refusals. A browser session
 * may call the API only with its form token in a header, so another site's page cannot make a
 * signed-in browser change anything. */
#include "api/api_workflow.h"

#include <string.h>
#include <time.h>

#include "http/app.h"
#include "web/i18n.h"

/* The language @req asks its messages in: ?lang=, else Accept-Language, else English. False
 * when ?lang= names a language we do not speak. */
static bool
request_lang(struct request *req, enum lang *out)
{
    const char *asked = http_param(req, "lang");
    if (asked != NULL)
        return lang_from_code(asked, strlen(asked), out);
    *out = lang_from_accept(req->accept_language);
    return true;
}

struct store *
api_workflow_viewer(struct request *req, struct response *res, struct viewer *v, bool changes)
{
    enum lang lang;
    if (!request_lang(req, &lang)) {
        http_error(res, 400, "lang", "lang: '%.20s' is not a language we answer in (en, fr, es)",
                   http_param(req, "lang"));
        return NULL;
    }
    struct store *writer = app_store_writer(req->app);
    if (writer == NULL) {
        http_error(res, 503, NULL, "the database is not available");
        return NULL;
    }
    if (session_viewer(req, writer, writer, v) != ERR_OK) {
        http_error(res, 503, NULL, "cannot read the session");
    } else if (!v->signed_in) {
        http_error(res, 403, NULL, "sign in, or send an API token (Authorization: Bearer)");
    } else if (changes && !v->via_token &&
               (req->csrf_header == NULL || !secret_equal(req->csrf_header, v->csrf))) {
        http_error(res, 403, NULL, "a browser session must send its form token in X-CSRF-Token");
    } else {
        return writer;
    }
    app_store_writer_release(req->app, writer);
    return NULL;
}

json_t *
api_workflow_body(struct request *req, struct response *res)
{
    json_error_t jerr;
    json_t *obj = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (obj == NULL) {
        http_error(res, 400, NULL, "the body is not JSON: %.200s", jerr.text);
    } else if (!json_is_object(obj)) {
        json_decref(obj);
        obj = NULL;
        http_error(res, 400, NULL, "the body must be a JSON object");
    }
    return obj;
}

/* Appends the text of @fe in @lang as a JSON string. */
static void
add_message(struct buf *out, enum lang lang, const struct field_error *fe)
{
    struct buf text;
    buf_init(&text, 4096);
    i18n_field_error(lang, fe, &text);
    buf_add_json_strz(out, buf_status(&text) == ERR_OK ? text.data : fe->message);
    buf_release(&text);
}

void
api_workflow_refuse(struct request *req, struct response *res, enum wf_outcome outcome,
                    const struct field_errors *errs)
{
    switch (outcome) {
    case WF_DONE:
        return;
    case WF_FORBIDDEN:
        http_error(res, 403, NULL, "your roles do not allow this for this government");
        return;
    case WF_NOT_FOUND:
        http_error(res, 404, NULL, "there is no such submission or action");
        return;
    case WF_WRONG_STATE:
        http_error(res, 409, NULL, "not allowed from the submission's current state");
        return;
    case WF_INVALID:
        break;
    }
    enum lang lang = LANG_EN;
    if (!request_lang(req, &lang))
        lang = LANG_EN; /* refused before: api_workflow_viewer() checks it first */
    res->status = 400;
    res->content_language = lang_code(lang);
    res->vary = "Accept-Language";
    buf_reset(&res->body);
    buf_addstr(&res->body, "{\"error\":{\"status\":400,\"message\":");
    if (errs->count > 0)
        add_message(&res->body, lang, &errs->items[0]);
    else
        buf_add_json_strz(&res->body, "invalid request");
    buf_addstr(&res->body, ",\"fields\":[");
    for (size_t i = 0; i < errs->count; i++) {
        buf_addstr(&res->body, i > 0 ? ",{\"field\":" : "{\"field\":");
        buf_add_json_strz(&res->body, errs->items[i].field);
        buf_addstr(&res->body, ",\"message\":");
        add_message(&res->body, lang, &errs->items[i]);
        buf_addch(&res->body, '}');
    }
    buf_addstr(&res->body, "]}}\n");
}

void
api_workflow_time(struct buf *b, int64_t t)
{
    char text[32];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(text, sizeof(text), "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
    buf_addstr(b, text);
}
