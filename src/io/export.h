/* Writes the store's records in the import formats (see docs/data-format.md). */
#ifndef LOCALACTION_EXPORT_H
#define LOCALACTION_EXPORT_H

#include <stdio.h>

#include "store/store.h"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_JSONL };
enum export_what { EXPORT_ACTIONS, EXPORT_GOVERNMENTS, EXPORT_ALL };

struct export_options {
    enum export_format format;
    enum export_what what; /* EXPORT_ALL only for JSON formats */
};

/** Writes every record (all publication states), governments before actions, to @fp. */
WARN_UNUSED enum err export_write(struct store *st, FILE *fp, const struct export_options *opt);

#endif
