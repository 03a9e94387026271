/* The subcommands of the localaction binary. Each takes its own argv (argv[0] is the command
 * name) and returns the process exit code. */
#ifndef LOCALACTION_CLI_H
#define LOCALACTION_CLI_H

#define CLI_EXIT_USAGE   2 /* unknown option or command */
#define CLI_EXIT_PARTIAL 6 /* --partial import: some records rejected, the rest written */

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_stats(int argc, char **argv);

/** The database to use: @flag (from --db) if given, else $LOCALACTION_DB, else
 * "localaction.db". */
const char *cli_db_path(const char *flag);

#endif
