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
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "http/app.h"
#include "http/router.h"
#include "util/log.h"
#include "util/parse.h"
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
            if (found != NULL)
                req->repeated = req->params[i].key;
            found = req->params[i].value;
        }
    }
    return found;
}

const char *
http_form(const struct request *req, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; i < req->n_form; i++) {
        if (strcmp(req->form[i].key, key) == 0)
            found = req->form[i].value;
    }
    return found;
}

bool
http_cookie(const struct request *req, const char *name, char *out, size_t cap)
{
    const char *header = req->cookie;
    size_t name_len = strlen(name);
    for (const char *p = header; p != NULL && *p != '\0';) {
        while (*p == ' ' || *p == ';')
            p++;
        size_t len = strcspn(p, ";");
        if (len > name_len && strncmp(p, name, name_len) == 0 && p[name_len] == '=') {
            size_t value_len = len - name_len - 1;
            if (value_len == 0 || value_len >= cap)
                return false;
            memcpy(out, p + name_len + 1, value_len);
            out[value_len] = '\0';
            return true;
        }
        p += len;
    }
    return false;
}

void
http_set_cookie(struct response *res, const char *fmt, ...)
{
    char cookie[sizeof(res->set_cookie[0])];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cookie, sizeof(cookie), fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < 2; i++) {
        if (strcmp(res->set_cookie[i], cookie) == 0)
            return; /* the same cookie twice says nothing more */
        if (res->set_cookie[i][0] == '\0') {
            memcpy(res->set_cookie[i], cookie, sizeof(cookie));
            return;
        }
    }
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

/* ---- conditional requests and compression ---- */

/* A weak ETag from the body: a 64-bit multiply-mix over 8-byte words, enough to tell
 * versions of one page apart and cheap next to rendering it. */
static void
body_etag(const char *body, size_t len, char out[24])
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, body + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)body[i]) * 0x100000001b3ULL;
    h ^= h >> 29;
    snprintf(out, 24, "W/\"%016llx\"", (unsigned long long)h);
}

/* Whether the If-None-Match list @header holds @etag, compared weakly (W/ ignored). */
static bool
etag_matches(const char *header, const char *etag)
{
    const char *want = etag + 2; /* the quoted part */
    size_t want_len = strlen(want);
    const char *p = header;
    while (*p != '\0') {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (*p == '*')
            return true;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        size_t len = strcspn(p, ", \t");
        if (len == want_len && memcmp(p, want, len) == 0)
            return true;
        p += len;
    }
    return false;
}

static void
http_date(int64_t t, char *out, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, len, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", the only form RFC 9110 requires senders
 * to use), or -1. */
static int64_t
parse_http_date(const char *s)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int64_t day, year, hh, mm, ss;
    /* "Sun, 06 Nov 1994 08:49:37 GMT": fixed widths, so fixed offsets */
    if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT") != 0 ||
        parse_i64(s + 5, 2, 1, 31, &day) != ERR_OK ||
        parse_i64(s + 12, 4, 1970, 9999, &year) != ERR_OK ||
        parse_i64(s + 17, 2, 0, 23, &hh) != ERR_OK || parse_i64(s + 20, 2, 0, 59, &mm) != ERR_OK ||
        parse_i64(s + 23, 2, 0, 60, &ss) != ERR_OK)
        return -1;
    int month = -1;
    for (int i = 0; i < 12; i++) {
        if (memcmp(s + 8, months + 3 * i, 3) == 0)
            month = i;
    }
    if (month < 0)
        return -1;
    struct tm tm = {0};
    tm.tm_mday = (int)day;
    tm.tm_mon = month;
    tm.tm_year = (int)year - 1900;
    tm.tm_hour = (int)hh;
    tm.tm_min = (int)mm;
    tm.tm_sec = (int)ss;
    return (int64_t)timegm(&tm);
}

static bool
compressible(const char *content_type)
{
    return strncmp(content_type, "text/", 5) == 0 ||
           strncmp(content_type, "application/json", 16) == 0 ||
           strncmp(content_type, "image/svg+xml", 13) == 0;
}

/* Whether Accept-Encoding allows gzip: "gzip" or "*" with a q above zero. */
static bool
accepts_gzip(const char *header)
{
    const char *p = header;
    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *coding = p;
        size_t coding_len = strcspn(p, ";,");
        text_trim(&coding, &coding_len);
        if (text_ieq(coding, coding_len, "gzip") || text_ieq(coding, coding_len, "*")) {
            const char *q = memchr(p, '=', len);
            /* q=0, q=0.0, q=0.000 refuse; anything else accepts */
            bool refused =
                q != NULL && q[1] == '0' && strspn(q + 2, ".0") + 2 >= (size_t)(p + len - q);
            if (!refused)
                return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* @body gzipped into a new allocation (caller frees), or NULL when it would not help. */
static char *
gzip_body(const char *body, size_t len, size_t *out_len)
{
    z_stream z = {0};
    /* level 5: nearly the size of 9 at a third of the time, for pages made per request */
    if (deflateInit2(&z, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = deflateBound(&z, (uLong)len);
    char *out = malloc(cap);
    if (out == NULL) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)body;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *out_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || *out_len >= len) {
        free(out);
        return NULL;
    }
    return out;
}

static void
send_headers(struct MHD_Response *r, const struct response *res)
{
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    if (strncmp(res->content_type, "text/html", 9) == 0) {
        MHD_add_response_header(r, "X-Frame-Options", "DENY");
        if (res->csp != NULL)
            MHD_add_response_header(r, "Content-Security-Policy", res->csp);
    } else {
        MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    }
    if (res->allow != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
    if (res->cache_control != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, res->cache_control);
    if (res->content_language != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_LANGUAGE, res->content_language);
    for (size_t i = 0; i < 2; i++) {
        if (res->set_cookie[i][0] != '\0')
            MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, res->set_cookie[i]);
    }
    if (res->location[0] != '\0')
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, res->location);
    if (res->content_disposition[0] != '\0')
        MHD_add_response_header(r, "Content-Disposition", res->content_disposition);
    if (res->last_modified > 0) {
        char date[40];
        http_date(res->last_modified, date, sizeof(date));
        MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date);
    }
    /* what else besides the URL chose this body */
    char vary[96];
    snprintf(vary, sizeof(vary), "%s%s%s", compressible(res->content_type) ? "Accept-Encoding" : "",
             res->vary != NULL && compressible(res->content_type) ? ", " : "",
             res->vary != NULL ? res->vary : "");
    if (vary[0] != '\0')
        MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, vary);
}

/* Whether the client's copy, named by its conditional headers, is still current. */
static bool
not_modified(struct MHD_Connection *conn, const struct response *res, const char *etag)
{
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    if (inm != NULL)
        return etag_matches(inm, etag);
    const char *ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Modified-Since");
    if (ims == NULL || res->last_modified <= 0)
        return false;
    int64_t since = parse_http_date(ims);
    return since >= res->last_modified;
}

static ssize_t
read_stream(void *cls, uint64_t pos, char *out, size_t max)
{
    struct response *res = cls;
    (void)pos;
    long n = res->stream(res->stream_state, out, max);
    if (n < 0)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : (ssize_t)n;
}

static void
free_stream(void *cls)
{
    struct response *res = cls;
    if (res->stream_free != NULL)
        res->stream_free(res->stream_state);
    free(res);
}

static enum MHD_Result
queue_stream(struct MHD_Connection *conn, struct response *res)
{
    struct response *kept = malloc(sizeof(*kept));
    if (kept == NULL) {
        res->stream_free(res->stream_state);
        buf_release(&res->body);
        return MHD_NO;
    }
    buf_release(&res->body);
    *kept = *res;
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024,
                                                               read_stream, kept, free_stream);
    if (r == NULL) {
        free_stream(kept);
        return MHD_NO;
    }
    send_headers(r, kept);
    enum MHD_Result ret = MHD_queue_response(conn, 200, r);
    MHD_destroy_response(r);
    return ret;
}

/* What a request collects while its body arrives, freed when the request completes. */
struct incoming {
    bool announced; /* on_request() has been told of the request */
    bool long_url;  /* its address was longer than LIMIT_URL_BYTES: query cut off (on_uri()) */
    struct buf body;
    struct buf form; /* the decoded form fields, each key and value NUL-terminated */
};

/* Called with the whole request target before libmicrohttpd splits its query. Version 0.9.75
 * keeps every query argument in the connection's memory (LIMIT_CONN_POOL_BYTES) and, when that
 * runs out, neither answers nor closes: a 2 KB address of a thousand empty arguments held its
 * connection until the timeout. So the query is cut here, in place, after one argument more
 * than LIMIT_QUERY_PARAMS (on_request() then refuses it), or whole when the address is too
 * long. The text is the connection's own writable buffer; the const is for other callers. */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    struct incoming *in = calloc(1, sizeof(*in));
    if (in == NULL)
        return NULL;
    buf_init(&in->body, LIMIT_BODY_BYTES);
    buf_init(&in->form, 2 * LIMIT_BODY_BYTES + 2 * LIMIT_FORM_FIELDS);
    char *query = strchr(uri, '?');
    if (query == NULL)
        return in;
    /* the library splits from the character after the '?', found before this call */
    in->long_url = strlen(uri) > LIMIT_URL_BYTES;
    if (in->long_url) {
        query[1] = '\0';
        return in;
    }
    size_t args = 1;
    for (char *amp = strchr(query, '&'); amp != NULL; amp = strchr(amp + 1, '&')) {
        if (++args > LIMIT_QUERY_PARAMS + 1) {
            *amp = '\0';
            break;
        }
    }
    return in;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct incoming *in = *con_cls;
    if (in == NULL)
        return;
    buf_release(&in->body);
    buf_release(&in->form);
    free(in);
    *con_cls = NULL;
}

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Appends the application/x-www-form-urlencoded text @s (@n bytes) decoded, and a NUL. False
 * for a malformed escape or a %00 (which would cut the text where C reads it). */
static bool
form_decode(struct buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 1 < n ? hex_value(s[i + 1]) : -1;
            int lo = i + 2 < n ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        buf_addch(out, c);
    }
    buf_addch(out, '\0');
    return true;
}

/* Splits a urlencoded body into req->form. False (and a 400 in @res) when it is malformed. */
static bool
parse_form(struct request *req, struct incoming *in, struct response *res)
{
    const char *s = in->body.data;
    size_t n = in->body.len;
    size_t offsets[LIMIT_FORM_FIELDS][2];
    size_t count = 0;
    while (n > 0) {
        const char *amp = memchr(s, '&', n);
        size_t len = amp ? (size_t)(amp - s) : n;
        if (len > 0) {
            if (count == LIMIT_FORM_FIELDS) {
                http_error(res, 400, NULL, "the form has more than %d fields", LIMIT_FORM_FIELDS);
                return false;
            }
            const char *eq = memchr(s, '=', len);
            size_t key_len = eq ? (size_t)(eq - s) : len;
            offsets[count][0] = in->form.len;
            bool ok = form_decode(&in->form, s, key_len);
            offsets[count][1] = in->form.len;
            ok = ok && form_decode(&in->form, eq ? eq + 1 : s + len, eq ? len - key_len - 1 : 0);
            if (!ok || buf_status(&in->form) != ERR_OK) {
                http_error(res, 400, NULL, "the form is not validly encoded");
                return false;
            }
            count++;
        }
        s += len + (amp != NULL);
        n -= len + (amp != NULL);
    }
    for (size_t i = 0; i < count; i++) {
        const char *key = in->form.data + offsets[i][0];
        const char *value = in->form.data + offsets[i][1];
        req->form[i] = (struct param){key, value, strlen(value), false};
    }
    req->n_form = count;
    return true;
}

static void
client_address(struct MHD_Connection *conn, bool trust_proxy, struct request *req)
{
    const char *forwarded =
        trust_proxy ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
    if (forwarded != NULL) {
        /* the proxy appends the address it saw last */
        const char *last = strrchr(forwarded, ',');
        last = last ? last + 1 : forwarded;
        while (*last == ' ')
            last++;
        snprintf(req->remote_addr, sizeof(req->remote_addr), "%.*s", (int)strcspn(last, " "), last);
        return;
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci != NULL && ci->client_addr != NULL && ci->client_addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)ci->client_addr;
        inet_ntop(AF_INET, &in->sin_addr, req->remote_addr, sizeof(req->remote_addr));
    }
}

static bool trust_proxy;

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct app *app = cls;
    (void)version;
    struct incoming *in = *con_cls;
    if (in == NULL)
        return MHD_NO; /* on_uri() could not allocate */
    /* the first call only announces the request; answer after the last piece of the body */
    if (!in->announced) {
        in->announced = true;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        buf_add(&in->body, upload_data, *upload_data_size); /* past the limit: a 413 below */
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct request req = {0};
    struct response res = {0};
    req.method = method;
    req.path = url;
    req.app = app;
    req.body = in->body.data;
    req.body_len = in->body.len;
    req.content_type =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    req.authorization =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    req.csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
    const char *proto =
        trust_proxy ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto")
                    : NULL;
    req.secure = proto != NULL && strcmp(proto, "https") == 0;
    client_address(conn, trust_proxy, &req);
    req.accept_language =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    req.cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
    res.status = 200;
    res.content_type = "application/json; charset=utf-8";
    buf_init(&res.body, LIMIT_RESPONSE_BYTES);

    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_param, &req);
    if (in->long_url || strlen(url) > LIMIT_URL_BYTES)
        http_error(&res, 414, NULL, "the address is longer than %d bytes", LIMIT_URL_BYTES);
    else if (req.has_nul)
        http_error(&res, 400, req.nul_param, "%s: holds a NUL byte (%%00)", req.nul_param);
    else if (req.params_overflow)
        http_error(&res, 400, NULL, "more than %d query parameters", LIMIT_QUERY_PARAMS);
    else if (buf_status(&in->body) != ERR_OK)
        http_error(&res, 413, NULL, "the request body is larger than %u bytes", LIMIT_BODY_BYTES);
    else if (req.content_type != NULL &&
             strncmp(req.content_type, "application/x-www-form-urlencoded", 33) == 0 &&
             !parse_form(&req, in, &res))
        ; /* the 400 is set */
    else
        router_dispatch(&req, &res);
    if (buf_status(&res.body) != ERR_OK)
        http_error(&res, 500, NULL, "the response grew past its limit");

    if (res.stream != NULL && res.status == 200)
        return queue_stream(conn, &res);
    if (res.stream_free != NULL)
        res.stream_free(res.stream_state);
    size_t len = 0;
    char *body = buf_take(&res.body, &len);
    char etag[24] = "";
    if (res.status == 200 && res.revalidate) {
        body_etag(body, len, etag);
        if (not_modified(conn, &res, etag)) {
            res.status = 304;
            len = 0;
        }
    }
    bool gzipped = false;
    if (len >= 1024 && compressible(res.content_type) &&
        accepts_gzip(
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING))) {
        size_t zlen = 0;
        char *z = gzip_body(body, len, &zlen);
        if (z != NULL) {
            free(body);
            body = z;
            len = zlen;
            gzipped = true;
        }
    }
    /* libmicrohttpd sends no body for HEAD, but the length of the GET */
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(body);
        return MHD_NO;
    }
    send_headers(r, &res);
    if (etag[0] != '\0')
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
    if (gzipped)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
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
    trust_proxy = opt->trust_proxy;
    unsigned threads = opt->threads;
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 2;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO, 0, NULL, NULL, on_request,
        app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)LIMIT_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)LIMIT_CONN_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)LIMIT_CONN_POOL_BYTES, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_END);
    if (d == NULL) {
        log_error("cannot listen on %s:%u (is the port in use?)", opt->host, opt->port);
        return ERR_IO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info != NULL ? info->port : opt->port;
    char base_url[APP_BASE_URL_MAX];
    app_base_url(app, base_url, sizeof(base_url));
    if (base_url[0] == '\0') {
        /* no --base-url: links in mail point where we listen, now that the port is known */
        snprintf(base_url, sizeof(base_url), "http://%s:%u", opt->host, port);
        app_set_base_url(app, base_url);
    }
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
