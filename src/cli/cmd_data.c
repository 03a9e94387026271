/* The data commands: init, import, export and stats. They parse options, open the store and
 * hand the work to src/io/; the summary a person reads is printed here. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/export.h"
#include "io/import.h"
#include "store/store.h"
#include "util/log.h"

const char *
cli_db_path(const char *flag)
{
    if (flag != NULL)
        return flag;
    const char *env = getenv("LOCALACTION_DB");
    return env != NULL && *env != '\0' ? env : "localaction.db";
}

/* Whether the database file exists: reading commands refuse to create an empty one. */
bool
cli_database_exists(const char *path)
{
    if (strncmp(path, "sqlite:", 7) == 0)
        path += 7;
    if (access(path, F_OK) == 0)
        return true;
    log_error("database '%s' does not exist (create it with 'localaction init' or "
              "'localaction import')",
              path);
    return false;
}

static int
usage_error(const char *command)
{
    fprintf(stderr, "see 'localaction %s --help'\n", command);
    return CLI_EXIT_USAGE;
}

int
cmd_init(int argc, char **argv)
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
            printf("usage: localaction init [--db PATH]\n\n"
                   "Creates the database, or applies the migrations it lacks.\n");
            return 0;
        } else {
            return usage_error("init");
        }
    }
    if (optind != argc)
        return usage_error("init");
    struct store *st = NULL;
    enum err e = store_open(&st, cli_db_path(db));
    if (e != ERR_OK)
        return err_exit_code(e);
    store_close(st);
    printf("database %s is ready\n", cli_db_path(db));
    return 0;
}

static void
print_summary(const char *path, const struct import_summary *s, enum err e, bool partial)
{
    printf("%s: %zu read, %zu inserted, %zu updated, %zu unchanged, %zu rejected", path, s->read,
           s->inserted, s->updated, s->unchanged, s->rejected);
    if (s->governments_created > 0)
        printf("; %zu governments created", s->governments_created);
    if (e != ERR_OK && !partial)
        printf(" (nothing written)");
    printf("\n");
}

int
cmd_import(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},   {"format", required_argument, NULL, 'f'},
        {"type", required_argument, NULL, 't'}, {"partial", no_argument, NULL, 'p'},
        {"strict", no_argument, NULL, 's'},     {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},       {0}};
    struct import_options opt = {0};
    const char *db = NULL;
    bool quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "csv") == 0)
                opt.format = IMPORT_CSV;
            else if (strcmp(optarg, "json") == 0)
                opt.format = IMPORT_JSON;
            else if (strcmp(optarg, "jsonl") == 0)
                opt.format = IMPORT_JSONL;
            else {
                log_error("--format must be csv, json or jsonl");
                return usage_error("import");
            }
            break;
        case 't':
            if (strcmp(optarg, "actions") == 0)
                opt.type = IMPORT_TYPE_ACTIONS;
            else if (strcmp(optarg, "governments") == 0)
                opt.type = IMPORT_TYPE_GOVERNMENTS;
            else if (strcmp(optarg, "progress") == 0)
                opt.type = IMPORT_TYPE_PROGRESS;
            else {
                log_error("--type must be actions, governments or progress");
                return usage_error("import");
            }
            break;
        case 'p':
            opt.partial = true;
            break;
        case 's':
            opt.strict = true;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            printf("usage: localaction import [--db PATH] [--format csv|json|jsonl]\n"
                   "                          [--type actions|governments|progress] [--partial] "
                   "[--strict] [--quiet] FILE...\n\n"
                   "FILE may be - for standard input (then --format says what it holds).\n"
                   "Imports each FILE in one transaction: a file goes in whole, or not at all\n"
                   "when any record is bad (each reported as FILE:ROW: FIELD: reason).\n"
                   "Records are matched on external_id (actions), name and country\n"
                   "(governments) or id (progress updates), so importing a file twice changes\n"
                   "nothing.\n\n"
                   "  --format    the file's format (default: from its extension)\n"
                   "  --type      what a CSV file holds (default: actions if it has a title "
                   "column,\n"
                   "              progress updates if it has action and date columns)\n"
                   "  --partial   write the good records even when some are rejected (exit 6)\n"
                   "  --strict    reject actions naming a government not yet registered\n"
                   "  --quiet     no progress bar\n\n"
                   "The format of each field is described in docs/data-format.md.\n");
            return 0;
        default:
            return usage_error("import");
        }
    }
    if (optind == argc) {
        log_error("import needs a FILE");
        return usage_error("import");
    }
    opt.errors = stderr;
    opt.progress = !quiet && isatty(STDERR_FILENO);
    struct store *st = NULL;
    enum err e = store_open(&st, cli_db_path(db));
    if (e != ERR_OK)
        return err_exit_code(e);
    e = store_bulk_mode(st, true);
    int status = 0;
    for (int i = optind; i < argc && e == ERR_OK; i++) {
        struct import_summary sum;
        enum err r = import_file(st, argv[i], &opt, &sum);
        if (r == ERR_OK || r == ERR_INVALID)
            print_summary(argv[i], &sum, r, opt.partial);
        if (r == ERR_INVALID && opt.partial && status == 0)
            status = CLI_EXIT_PARTIAL;
        else if (r != ERR_OK)
            status = err_exit_code(r);
        if (r != ERR_OK && r != ERR_INVALID)
            break;
    }
    if (e != ERR_OK) {
        log_error("cannot prepare the database: %s", store_errmsg(st));
        status = err_exit_code(e);
    }
    store_close(st);
    return status;
}

int
cmd_export(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},   {"format", required_argument, NULL, 'f'},
        {"type", required_argument, NULL, 't'}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},       {0}};
    struct export_options opt = {.format = EXPORT_JSONL, .what = EXPORT_ALL};
    const char *db = NULL, *output = NULL;
    bool format_given = false, type_given = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'f':
            format_given = true;
            if (strcmp(optarg, "csv") == 0)
                opt.format = EXPORT_CSV;
            else if (strcmp(optarg, "json") == 0)
                opt.format = EXPORT_JSON;
            else if (strcmp(optarg, "jsonl") == 0)
                opt.format = EXPORT_JSONL;
            else if (strcmp(optarg, "grf-csv") == 0)
                opt.format = EXPORT_GRF_CSV;
            else {
                log_error("--format must be csv, json, jsonl or grf-csv");
                return usage_error("export");
            }
            break;
        case 't':
            type_given = true;
            if (strcmp(optarg, "actions") == 0)
                opt.what = EXPORT_ACTIONS;
            else if (strcmp(optarg, "governments") == 0)
                opt.what = EXPORT_GOVERNMENTS;
            else if (strcmp(optarg, "progress") == 0)
                opt.what = EXPORT_PROGRESS;
            else if (strcmp(optarg, "all") == 0)
                opt.what = EXPORT_ALL;
            else {
                log_error("--type must be actions, governments, progress or all");
                return usage_error("export");
            }
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            printf("usage: localaction export [--db PATH] [--format csv|json|jsonl|grf-csv]\n"
                   "                          [--type actions|governments|progress|all]"
                   " [--output FILE]\n\n"
                   "Writes every record (all publication states) in the import format, so the\n"
                   "output imports back unchanged. Default: JSON Lines of governments, forums,\n"
                   "actions and progress updates (--type all); CSV holds one type (default\n"
                   "actions).\n"
                   "--format grf-csv writes the published actions for the Global Refugee Forum:\n"
                   "their status in its words and their progress (not an import format).\n");
            return 0;
        default:
            return usage_error("export");
        }
    }
    if (optind != argc)
        return usage_error("export");
    if (!format_given && output != NULL) {
        const char *dot = strrchr(output, '.');
        if (dot != NULL && strcmp(dot, ".csv") == 0)
            opt.format = EXPORT_CSV;
        else if (dot != NULL && strcmp(dot, ".json") == 0)
            opt.format = EXPORT_JSON;
    }
    if ((opt.format == EXPORT_CSV || opt.format == EXPORT_GRF_CSV) && !type_given)
        opt.what = EXPORT_ACTIONS;
    if (opt.format == EXPORT_GRF_CSV && opt.what != EXPORT_ACTIONS) {
        log_error("--format grf-csv writes actions only");
        return usage_error("export");
    }
    if (opt.format == EXPORT_CSV && opt.what == EXPORT_ALL) {
        log_error("a CSV file holds one type: --type actions or --type governments");
        return usage_error("export");
    }
    if (!cli_database_exists(cli_db_path(db)))
        return err_exit_code(ERR_NOT_FOUND);
    struct store *st = NULL;
    enum err e = store_open(&st, cli_db_path(db));
    if (e != ERR_OK)
        return err_exit_code(e);
    FILE *fp = stdout;
    if (output != NULL) {
        fp = fopen(output, "wb");
        if (fp == NULL) {
            log_errno("cannot open '%s'", output);
            store_close(st);
            return err_exit_code(ERR_IO);
        }
    }
    e = export_write(st, fp, &opt);
    if (fflush(fp) != 0 && e == ERR_OK) {
        log_errno("cannot write '%s'", output ? output : "standard output");
        e = ERR_IO;
    }
    if (output != NULL && fclose(fp) != 0 && e == ERR_OK)
        e = ERR_IO;
    store_close(st);
    return err_exit_code(e);
}
