/* The subcommands of the localaction binary. Each takes its own argv (argv[0] is the command
 * name) and returns the process exit code. */
#ifndef LOCALACTION_CLI_H
#define LOCALACTION_CLI_H

#include <stdbool.h>

#define CLI_EXIT_USAGE   2 /* unknown option or command */
#define CLI_EXIT_PARTIAL 6 /* --partial import: some records rejected, the rest written */

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_report(int argc, char **argv);

/** Whether the database at @path exists; logs how to create it when not. Commands that only
 * read refuse to create an empty database by accident. */
bool cli_database_exists(const char *path);

/** The database to use: @flag (from --db) if given, else $LOCALACTION_DB, else
 * "localaction.db". */
const char *cli_db_path(const char *flag);

#endif
