/* Logging to stderr: one line per event, prefixed with the program name. Lower layers do not
 * log; the command or handler that decides what the user sees does, once. */
#ifndef LOCALACTION_LOG_H
#define LOCALACTION_LOG_H

#include "err.h"

void log_info(const char *fmt, ...) ATTR_PRINTF(1, 2);
void log_error(const char *fmt, ...) ATTR_PRINTF(1, 2);
/** Like log_error(), followed by ": " and strerror(errno). */
void log_errno(const char *fmt, ...) ATTR_PRINTF(1, 2);
/** Silences log_info() (for `--quiet`). */
void log_set_quiet(int quiet);

#endif
