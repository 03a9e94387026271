/* libmicrohttpd glue: collects a bounded, decoded view of each request, routes it, and sends
 * what the handler built. Only GET and HEAD exist today; anything else is 405 before a
 * handler runs. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/router.h"
#include "util/log.h"
#include "util/text.h"

int
http_status_for(enum err e)
{
    switch (e) {
    case ERR_OK:
        return 200;
    case ERR_INVALID:
        return 400;
    case ERR_NOT_FOUND:
        return 404;
    case ERR_CONFLICT:
        return 409;
    case ERR_TOO_BIG:
        return 413;
    case ERR_IO:
    case ERR_DB:
        return 500;
    }
    return 500;
}

void
http_error(struct response *res, int status, const char *parameter, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    res->status = status;
    res->content_type = "application/json; charset=utf-8";
    buf_reset(&res->body);
    buf_addf(&res->body, "{\"error\":{\"status\":%d,", status);
    if (parameter != NULL) {
        buf_addstr(&res->body, "\"parameter\":");
        buf_add_json_strz(&res->body, parameter);
        buf_addch(&res->body, ',');
    }
    buf_addstr(&res->body, "\"message\":");
    /* messages quote user input: keep them valid UTF-8 JSON */
    if (text_is_utf8(message, strlen(message)))
        buf_add_json_strz(&res->body, message);
    else
        buf_add_json_strz(&res->body, "the request holds text that is not valid UTF-8");
    buf_addstr(&res->body, "}}\n");
}

size_t
http_param_values(struct request *req, const char *key, bool split, struct param *values,
                  size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < req->n_params; i++) {
        struct param *p = &req->params[i];
        if (strcmp(p->key, key) != 0)
            continue;
        p->used = true;
        const char *s = p->value;
        size_t len = p->value_len;
        size_t start = 0;
        for (size_t k = 0; k <= len; k++) {
            if (k < len && (!split || s[k] != ','))
                continue;
            const char *item = s + start;
            size_t item_len = k - start;
            start = k + 1;
            text_trim(&item, &item_len);
            if (item_len == 0)
                continue;
            if (n < cap)
                values[n] = (struct param){key, item, item_len, true};
            n++;
        }
    }
    return n;
}

const char *
http_param(struct request *req, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; i < req->n_params; i++) {
        if (strcmp(req->params[i].key, key) == 0) {
            req->params[i].used = true;
            found = req->params[i].value;
        }
    }
    return found;
}

static enum MHD_Result
collect_param(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
              const char *value, size_t value_size)
{
    struct request *req = cls;
    (void)kind;
    if (req->n_params == LIMIT_QUERY_PARAMS) {
        req->params_overflow = true;
        return MHD_NO;
    }
    /* a %00 decodes to a NUL that C strings would silently cut at */
    if (strlen(key) != key_size || (value != NULL && strlen(value) != value_size)) {
        snprintf(req->nul_param, sizeof(req->nul_param), "%s", key);
        req->has_nul = true;
        return MHD_NO;
    }
    struct param *p = &req->params[req->n_params++];
    p->key = key;
    p->value = value ? value : "";
    p->value_len = value ? value_size : 0;
    p->used = false;
    return MHD_YES;
}

static void
send_headers(struct MHD_Response *r, const struct response *res)
{
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    if (res->allow != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct app *app = cls;
    (void)version;
    (void)upload_data;
    /* the first call only announces the request; answer on the second, after any body */
    if (*con_cls == NULL) {
        *con_cls = (void *)1;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        *upload_data_size = 0; /* no endpoint reads a body yet: drop it */
        return MHD_YES;
    }
    struct request req = {0};
    struct response res = {0};
    req.method = method;
    req.path = url;
    req.app = app;
    res.status = 200;
    res.content_type = "application/json; charset=utf-8";
    buf_init(&res.body, LIMIT_RESPONSE_BYTES);

    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_param, &req);
    if (strlen(url) > LIMIT_URL_BYTES)
        http_error(&res, 414, NULL, "the address is longer than %d bytes", LIMIT_URL_BYTES);
    else if (req.has_nul)
        http_error(&res, 400, req.nul_param, "%s: holds a NUL byte (%%00)", req.nul_param);
    else if (req.params_overflow)
        http_error(&res, 400, NULL, "more than %d query parameters", LIMIT_QUERY_PARAMS);
    else
        router_dispatch(&req, &res);
    if (buf_status(&res.body) != ERR_OK)
        http_error(&res, 500, NULL, "the response grew past its limit");

    size_t len = 0;
    bool head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    char *body = buf_take(&res.body, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(body);
        return MHD_NO;
    }
    (void)head; /* libmicrohttpd sends no body for HEAD, but the length of the GET */
    send_headers(r, &res);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res.status, r);
    MHD_destroy_response(r);
    return ret;
}

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
    stop_signal = sig;
}

enum err
server_run(struct app *app, const struct server_options *opt)
{
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)opt->port);
    if (inet_pton(AF_INET, opt->host, &addr.sin_addr) != 1) {
        log_error("'%s' is not an IPv4 address to listen on", opt->host);
        return ERR_INVALID;
    }
    unsigned threads = opt->threads;
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 2;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO, 0, NULL, NULL, on_request,
        app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)LIMIT_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)LIMIT_CONN_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_END);
    if (d == NULL) {
        log_error("cannot listen on %s:%u (is the port in use?)", opt->host, opt->port);
        return ERR_IO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info != NULL ? info->port : opt->port;
    printf("listening on http://%s:%u/\n", opt->host, port);
    fflush(stdout);

    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    while (stop_signal == 0)
        pause();
    log_info("stopping");
    MHD_stop_daemon(d);
    return ERR_OK;
}
