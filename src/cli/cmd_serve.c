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

#define DEFAULT_CACHE_MB 64

/* Options shared by serve and demo; returns -1 to go on, else an exit code. */
static int
parse_serve_options(int argc, char **argv, const char *command, const char **db,
                    struct server_options *opt, size_t *cache_mb)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"port", required_argument, NULL, 'p'},
                                            {"host", required_argument, NULL, 'H'},
                                            {"threads", required_argument, NULL, 't'},
                                            {"cache-mb", required_argument, NULL, 'c'},
                                            {"help", no_argument, NULL, 'h'},
                                            {0}};
    int c;
    int64_t n;
    opt->host = "127.0.0.1";
    opt->port = DEFAULT_PORT;
    opt->threads = 0;
    opt->trust_proxy = false; /* no option sets it yet; left unset, UBSan stops `demo` */
    *cache_mb = DEFAULT_CACHE_MB;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            *db = optarg;
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
            *cache_mb = (size_t)n;
            break;
        case 'h':
            if (strcmp(command, "demo") == 0)
                printf("usage: localaction demo [--db PATH] [--port N] [--host ADDR] "
                       "[--threads N] [--cache-mb N]\n\n"
                       "Replaces the database with the built-in demo data (the local governments\n"
                       "of the IMRF 2022 and example actions from the report) and serves it.\n"
                       "Default database: ./localaction-demo.db.\n");
            else
                printf("usage: localaction serve [--db PATH] [--port N] [--host ADDR] "
                       "[--threads N] [--cache-mb N]\n\n"
                       "Serves the JSON API (docs/api.md) on http://HOST:PORT/ (default\n"
                       "127.0.0.1:%d; port 0 picks a free one). Changes made to the database\n"
                       "by other processes, such as an import, show within a second or two.\n"
                       "--cache-mb bounds the memory kept for repeated searches and facet\n"
                       "counts (default %d; 0 keeps nothing).\n",
                       DEFAULT_PORT, DEFAULT_CACHE_MB);
            return 0;
        default:
            return usage_error(command);
        }
    }
    if (optind != argc)
        return usage_error(command);
    return -1;
}

static int
run_server(const char *dsn, const struct server_options *opt, size_t cache_mb)
{
    struct app *app = NULL;
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
    e = app_new(&app, dsn, cache_mb);
    if (e == ERR_OK)
        e = app_start_watcher(app);
    if (e == ERR_OK)
        e = server_run(app, opt);
    app_free(app);
    return err_exit_code(e);
}

int
cmd_serve(int argc, char **argv)
{
    struct server_options opt;
    const char *db = NULL;
    size_t cache_mb;
    int rc = parse_serve_options(argc, argv, "serve", &db, &opt, &cache_mb);
    if (rc >= 0)
        return rc;
    return run_server(cli_db_path(db), &opt, cache_mb);
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
    struct server_options opt;
    const char *db = NULL;
    size_t cache_mb;
    int rc = parse_serve_options(argc, argv, "demo", &db, &opt, &cache_mb);
    if (rc >= 0)
        return rc;
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
    return run_server(db, &opt, cache_mb);
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
