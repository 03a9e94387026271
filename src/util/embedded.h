/* Files from data/ compiled into the binary (see cmake/embed.cmake). */
#ifndef LOCALACTION_EMBEDDED_H
#define LOCALACTION_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name; /* path under data/, e.g. "reference/countries.tsv" */
    const char *data; /* NUL-terminated; static */
    size_t len;
};

/** The table, ended by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/** The embedded file called @name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
