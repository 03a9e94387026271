/* The outbox sender. Each tick reads the due mail (copied, so no statement stays open while
 * the network is slow), sends it one by one and marks each at once: the window in which a
 * crash could send a mail twice is the time of one database write. A mail sent but not marked
 * (the database was busy) is remembered and never sent again by this process. Only one
 * process should serve a database, or two workers may send the same mail. */
#include "mail/worker.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/secret.h"
#include "store/accounts.h"
#include "store/store.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/xalloc.h"

#define BATCH          16 /* mails read per tick */
#define UNMARKED_MAX   64 /* mails sent whose mark failed, kept to retry the mark */
#define TICK_S         1
#define MESSAGE_ID_MAX 200
#define ERROR_MAX      300

struct due_mail {
    int64_t id;
    char *to, *subject, *body;
    int attempts;
};

struct mail_worker {
    char *dsn, *url, *user, *password, *from, *base_url;
    struct smtp_config smtp;
    int64_t retry_s;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping; /* under @lock */
    struct store *st;
    struct due_mail due[BATCH];
    size_t n_due;
    int64_t unmarked[UNMARKED_MAX];
    size_t n_unmarked;
};

int64_t
mail_backoff(int64_t base, int attempts)
{
    int64_t wait = base > 0 ? base : 1;
    for (int i = 0; i < attempts && wait < MAIL_RETRY_MAX_S; i++)
        wait *= 2;
    return wait < MAIL_RETRY_MAX_S ? wait : MAIL_RETRY_MAX_S;
}

/* The host of @base_url ("http://host:port/..."), if it is a plain name or address. */
static void
url_host(const char *base_url, char *out, size_t out_len)
{
    const char *p = base_url != NULL ? strstr(base_url, "://") : NULL;
    snprintf(out, out_len, "localaction.invalid");
    if (p == NULL)
        return;
    p += 3;
    size_t len = strcspn(p, ":/?#");
    if (len == 0 || len >= out_len)
        return;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-'))
            return;
    }
    memcpy(out, p, len);
    out[len] = '\0';
}

void
mail_message_id(int64_t id, const char *to, const char *subject, const char *body,
                const char *base_url, char *out, size_t out_len)
{
    char host[128], hash[SECRET_HASH_LEN];
    struct buf content;
    buf_init(&content, 3 * LIMIT_MAIL_BODY_BYTES);
    buf_addf(&content, "%s\n%s\n%s", to, subject, body);
    secret_hash(content.data, content.len, hash);
    buf_release(&content);
    url_host(base_url, host, sizeof(host));
    snprintf(out, out_len, "<localaction.%lld.%.16s@%s>", (long long)id, hash, host);
}

static void
due_release(struct mail_worker *w)
{
    for (size_t i = 0; i < w->n_due; i++) {
        free(w->due[i].to);
        free(w->due[i].subject);
        free(w->due[i].body);
    }
    w->n_due = 0;
}

static bool
is_unmarked(const struct mail_worker *w, int64_t id)
{
    for (size_t i = 0; i < w->n_unmarked; i++) {
        if (w->unmarked[i] == id)
            return true;
    }
    return false;
}

static void
collect(void *ctx, const struct outbox_mail *m)
{
    struct mail_worker *w = ctx;
    if (w->n_due >= BATCH || is_unmarked(w, m->id))
        return;
    struct due_mail *d = &w->due[w->n_due++];
    d->id = m->id;
    d->to = xstrdup(m->recipient);
    d->subject = xstrdup(m->subject);
    d->body = xstrdup(m->body);
    d->attempts = m->attempts;
}

/* Retries the marks that failed before; false while some are still unmarked and there is no
 * room for more (then nothing is sent until the database takes them). */
static bool
mark_pending(struct mail_worker *w)
{
    size_t kept = 0;
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < w->n_unmarked; i++) {
        if (store_outbox_sent(w->st, w->unmarked[i], now) != ERR_OK)
            w->unmarked[kept++] = w->unmarked[i];
    }
    w->n_unmarked = kept;
    return kept < UNMARKED_MAX;
}

static void
send_one(struct mail_worker *w, const struct due_mail *d)
{
    char message_id[MESSAGE_ID_MAX], why[ERROR_MAX] = "";
    struct buf text;
    buf_init(&text, 2 * LIMIT_MAIL_BODY_BYTES);
    mail_message_id(d->id, d->to, d->subject, d->body, w->base_url, message_id, sizeof(message_id));
    struct smtp_message m = {w->from, d->to, d->subject, d->body, (int64_t)time(NULL), message_id};
    enum err e = smtp_format(&text, &m);
    if (e != ERR_OK)
        snprintf(why, sizeof(why), "cannot be written as a message (%s)", err_name(e));
    else
        e = smtp_send(&w->smtp, d->to, text.data, text.len, why, sizeof(why));
    buf_release(&text);
    int64_t now = (int64_t)time(NULL);
    if (e == ERR_OK) {
        if (store_outbox_sent(w->st, d->id, now) != ERR_OK) {
            log_error("mail %lld was sent but cannot be marked sent: %s", (long long)d->id,
                      store_errmsg(w->st));
            w->unmarked[w->n_unmarked++] = d->id;
        }
        return;
    }
    /* a message we cannot write will never go: park it (an administrator can fix the row
     * and set next_attempt_at) rather than retry it forever */
    int64_t next = e == ERR_INVALID ? INT64_MAX : now + mail_backoff(w->retry_s, d->attempts);
    log_error("mail %lld: attempt %d failed: %s", (long long)d->id, d->attempts + 1, why);
    if (store_outbox_failed(w->st, d->id, why, next) != ERR_OK)
        log_error("mail %lld: cannot note the failure: %s", (long long)d->id, store_errmsg(w->st));
}

static bool
stopping(struct mail_worker *w)
{
    pthread_mutex_lock(&w->lock);
    bool stop = w->stopping;
    pthread_mutex_unlock(&w->lock);
    return stop;
}

/* One pass over the due mail; true when a whole batch was due (more may be waiting). */
static bool
tick(struct mail_worker *w)
{
    if (w->st == NULL && store_open(&w->st, w->dsn) != ERR_OK) {
        log_error("mail: cannot open the database; will try again");
        store_close(w->st);
        w->st = NULL;
        return false;
    }
    if (!mark_pending(w))
        return false;
    enum err e = store_outbox_due(w->st, (int64_t)time(NULL), BATCH, collect, w);
    if (e != ERR_OK) {
        log_error("mail: cannot read the outbox: %s", store_errmsg(w->st));
        due_release(w);
        return false;
    }
    bool full = w->n_due == BATCH;
    for (size_t i = 0; i < w->n_due && !stopping(w) && w->n_unmarked < UNMARKED_MAX; i++)
        send_one(w, &w->due[i]);
    due_release(w);
    return full;
}

static void *
run(void *arg)
{
    struct mail_worker *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stopping) {
        pthread_mutex_unlock(&w->lock);
        bool more = tick(w);
        pthread_mutex_lock(&w->lock);
        if (more || w->stopping)
            continue;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += TICK_S;
        int rc = 0;
        while (!w->stopping && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&w->wake, &w->lock, &until);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static void
worker_free(struct mail_worker *w)
{
    store_close(w->st);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    if (w->password != NULL)
        memset(w->password, 0, strlen(w->password));
    free(w->dsn);
    free(w->url);
    free(w->user);
    free(w->password);
    free(w->from);
    free(w->base_url);
    free(w);
}

static char *
copy_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? xstrdup(s) : NULL;
}

enum err
mail_worker_start(struct mail_worker **out, const char *dsn, const struct mail_config *cfg)
{
    *out = NULL;
    if (cfg->smtp.url == NULL || cfg->smtp.url[0] == '\0') {
        log_info("mail: no SMTP server configured (--smtp-url); mail stays in the outbox");
        return ERR_OK;
    }
    if (smtp_global_init() != ERR_OK) {
        log_error("mail: cannot initialise libcurl");
        return ERR_IO;
    }
    struct mail_worker *w = xcalloc(1, sizeof(*w));
    w->dsn = xstrdup(dsn);
    w->url = xstrdup(cfg->smtp.url);
    w->user = copy_or_null(cfg->smtp.user);
    w->password = copy_or_null(cfg->smtp.password);
    w->from = xstrdup(cfg->smtp.from);
    w->base_url = xstrdup(cfg->base_url != NULL ? cfg->base_url : "");
    w->smtp = (struct smtp_config){
        w->url, w->user, w->password, w->from, cfg->smtp.starttls, cfg->smtp.timeout_s};
    w->retry_s = cfg->retry_s > 0 ? cfg->retry_s : MAIL_RETRY_DEFAULT_S;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    /* the thread inherits a mask without SIGINT and SIGTERM, so they reach the main thread,
     * which waits for them to stop the server */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = pthread_create(&w->thread, NULL, run, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        log_error("cannot start the mail worker: %s", strerror(rc));
        worker_free(w);
        return ERR_IO;
    }
    *out = w;
    return ERR_OK;
}

void
mail_worker_stop(struct mail_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    worker_free(w);
}
