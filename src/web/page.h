/* What every HTML page shares: the language chosen for the request, the context the layout
 * needs (navigation, language switcher, stylesheet), rendering through the templates, the
 * caching headers, and error pages. Page handlers build a jansson context and hand it over. */
#ifndef LOCALACTION_PAGE_H
#define LOCALACTION_PAGE_H

#include <jansson.h>

#include "auth/session.h"
#include "http/server.h"
#include "index/index.h"
#include "web/i18n.h"

struct tmpl_set;

struct page {
    struct request *req;
    struct response *res;
    enum lang lang;
    json_t *ctx; /* the page's own values; the layout's are added by page_begin() */
    struct index *ix;
    struct viewer viewer; /* who is asking (signed out when no session) */
    bool viewer_failed;   /* the session could not be read: the page says so */
};

/** Loads the templates and catalogs; a broken template stops the server at start-up with
 * "file:line: reason" in @why. */
WARN_UNUSED enum err web_load(char *why, size_t why_len);

/** The templates loaded by web_load() (NULL before), for documents rendered outside a page. */
const struct tmpl_set *web_templates(void);
/** The site's stylesheet without comments and spare spaces (static; valid after web_load()). */
const char *web_stylesheet(size_t *len);
/** A hash of the stylesheet, for its URL. */
const char *web_stylesheet_version(void);

/** Runs the page handler @handler for @req, or answers from the pages rendered before on the
 * same index for the same language and address. */
void web_dispatch(handler_fn *handler, struct request *req, struct response *res);

/** Starts a page: reads ?lang= (remembered in a cookie), else the cookie, else
 * Accept-Language; @nav names the menu entry to mark current ("home", "actions", ...). */
void page_begin(struct page *p, struct request *req, struct response *res, const char *nav);
/** Renders @template with the page's context and the title @title (already translated) into
 * the response, sets the HTML headers, and releases the page. */
void page_finish(struct page *p, const char *template_name, const char *title);
/** Releases a page that ended in an error already set on the response. */
void page_abandon(struct page *p);

/** Whether the request carries a session cookie (its pages are personal: never shared). */
bool page_has_session(const struct request *req);

/** The token a form of this page must carry in its "csrf" field: the session's, or for a
 * signed-out visitor one kept in a cookie (set here when missing). */
const char *page_form_token(struct page *p);
/** Whether a POSTed form carries the right token for @v (see page_form_token()). */
bool page_form_token_ok(const struct request *req, const struct viewer *v);

/** Ends the page @p with error @status saying the interface text @message_key. */
void page_refuse(struct page *p, int status, const char *message_key);
/** Whether @p has a signed-in viewer; otherwise ends it (with a redirect to sign in and back
 * for a page, 403 for a @form) and returns false. */
bool page_require_viewer(struct page *p, bool form);
/** For a POST: whether the viewer is signed in and the form carries their token; otherwise
 * ends the page with 403. */
bool page_require_form(struct page *p);

/** Answers 303 See Other to @location (a path on this site). */
void page_redirect(struct response *res, const char *location);

/** Answers @status with an HTML error page in @lang saying @message (a translated text, or
 * the API's message about a parameter). */
void page_error(struct request *req, struct response *res, enum lang lang, int status,
                const char *message);
/** Turns a JSON error a shared handler left in @res into the same error as an HTML page. */
void page_error_from_json(struct request *req, struct response *res, enum lang lang);

/** The interface text @key in the page's language. */
const char *page_t(const struct page *p, const char *key);

/** Runs the API handler @handler as if @path had been asked (with the page's own query
 * parameters when @forward, else none), and returns its JSON (a new reference) or NULL with
 * an error page set. The website draws from the API's own answers, so the two cannot
 * disagree. */
json_t *page_api(struct page *p, handler_fn *handler, const char *path, bool forward);

/** The translated label of value @value (as the API writes it) of dimension @d, falling back
 * to @fallback. */
const char *page_dim_label(enum lang lang, enum dim d, const char *value, const char *fallback);
/** Adds {"number", "title", "short", "href"} for GCM objective @n (1-based) in @lang. */
json_t *page_objective(enum lang lang, int n);

/** [{"code", "name", "selected"}] for every country, by name in the page's language, with
 * @chosen (alpha-2, may be NULL) selected. */
json_t *page_country_options(const struct page *p, const char *chosen);

/** Appends @s percent-encoded for a URL query value. */
void page_url_escape(struct buf *out, const char *s);
/** The current page's URL with parameter @key set to @value (NULL removes it); other
 * parameters are kept, except "cursor" (a new filter starts from the first page). */
void page_url_with(const struct page *p, struct buf *out, const char *key, const char *value);

/** The text "<base>_one" or "<base>_other" (as @n is 1 or not) with {count} replaced by @n
 * formatted for the page's language, as a JSON string. */
json_t *page_plural(const struct page *p, const char *base, uint64_t n);

/** @n formatted for the page's language, as a JSON string. */
json_t *page_count(const struct page *p, uint64_t n);

#endif
