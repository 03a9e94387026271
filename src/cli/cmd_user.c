/* localaction user add: creates an account from the command line, such as the first admin,
 * who then signs in on the website and invites the rest. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "auth/password.h"
#include "auth/secret.h"
#include "cli/cli.h"
#include "store/accounts.h"
#include "util/log.h"
#include "web/i18n.h"

static int
usage_error(void)
{
    fprintf(stderr, "usage: localaction user add --email EMAIL --role ROLE [--name NAME]\n"
                    "                            [--government SLUG] [--lang en|fr|es]\n"
                    "                            [--password-stdin] [--db PATH]\n"
                    "see 'localaction user --help'\n");
    return CLI_EXIT_USAGE;
}

static void
help(void)
{
    printf("usage: localaction user add --email EMAIL --role ROLE [--name NAME]\n"
           "                            [--government SLUG] [--lang en|fr|es]\n"
           "                            [--password-stdin] [--db PATH]\n\n"
           "Creates an account. ROLE is admin, reviewer, donor, focal_point or\n"
           "network_coordinator; the last two need --government (the slug of a\n"
           "government in the registry). --lang is the language the account's mail is\n"
           "written in (English unless given; the person may change it on the account\n"
           "page).\n"
           "The password is asked on the terminal, or read from the first line of\n"
           "standard input with --password-stdin; it must be at least %d characters.\n"
           "Adding a role to an existing account keeps its password (and, without\n"
           "--lang, its language).\n",
           PASSWORD_MIN_CHARS);
}

/* One line of at most @cap-1 bytes from @fp into @out, without its newline. */
static bool
read_line(FILE *fp, char *out, size_t cap)
{
    if (fgets(out, (int)cap, fp) == NULL)
        return false;
    size_t len = strcspn(out, "\r\n");
    if (out[len] == '\0' && !feof(fp))
        return false; /* longer than allowed */
    out[len] = '\0';
    return true;
}

/* Asks on the terminal with echo off. */
static bool
prompt_password(char *out, size_t cap)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (tty == NULL)
        return false;
    struct termios old, quiet;
    bool restore = tcgetattr(fileno(tty), &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    }
    fputs("password: ", tty);
    fflush(tty);
    bool ok = read_line(tty, out, cap);
    if (restore)
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fputs("\n", tty);
    fclose(tty);
    return ok;
}

static int
user_add(int argc, char **argv)
{
    static const struct option options[] = {
        {"email", required_argument, NULL, 'e'},
        {"role", required_argument, NULL, 'r'},
        {"name", required_argument, NULL, 'n'},
        {"government", required_argument, NULL, 'g'},
        {"password-stdin", no_argument, NULL, 'p'},
        {"db", required_argument, NULL, 'd'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    const char *email = NULL, *role_name = NULL, *name = "", *government = NULL, *db = NULL;
    const char *lang_name = NULL;
    bool from_stdin = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'e':
            email = optarg;
            break;
        case 'r':
            role_name = optarg;
            break;
        case 'n':
            name = optarg;
            break;
        case 'g':
            government = optarg;
            break;
        case 'p':
            from_stdin = true;
            break;
        case 'd':
            db = optarg;
            break;
        case 'l':
            lang_name = optarg;
            break;
        case 'h':
            help();
            return 0;
        default:
            return usage_error();
        }
    }
    if (email == NULL || role_name == NULL || optind != argc)
        return usage_error();
    int role = -1;
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (strcmp(role_name, role_codes[r]) == 0)
            role = r;
    }
    if (role < 0) {
        log_error("--role: '%s' is not a role (admin, reviewer, donor, focal_point, "
                  "network_coordinator)",
                  role_name);
        return CLI_EXIT_USAGE;
    }
    enum lang lang = LANG_EN;
    if (lang_name != NULL && (strlen(lang_name) != 2 || !lang_from_code(lang_name, 2, &lang))) {
        log_error("--lang: '%s' is not a language of the site (en, fr, es)", lang_name);
        return CLI_EXIT_USAGE;
    }
    bool per_government = role == ROLE_FOCAL_POINT || role == ROLE_NETWORK_COORDINATOR;
    if (per_government != (government != NULL)) {
        log_error(per_government ? "--role %s needs --government SLUG"
                                 : "--role %s is not tied to a government",
                  role_name);
        return CLI_EXIT_USAGE;
    }
    if (strchr(email, '@') == NULL || strlen(email) > ACCOUNT_EMAIL_MAX) {
        log_error("--email: '%s' is not an e-mail address", email);
        return 1;
    }
    if (secret_init() != ERR_OK) {
        log_error("cannot initialise libsodium");
        return 5;
    }
    struct store *st = NULL;
    if (store_open(&st, cli_db_path(db)) != ERR_OK)
        return 5;
    int rc = 0;
    int64_t government_id = 0;
    struct user user;
    enum err e = store_user_find(st, email, &user);
    char password[PASSWORD_MAX_BYTES + 2], why[120], hash[PASSWORD_HASH_MAX];
    if (government != NULL) {
        struct government g;
        government_init(&g);
        e = store_government_load(st, government, 0, &g) == ERR_OK ? e : ERR_INVALID;
        government_id = g.id;
        government_release(&g);
        if (e == ERR_INVALID) {
            log_error("--government: there is no government '%s'", government);
            rc = 1;
            goto out;
        }
    }
    if (e == ERR_NOT_FOUND) {
        bool got = from_stdin ? read_line(stdin, password, sizeof(password))
                              : prompt_password(password, sizeof(password));
        if (!got) {
            log_error("no password given (on the terminal, or with --password-stdin)");
            rc = 1;
            goto out;
        }
        if (!password_acceptable(password, why, sizeof(why))) {
            log_error("the password is %s", why);
            rc = 1;
            goto out;
        }
        if (password_hash(password, hash) != ERR_OK) {
            log_error("cannot hash the password (out of memory)");
            rc = 5;
            goto out;
        }
        e = store_begin(st);
        if (e == ERR_OK)
            e = store_user_create(st, email, name, hash, (int64_t)time(NULL), &user.id);
    } else if (e == ERR_OK) {
        e = store_begin(st);
    }
    if (e == ERR_OK && lang_name != NULL)
        e = store_user_set_lang(st, user.id, lang_code(lang));
    if (e == ERR_OK)
        e = store_user_role_add(st, user.id, (enum role)role, government_id);
    if (e == ERR_OK)
        e = store_commit(st);
    if (e != ERR_OK) {
        log_error("cannot save the account: %s", store_errmsg(st));
        store_rollback(st);
        rc = 5;
        goto out;
    }
    printf("%s: %s%s%s\n", email, role_codes[role], government ? " of " : "",
           government ? government : "");
out:
    memset(password, 0, sizeof(password));
    store_close(st);
    return rc;
}

int
cmd_user(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        help();
        return 0;
    }
    return usage_error();
}
