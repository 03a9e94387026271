/* localaction: argv[1] picks a command from the table; the commands live in src/cli/. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/taxonomy.h"
#include "util/log.h"

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"init", cmd_init, "create an empty database (or bring its schema up to date)"},
    {"import", cmd_import, "import actions or governments from CSV, JSON or JSON Lines"},
    {"export", cmd_export, "write actions or governments as CSV, JSON or JSON Lines"},
    {"serve", cmd_serve, "serve the website and the JSON API"},
    {"demo", cmd_demo, "load the IMRF 2022 demo data into a fresh database and serve it"},
    {"stats", cmd_stats, "print counts of what the database holds"},
    {"user", cmd_user, "add an account (the first admin) from the command line"},
    {"report", cmd_report, "write a forum report or a government profile (HTML, PDF, Markdown)"},
};

static void
usage(FILE *fp)
{
    fprintf(fp, "usage: localaction COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(fp, "\n'localaction COMMAND --help' describes a command's options.\n"
                "The database is --db PATH, else $LOCALACTION_DB, else ./localaction.db.\n\n"
                "exit codes: 0 success; 1 input rejected, nothing written; 2 usage error;\n"
                "3 not found (a database that does not exist); 4 file error;\n"
                "5 database error; 6 partial import (some records rejected, the rest written).\n");
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (taxonomy_init() != ERR_OK) {
            log_error("cannot load the built-in reference data");
            return 5;
        }
        return commands[i].fn(argc - 1, argv + 1);
    }
    log_error("'%s' is not a command; see 'localaction --help'", argv[1]);
    return CLI_EXIT_USAGE;
}
