/* The serving commands: serve, demo (fresh database with the embedded IMRF 2022 data, then
 * serve) and stats (counts from the same index the server uses). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/secret.h"
#include "cli/cli.h"
#include "http/app.h"
#include "http/server.h"
#include "io/import.h"
#include "mail/smtp.h"
#include "mail/worker.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/parse.h"
#include "web/page.h"

#define DEFAULT_PORT 8080

static int
usage_error(const char *command)
{
    fprintf(stderr, "see 'localaction %s --help'\n", command);
    return CLI_EXIT_USAGE;
}

#define DEFAULT_CACHE_MB  64
#define DEFAULT_MAIL_FROM "localaction@localhost"
#define SMTP_URL_MAX      300

/* What serve and demo are told: the server's options and the mail's. */
struct serve_config {
    const char *db;
    struct server_options server;
    size_t cache_mb;
    struct mail_config mail;
};

/* A value from the environment, or NULL when unset or empty. */
static const char *
env_value(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : NULL;
}

static bool
parse_retry(const char *text, const char *what, int64_t *out)
{
    if (parse_i64(text, strlen(text), 1, MAIL_RETRY_MAX_S, out) == ERR_OK)
        return true;
    log_error("%s must be a number of seconds from 1 to %d", what, MAIL_RETRY_MAX_S);
    return false;
}

/* Checks the mail settings once all are read; false (logged) when one is unusable. */
static bool
mail_config_ok(const struct mail_config *m)
{
    const char *url = m->smtp.url;
    if (url != NULL && strncmp(url, "smtp://", 7) != 0 && strncmp(url, "smtps://", 8) != 0) {
        log_error("--smtp-url must start with smtp:// or smtps://");
        return false;
    }
    if (url != NULL && strlen(url) > SMTP_URL_MAX) {
        log_error("--smtp-url is longer than %d bytes", SMTP_URL_MAX);
        return false;
    }
    if (url != NULL && strchr(url, '@') != NULL) {
        /* credentials in a URL show in `ps` and in logs */
        log_error("--smtp-url takes no user or password: set LOCALACTION_SMTP_USER and "
                  "LOCALACTION_SMTP_PASSWORD");
        return false;
    }
    if (!smtp_address_ok(m->smtp.from)) {
        log_error("--mail-from must be a plain address such as noreply@example.org");
        return false;
    }
    const char *base = m->base_url;
    if (base != NULL &&
        ((strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) ||
         strlen(base) >= APP_BASE_URL_MAX || strpbrk(base, " \t\r\n\"'<>") != NULL)) {
        log_error("--base-url must be an http:// or https:// address of at most %d bytes",
                  APP_BASE_URL_MAX - 1);
        return false;
    }
    return true;
}

static void
print_help(const char *command)
{
    if (strcmp(command, "demo") == 0)
        printf("usage: localaction demo [--db PATH] [SERVE OPTIONS]\n\n"
               "Replaces the database with the built-in demo data (the local governments\n"
               "of the IMRF 2022 and example actions from the report) and serves it.\n"
               "Default database: ./localaction-demo.db. Takes the options of\n"
               "'localaction serve --help'.\n");
    else
        printf("usage: localaction serve [--db PATH] [--port N] [--host ADDR] [--threads N]\n"
               "       [--cache-mb N] [--base-url URL] [--smtp-url URL] [--smtp-starttls]\n"
               "       [--mail-from ADDR] [--mail-retry-s N]\n\n"
               "Serves the website and the JSON API (docs/api.md) on http://HOST:PORT/\n"
               "(default 127.0.0.1:%d; port 0 picks a free one). Changes made to the\n"
               "database by other processes, such as an import, show within a second or two.\n"
               "--cache-mb bounds the memory kept for repeated searches and facet\n"
               "counts (default %d; 0 keeps nothing).\n\n"
               "Mail (password resets, invitations, review decisions) is queued in the\n"
               "database and sent by a background thread, retried until the server takes it:\n"
               "  --base-url URL     the site's public address, for links in mail\n"
               "                     (LOCALACTION_BASE_URL; default http://HOST:PORT)\n"
               "  --smtp-url URL     smtp://host:port or smtps://host:port\n"
               "                     (LOCALACTION_SMTP_URL; none: mail stays queued)\n"
               "  --smtp-starttls    on smtp://, send only over STARTTLS\n"
               "                     (LOCALACTION_SMTP_STARTTLS=1)\n"
               "  --mail-from ADDR   the sender (LOCALACTION_MAIL_FROM; default %s)\n"
               "  --mail-retry-s N   first wait after a failure, doubled each time up to an\n"
               "                     hour (LOCALACTION_MAIL_RETRY_S; default %d)\n"
               "The SMTP user and password come only from LOCALACTION_SMTP_USER and\n"
               "LOCALACTION_SMTP_PASSWORD, never from the command line.\n",
               DEFAULT_PORT, DEFAULT_CACHE_MB, DEFAULT_MAIL_FROM, MAIL_RETRY_DEFAULT_S);
}

/* Options shared by serve and demo, over the environment's; returns -1 to go on, else an
 * exit code. */
static int
parse_serve_options(int argc, char **argv, const char *command, struct serve_config *cfg)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"port", required_argument, NULL, 'p'},
                                            {"host", required_argument, NULL, 'H'},
                                            {"threads", required_argument, NULL, 't'},
                                            {"cache-mb", required_argument, NULL, 'c'},
                                            {"base-url", required_argument, NULL, 'b'},
                                            {"smtp-url", required_argument, NULL, 's'},
                                            {"smtp-starttls", no_argument, NULL, 'S'},
                                            {"mail-from", required_argument, NULL, 'f'},
                                            {"mail-retry-s", required_argument, NULL, 'r'},
                                            {"trust-proxy", no_argument, NULL, 'x'},
                                            {"help", no_argument, NULL, 'h'},
                                            {0}};
    int c;
    int64_t n;
    struct server_options *opt = &cfg->server;
    struct mail_config *mail = &cfg->mail;
    memset(cfg, 0, sizeof(*cfg));
    opt->host = "127.0.0.1";
    opt->port = DEFAULT_PORT;
    cfg->cache_mb = DEFAULT_CACHE_MB;
    mail->smtp.url = env_value("LOCALACTION_SMTP_URL");
    mail->smtp.user = env_value("LOCALACTION_SMTP_USER");
    mail->smtp.password = env_value("LOCALACTION_SMTP_PASSWORD");
    mail->smtp.from = env_value("LOCALACTION_MAIL_FROM");
    if (mail->smtp.from == NULL)
        mail->smtp.from = DEFAULT_MAIL_FROM;
    const char *starttls = env_value("LOCALACTION_SMTP_STARTTLS");
    mail->smtp.starttls = starttls != NULL && strcmp(starttls, "0") != 0;
    mail->base_url = env_value("LOCALACTION_BASE_URL");
    mail->retry_s = MAIL_RETRY_DEFAULT_S;
    const char *retry = env_value("LOCALACTION_MAIL_RETRY_S");
    if (retry != NULL && !parse_retry(retry, "LOCALACTION_MAIL_RETRY_S", &mail->retry_s))
        return usage_error(command);
    optind = 1;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            cfg->db = optarg;
            break;
        case 'p':
            if (parse_i64(optarg, strlen(optarg), 0, 65535, &n) != ERR_OK) {
                log_error("--port must be a number from 0 to 65535");
                return usage_error(command);
            }
            opt->port = (unsigned)n;
            break;
        case 'H':
            opt->host = optarg;
            break;
        case 't':
            if (parse_i64(optarg, strlen(optarg), 1, 256, &n) != ERR_OK) {
                log_error("--threads must be a number from 1 to 256");
                return usage_error(command);
            }
            opt->threads = (unsigned)n;
            break;
        case 'c':
            if (parse_i64(optarg, strlen(optarg), 0, 4096, &n) != ERR_OK) {
                log_error("--cache-mb must be a number from 0 to 4096");
                return usage_error(command);
            }
            cfg->cache_mb = (size_t)n;
            break;
        case 'b':
            mail->base_url = optarg;
            break;
        case 's':
            mail->smtp.url = optarg;
            break;
        case 'S':
            mail->smtp.starttls = true;
            break;
        case 'f':
            mail->smtp.from = optarg;
            break;
        case 'r':
            if (!parse_retry(optarg, "--mail-retry-s", &mail->retry_s))
                return usage_error(command);
            break;
        case 'x':
            opt->trust_proxy = true;
            break;
        case 'h':
            print_help(command);
            return 0;
        default:
            return usage_error(command);
        }
    }
    if (optind != argc || !mail_config_ok(mail))
        return usage_error(command);
    return -1;
}

static int
run_server(const char *dsn, const struct serve_config *cfg)
{
    struct app *app = NULL;
    struct mail_worker *mail = NULL;
    char why[300];
    enum err e = secret_init();
    if (e != ERR_OK) {
        log_error("cannot initialise libsodium");
        return err_exit_code(e);
    }
    e = web_load(why, sizeof(why));
    if (e != ERR_OK) {
        log_error("the website cannot start: %s", why);
        return err_exit_code(e);
    }
    e = app_new(&app, dsn, cfg->cache_mb);
    if (e == ERR_OK && cfg->mail.base_url != NULL)
        app_set_base_url(app, cfg->mail.base_url);
    if (e == ERR_OK)
        e = app_start_watcher(app);
    if (e == ERR_OK) {
        struct mail_config mc = cfg->mail;
        char host_url[APP_BASE_URL_MAX];
        if (mc.base_url == NULL) {
            /* the Message-IDs' host; links get the real port once it is known */
            snprintf(host_url, sizeof(host_url), "http://%s", cfg->server.host);
            mc.base_url = host_url;
        }
        e = mail_worker_start(&mail, dsn, &mc);
    }
    if (e == ERR_OK)
        e = server_run(app, &cfg->server);
    mail_worker_stop(mail);
    app_free(app);
    return err_exit_code(e);
}

int
cmd_serve(int argc, char **argv)
{
    struct serve_config cfg;
    int rc = parse_serve_options(argc, argv, "serve", &cfg);
    if (rc >= 0)
        return rc;
    return run_server(cli_db_path(cfg.db), &cfg);
}

/* Removes a database file and its WAL companions. */
static bool
remove_database(const char *path)
{
    const char *suffixes[] = {"", "-wal", "-shm"};
    char name[4096];
    for (size_t i = 0; i < 3; i++) {
        snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
        if (unlink(name) != 0 && errno != ENOENT) {
            log_errno("cannot remove '%s'", name);
            return false;
        }
    }
    return true;
}

int
cmd_demo(int argc, char **argv)
{
    struct serve_config cfg;
    int rc = parse_serve_options(argc, argv, "demo", &cfg);
    if (rc >= 0)
        return rc;
    const char *db = cfg.db;
    if (db == NULL)
        db = getenv("LOCALACTION_DB") != NULL && *getenv("LOCALACTION_DB") != '\0'
                 ? getenv("LOCALACTION_DB")
                 : "localaction-demo.db";
    const struct embedded_file *demo = embedded_find("demo/imrf2022.jsonl");
    if (demo == NULL || !remove_database(db))
        return err_exit_code(ERR_IO);
    struct store *st = NULL;
    enum err e = store_open(&st, db);
    if (e != ERR_OK)
        return err_exit_code(e);
    struct import_options iopt = {.format = IMPORT_JSONL, .errors = stderr};
    struct import_summary sum;
    e = import_buffer(st, "demo/imrf2022.jsonl", demo->data, demo->len, &iopt, &sum);
    store_close(st);
    if (e != ERR_OK) {
        log_error("the built-in demo data did not load");
        return err_exit_code(e);
    }
    log_info("demo database %s: %zu governments and actions loaded", db, sum.inserted);
    return run_server(db, &cfg);
}

int
cmd_stats(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0}};
    const char *db = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'h') {
            printf("usage: localaction stats [--db PATH]\n\n"
                   "Prints how many published actions, governments, countries and regions\n"
                   "the database holds, and actions per GCM objective.\n");
            return 0;
        } else {
            return usage_error("stats");
        }
    }
    if (optind != argc)
        return usage_error("stats");
    if (!cli_database_exists(cli_db_path(db)))
        return err_exit_code(ERR_NOT_FOUND);
    struct store *st = NULL;
    struct index *ix = NULL;
    enum err e = store_open(&st, cli_db_path(db));
    if (e == ERR_OK)
        e = index_build(st, &ix);
    if (e != ERR_OK) {
        if (st != NULL)
            log_error("cannot read the database: %s", store_errmsg(st));
        store_close(st);
        return err_exit_code(e);
    }
    struct index_query *q = calloc(1, sizeof(*q));
    struct index_result r;
    for (int d = 0; d < DIM_COUNT; d++)
        q->facets[d] = true;
    e = index_query(ix, q, &r);
    if (e == ERR_OK) {
        size_t govs = 0, countries = 0, regions = 0;
        for (size_t i = 0; i < r.n_facets[DIM_GOVERNMENT]; i++)
            govs += r.facets[DIM_GOVERNMENT][i].count > 0;
        for (size_t i = 0; i < r.n_facets[DIM_COUNTRY]; i++)
            countries += r.facets[DIM_COUNTRY][i].count > 0;
        for (size_t i = 0; i < r.n_facets[DIM_REGION]; i++)
            regions += r.facets[DIM_REGION][i].count > 0;
        printf("published actions: %zu\ngovernments with actions: %zu\ncountries: %zu\n"
               "regions: %zu\n",
               r.total, govs, countries, regions);
        printf("by GCM objective:\n");
        const struct vocab *gcm = taxonomy_vocab(VOCAB_GCM);
        for (size_t i = 0; i < r.n_facets[DIM_OBJECTIVE]; i++)
            printf("  %2s %-36s %u\n", gcm->terms[r.facets[DIM_OBJECTIVE][i].value].code,
                   gcm->terms[r.facets[DIM_OBJECTIVE][i].value].short_title,
                   r.facets[DIM_OBJECTIVE][i].count);
        index_result_release(&r);
    }
    free(q);
    index_unref(ix);
    store_close(st);
    return err_exit_code(e);
}
