/* Names and exit codes for enum err: the one place that maps errors to process exit codes. */
#include "err.h"

const char *
err_name(enum err e)
{
    switch (e) {
    case ERR_OK:
        return "ok";
    case ERR_INVALID:
        return "invalid";
    case ERR_NOT_FOUND:
        return "not found";
    case ERR_CONFLICT:
        return "conflict";
    case ERR_TOO_BIG:
        return "too big";
    case ERR_IO:
        return "i/o error";
    case ERR_DB:
        return "database error";
    }
    return "unknown error";
}

int
err_exit_code(enum err e)
{
    switch (e) {
    case ERR_OK:
        return 0;
    case ERR_INVALID:
    case ERR_TOO_BIG:
    case ERR_CONFLICT:
        return 1; /* the input was rejected */
    case ERR_NOT_FOUND:
        return 3;
    case ERR_IO:
        return 4;
    case ERR_DB:
        return 5;
    }
    return 5;
}
