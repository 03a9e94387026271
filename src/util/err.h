/* The program's single error type: every fallible function returns it. */
#ifndef LOCALACTION_ERR_H
#define LOCALACTION_ERR_H

#define WARN_UNUSED           __attribute__((warn_unused_result))
#define ATTR_PRINTF(fmt, arg) __attribute__((format(printf, fmt, arg)))
#define ARRAY_LEN(a)          (sizeof(a) / sizeof((a)[0]))

enum err {
    ERR_OK = 0,
    ERR_INVALID,   /* malformed or out-of-range input */
    ERR_NOT_FOUND, /* the thing asked for does not exist */
    ERR_CONFLICT,  /* the request contradicts stored state */
    ERR_TOO_BIG,   /* a limit from limits.h was hit */
    ERR_IO,        /* a file or socket failed */
    ERR_DB,        /* the storage backend failed; store_errmsg() says why */
};

/** Short lower-case name of @e, for logs ("invalid", "not found"). */
const char *err_name(enum err e);

/** The process exit code for @e, as documented in `localaction --help`. */
int err_exit_code(enum err e);

#endif
