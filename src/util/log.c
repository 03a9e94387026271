/* stderr logging; see log.h. Each line is written with one call so threads do not interleave. */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int quiet;

void
log_set_quiet(int q)
{
    quiet = q;
}

static void vlog(const char *fmt, va_list ap, const char *suffix) ATTR_PRINTF(1, 0);

static void
vlog(const char *fmt, va_list ap, const char *suffix)
{
    char line[1024];
    int n = snprintf(line, sizeof(line), "localaction: ");
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    if (m < 0)
        m = 0;
    size_t used = (size_t)n + (size_t)m;
    if (used >= sizeof(line))
        used = sizeof(line) - 1;
    if (suffix != NULL) {
        int k = snprintf(line + used, sizeof(line) - used, ": %s", suffix);
        if (k > 0)
            used += (size_t)k;
        if (used >= sizeof(line))
            used = sizeof(line) - 1;
    }
    fprintf(stderr, "%.*s\n", (int)used, line);
}

void
log_info(const char *fmt, ...)
{
    va_list ap;
    if (quiet)
        return;
    va_start(ap, fmt);
    vlog(fmt, ap, NULL);
    va_end(ap);
}

void
log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(fmt, ap, NULL);
    va_end(ap);
}

void
log_errno(const char *fmt, ...)
{
    va_list ap;
    const char *reason = strerror(errno);
    va_start(ap, fmt);
    vlog(fmt, ap, reason);
    va_end(ap);
}
