/* The HTTP front: libmicrohttpd with a thread pool, a bounded request model, and one place
 * that maps enum err to HTTP statuses. Handlers see struct request and fill struct response;
 * they never touch libmicrohttpd. */
#ifndef LOCALACTION_SERVER_H
#define LOCALACTION_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/limits.h"

struct app;

struct param {
    const char *key, *value; /* decoded; borrowed from the connection */
    size_t value_len;
    bool used; /* a handler read it; unread parameters are refused */
};

struct request {
    const char *method;
    const char *path; /* decoded path, without the query */
    struct param params[LIMIT_QUERY_PARAMS];
    size_t n_params;
    bool params_overflow;
    const char *repeated; /* a parameter read as one value but given more than once */
    bool has_nul;         /* a parameter held a NUL byte */
    char nul_param[64];
    struct app *app;
    /* request headers the handlers may consult (NULL when absent) */
    const char *accept_language;
    const char *cookie;
    const char *content_type;
    const char *authorization;
    const char *csrf_header; /* X-CSRF-Token: the form token, for JSON sent with a session */
    /* the body (NUL-terminated; "" when none) and, for a form, its decoded fields */
    const char *body;
    size_t body_len;
    struct param form[LIMIT_FORM_FIELDS];
    size_t n_form;
    char remote_addr[64]; /* the client's address, for throttling */
    bool secure;          /* TLS, or a trusted proxy says so: cookies get Secure */
};

struct response {
    int status;
    const char *content_type;
    struct buf body;
    const char *allow; /* for 405 */
    char allow_buf[64];
    /* caching: a 200 with @revalidate gets an ETag of its body and answers If-None-Match (and,
     * with @last_modified, If-Modified-Since) with 304 */
    bool revalidate;
    int64_t last_modified; /* seconds since the epoch; 0: none */
    const char *cache_control;
    const char *content_language;
    const char *vary;
    const char *csp;         /* Content-Security-Policy, for HTML */
    char set_cookie[2][200]; /* up to two Set-Cookie headers ("" when unused) */
    char content_disposition[160];
    char location[512]; /* for redirects (303 after a form) */
    bool personal;      /* for this visitor only (a form token, a name): never shared */
    /* a body too large to build in memory: @stream fills @out with up to @max bytes at a time
     * and returns how many, 0 at the end, -1 on failure (the connection is then cut, so a
     * download cannot end looking complete); @stream_free releases @stream_state */
    long (*stream)(void *state, char *out, size_t max);
    void (*stream_free)(void *state);
    void *stream_state;
};

typedef void handler_fn(struct request *req, struct response *res);

/** The HTTP status for an error a handler met. */
int http_status_for(enum err e);

/** Sets @res to a JSON error: {"error": {"status", "parameter", "message"}}. @parameter may
 * be NULL. */
void http_error(struct response *res, int status, const char *parameter, const char *fmt, ...)
    ATTR_PRINTF(4, 5);

/** The values of query parameter @key, each once, marking them read. Returns how many were
 * stored in @values (at most @cap); comma-separated values are split when @split. */
size_t http_param_values(struct request *req, const char *key, bool split, struct param *values,
                         size_t cap);
/** The single value of @key, or NULL when absent. Given more than once, the last; the API then
 * refuses the request (req->repeated), the website takes it. */
const char *http_param(struct request *req, const char *key);
/** The value of form field @key in a POSTed form, or NULL when absent. */
const char *http_form(const struct request *req, const char *key);
/** The value of cookie @name of @req into @out (@cap bytes with the NUL); false when it is
 * absent, empty or too long. */
bool http_cookie(const struct request *req, const char *name, char *out, size_t cap);
/** Adds a Set-Cookie header to @res (at most two per response). */
void http_set_cookie(struct response *res, const char *fmt, ...) ATTR_PRINTF(2, 3);

struct server_options {
    const char *host;
    unsigned port; /* 0: any free port */
    unsigned threads;
    bool trust_proxy; /* believe X-Forwarded-Proto and X-Forwarded-For from the proxy in front */
};

/** Starts serving @app; prints "listening on http://HOST:PORT/" on stdout and blocks until
 * SIGINT or SIGTERM. */
WARN_UNUSED enum err server_run(struct app *app, const struct server_options *opt);

#endif
