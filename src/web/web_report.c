/* The reports on the website: /forums/{slug}/report and /governments/{slug}/profile as pages of
 * the site (printable: report.css drops the site's chrome), and the same documents as PDF (.pdf)
 * and Markdown (.md). Public data only, like the API they are made from. A large forum's report
 * takes a second to make, so each is kept per index, language and day (progress depends on the
 * day as well as the data): the page's document in the JSON memo (the page around it, which may
 * name a signed-in visitor, is rendered for each request), a file in the page memo, served with
 * an ETag as pages are. */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "http/router.h"
#include "report/report.h"
#include "report/report_render.h"
#include "web/page.h"
#include "web/web.h"

#define SLUG_MAX 201

static const char FORUM_PAGE[] = "/forums/{}/report";
static const char GOVERNMENT_PAGE[] = "/governments/{}/profile";

/* Ends @p with the error page for @e (a missing forum or government is a 404). */
static void
refuse(struct page *p, enum err e, const char *why)
{
    enum lang lang = p->lang;
    struct request *req = p->req;
    struct response *res = p->res;
    page_abandon(p);
    page_error(req, res, lang, http_status_for(e),
               e == ERR_NOT_FOUND ? i18n_get(lang, "error_not_found") : why);
}

/* The memo key of a report made today in @lang for the address @path. */
static void
memo_key(char *out, size_t cap, const char *what, enum lang lang, const char *path)
{
    char today[11];
    report_today(today);
    snprintf(out, cap, "report|%s|%s|%s|%s", what, lang_code(lang), today, path);
}

static void
report_page(struct request *req, struct response *res, enum report_kind kind, const char *pattern)
{
    struct page p;
    char slug[SLUG_MAX], why[400] = "", key[400];
    page_begin(&p, req, res, kind == REPORT_FORUM ? "forums" : "governments");
    if (!router_segment(req->path, pattern, slug, sizeof(slug))) {
        refuse(&p, ERR_NOT_FOUND, why);
        return;
    }
    memo_key(key, sizeof(key), "page", p.lang, req->path);
    json_t *doc = app_json_get(req->app, p.ix, key);
    if (doc == NULL) {
        enum err e = report_model(req->app, kind, slug, p.lang, &doc, why, sizeof(why));
        if (e != ERR_OK) {
            refuse(&p, e, why);
            return;
        }
        report_html_prepare(doc, true);
        char pdf[300], md[300];
        snprintf(pdf, sizeof(pdf), "%s.pdf?lang=%s", req->path, lang_code(p.lang));
        snprintf(md, sizeof(md), "%s.md?lang=%s", req->path, lang_code(p.lang));
        json_object_set_new(doc, "downloads", json_pack("{ssss}", "pdf", pdf, "md", md));
        /* about a kilobyte an action, as the page renders it */
        size_t bytes =
            65536 + 1024 * (size_t)json_integer_value(json_object_get(doc, "actions_total"));
        app_json_put(req->app, p.ix, key, doc, bytes);
    }
    /* from here @doc is shared with other requests: only read */
    char title[400];
    snprintf(title, sizeof(title), "%s \xc2\xb7 %s",
             json_string_value(json_object_get(doc, "eyebrow")),
             json_string_value(json_object_get(doc, "title")));
    json_object_set_new(p.ctx, "report", doc);
    page_finish(&p, "report_page", title);
}

/* The file's name: the slug (letters, digits, '-' kept), what it is, the language. */
static void
disposition(struct response *res, const char *slug, const char *what, enum lang lang,
            enum report_format format)
{
    char safe[SLUG_MAX];
    size_t n = 0;
    for (const char *s = slug; *s != '\0' && n + 1 < sizeof(safe); s++) {
        bool ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                  (*s >= '0' && *s <= '9') || *s == '-';
        safe[n++] = ok ? *s : '_';
    }
    safe[n] = '\0';
    snprintf(res->content_disposition, sizeof(res->content_disposition),
             "%s; filename=\"%.100s-%s-%s.%s\"", format == REPORT_PDF ? "inline" : "attachment",
             safe, what, lang_code(lang), format == REPORT_PDF ? "pdf" : "md");
}

static void
report_file(struct request *req, struct response *res, enum report_kind kind, const char *pattern,
            enum report_format format)
{
    struct page p;
    char slug[SLUG_MAX], why[400] = "";
    page_begin(&p, req, res, "none");
    if (!router_segment(req->path, pattern, slug, sizeof(slug))) {
        refuse(&p, ERR_NOT_FOUND, why);
        return;
    }
    enum lang lang = p.lang;
    /* the index the memo is keyed on is the one the report is made from */
    struct index *ix = app_index(req->app);
    char key[400];
    memo_key(key, sizeof(key), "file", lang, req->path);
    struct app_blob *kept = app_pages_get(req->app, ix, key);
    enum err e = ERR_OK;
    buf_release(&res->body);
    buf_init(&res->body, LIMIT_REPORT_BYTES);
    if (kept != NULL) {
        buf_add(&res->body, kept->data, kept->len);
        app_blob_unref(kept);
    } else {
        e = report_write(req->app, kind, slug, lang, format, &res->body, why, sizeof(why));
        if (e == ERR_OK)
            app_pages_put(req->app, ix, key, res->body.data, res->body.len);
    }
    int64_t built = index_built_at(ix);
    index_unref(ix);
    if (e != ERR_OK) {
        buf_reset(&res->body);
        refuse(&p, e, why);
        return;
    }
    page_abandon(&p);
    res->status = 200;
    res->content_type = format == REPORT_PDF ? "application/pdf" : "text/markdown; charset=utf-8";
    res->content_language = lang_code(lang);
    res->vary = "Accept-Language, Cookie";
    res->cache_control = "no-cache";
    res->revalidate = true;
    res->last_modified = built;
    disposition(res, slug, kind == REPORT_FORUM ? "report" : "profile", lang, format);
}

void
web_forum_report(struct request *req, struct response *res)
{
    report_page(req, res, REPORT_FORUM, FORUM_PAGE);
}

void
web_forum_report_pdf(struct request *req, struct response *res)
{
    report_file(req, res, REPORT_FORUM, "/forums/{}/report.pdf", REPORT_PDF);
}

void
web_forum_report_md(struct request *req, struct response *res)
{
    report_file(req, res, REPORT_FORUM, "/forums/{}/report.md", REPORT_MD);
}

void
web_government_profile(struct request *req, struct response *res)
{
    report_page(req, res, REPORT_GOVERNMENT, GOVERNMENT_PAGE);
}

void
web_government_profile_pdf(struct request *req, struct response *res)
{
    report_file(req, res, REPORT_GOVERNMENT, "/governments/{}/profile.pdf", REPORT_PDF);
}

void
web_government_profile_md(struct request *req, struct response *res)
{
    report_file(req, res, REPORT_GOVERNMENT, "/governments/{}/profile.md", REPORT_MD);
}
