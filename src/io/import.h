/* Imports a file of actions, governments, forums or progress updates (CSV, JSON array, JSON
 * Lines) into the store: every record validated with the shared rules, governments resolved by
 * name and country, actions and updates upserted on external id, all inside one transaction. */
#ifndef LOCALACTION_IMPORT_H
#define LOCALACTION_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store/store.h"
#include "util/err.h"

enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_JSON, IMPORT_JSONL };
/* forums come only in JSON and JSON Lines, as {"type": "forum", ...} */
enum import_type {
    IMPORT_TYPE_AUTO,
    IMPORT_TYPE_ACTIONS,
    IMPORT_TYPE_GOVERNMENTS,
    IMPORT_TYPE_FORUMS,
    IMPORT_TYPE_PROGRESS, /* progress updates */
};

struct import_options {
    enum import_format format;
    enum import_type type; /* for CSV; JSON records say their own type */
    bool partial;          /* write the good records even when some are bad */
    bool strict;           /* reject actions naming unknown governments */
    bool progress;         /* draw a progress bar on stderr */
    FILE *errors;          /* where rejected rows are reported */
};

struct import_summary {
    size_t read, inserted, updated, unchanged, rejected;
    size_t governments_created;
};

/** Imports @path (its label in messages) from @data, @len bytes. Returns ERR_OK when every
 * record went in; ERR_INVALID when some were rejected (with --partial the rest were written,
 * else nothing was); other errors when the store failed, and then nothing was written. */
WARN_UNUSED enum err import_buffer(struct store *st, const char *path, const char *data, size_t len,
                                   const struct import_options *opt, struct import_summary *sum);

/** Reads @path (at most LIMIT_IMPORT_FILE_BYTES) and imports it. */
WARN_UNUSED enum err import_file(struct store *st, const char *path,
                                 const struct import_options *opt, struct import_summary *sum);

#endif
