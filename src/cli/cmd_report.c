/* localaction report: a forum report or a government profile written from the database, with
 * no server running. It builds an app over --db (as serve does, without its threads) and asks
 * the API in-process, so the file says what the website would. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/report.h"
#include "util/log.h"
#include "web/page.h"

static int
usage_error(void)
{
    fprintf(stderr, "see 'localaction report --help'\n");
    return CLI_EXIT_USAGE;
}

static void
print_help(void)
{
    printf("usage: localaction report (--forum SLUG | --government SLUG)\n"
           "                          [--format html|pdf|md] [--lang en|fr|es]\n"
           "                          [--output FILE] [--db PATH]\n\n"
           "Writes, from the data alone, the report of a review forum (its figures, the\n"
           "local governments by region, the activities at a glance and who spoke, the\n"
           "actions by GCM objective and the progress of these and earlier pledges), or\n"
           "the profile of a government (its actions, targets and progress, and the\n"
           "forums it took part in), an input to a Voluntary Local Review.\n\n"
           "  --forum SLUG       the forum (see /api/v1/forums)\n"
           "  --government SLUG  the government (see /api/v1/governments)\n"
           "  --format           html (one file with its stylesheet), pdf (A4, fonts\n"
           "                     embedded) or md (Markdown); default: from the extension of\n"
           "                     --output, else html\n"
           "  --lang             the report's language (default en)\n"
           "  --output, -o FILE  where to write it (default: standard output; a PDF is not\n"
           "                     written to a terminal)\n\n"
           "exit codes: 0 written; 1 too large to report; 2 usage error; 3 no such\n"
           "database, forum or government; 4 the file cannot be written; 5 database error.\n");
}

/* The format an output file's extension names, if any. */
static bool
format_of_file(const char *path, enum report_format *out)
{
    const char *dot = path != NULL ? strrchr(path, '.') : NULL;
    if (dot == NULL)
        return false;
    if (strcmp(dot, ".htm") == 0 || strcmp(dot, ".html") == 0)
        return report_format_from("html", out);
    if (strcmp(dot, ".markdown") == 0)
        return report_format_from("md", out);
    return report_format_from(dot + 1, out);
}

/* Writes @out to @path (or standard output when NULL); false after logging. */
static bool
write_all(const char *path, const struct buf *out)
{
    FILE *fp = path != NULL ? fopen(path, "wb") : stdout;
    if (fp == NULL) {
        log_errno("cannot open '%s'", path);
        return false;
    }
    bool ok = fwrite(out->data, 1, out->len, fp) == out->len;
    ok = fflush(fp) == 0 && ok;
    if (path != NULL)
        ok = fclose(fp) == 0 && ok;
    if (!ok)
        log_errno("cannot write '%s'", path != NULL ? path : "standard output");
    return ok;
}

int
cmd_report(int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"forum", required_argument, NULL, 'f'},
                                            {"government", required_argument, NULL, 'g'},
                                            {"format", required_argument, NULL, 'F'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"output", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {0}};
    const char *db = NULL, *forum = NULL, *government = NULL, *output = NULL;
    enum report_format format = REPORT_HTML;
    bool format_given = false;
    enum lang lang = LANG_EN;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'f':
            forum = optarg;
            break;
        case 'g':
            government = optarg;
            break;
        case 'F':
            if (!report_format_from(optarg, &format)) {
                log_error("--format must be html, pdf or md");
                return usage_error();
            }
            format_given = true;
            break;
        case 'l':
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "fr") != 0 &&
                strcmp(optarg, "es") != 0) {
                log_error("--lang must be en, fr or es");
                return usage_error();
            }
            (void)lang_from_code(optarg, strlen(optarg), &lang);
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            print_help();
            return 0;
        default:
            return usage_error();
        }
    }
    if (optind != argc || (forum == NULL) == (government == NULL)) {
        log_error("report needs one of --forum SLUG or --government SLUG");
        return usage_error();
    }
    if (!format_given && !format_of_file(output, &format))
        format = REPORT_HTML;
    if (format == REPORT_PDF && output == NULL && isatty(STDOUT_FILENO)) {
        log_error("a PDF is not written to a terminal: give --output FILE or redirect");
        return usage_error();
    }
    if (!cli_database_exists(cli_db_path(db)))
        return err_exit_code(ERR_NOT_FOUND);

    char why[400];
    enum err e = web_load(why, sizeof(why));
    if (e != ERR_OK) {
        log_error("cannot load the templates: %s", why);
        return err_exit_code(e);
    }
    struct app *app = NULL;
    e = app_new(&app, cli_db_path(db), 0);
    if (e != ERR_OK) {
        log_error("cannot read the database %s", cli_db_path(db));
        return err_exit_code(e);
    }
    struct buf out;
    buf_init(&out, LIMIT_REPORT_BYTES);
    e = report_write(app, forum != NULL ? REPORT_FORUM : REPORT_GOVERNMENT,
                     forum != NULL ? forum : government, lang, format, &out, why, sizeof(why));
    if (e != ERR_OK)
        log_error("%s", why);
    else if (!write_all(output, &out))
        e = ERR_IO;
    buf_release(&out);
    app_free(app);
    return err_exit_code(e);
}
