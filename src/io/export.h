/* Writes the store's records in the import formats (see docs/data-format.md). */
#ifndef LOCALACTION_EXPORT_H
#define LOCALACTION_EXPORT_H

#include <stdio.h>

#include "store/store.h"

enum export_format {
    EXPORT_CSV,
    EXPORT_JSON,
    EXPORT_JSONL,
    EXPORT_GRF_CSV, /* published actions for the Global Refugee Forum (export_grf.c) */
};
enum export_what { EXPORT_ACTIONS, EXPORT_GOVERNMENTS, EXPORT_PROGRESS, EXPORT_ALL };

struct export_options {
    enum export_format format;
    enum export_what what; /* EXPORT_ALL only for JSON formats */
};

/** Writes every record (all publication states), governments, then actions, then progress
 * updates, to @fp; with EXPORT_GRF_CSV, the published actions as export_grf_csv() writes
 * them. */
WARN_UNUSED enum err export_write(struct store *st, FILE *fp, const struct export_options *opt);

/** Writes every published action as a CSV for the Global Refugee Forum's pledge reporting:
 * external_id, title, lead government and country, GCR objectives, implementation_status,
 * grf_status (the GRF's words; empty for discontinued), the progress percent, status, last
 * update and stale flag computed on day @today. A report, not an import format. */
WARN_UNUSED enum err export_grf_csv(struct store *st, FILE *fp, int64_t today);

#endif
