/* Writes records out: as the JSON and CSV that import reads back (export), and as the JSON the
 * API serves. One writer per record type, so export and import cannot drift apart. */
#ifndef LOCALACTION_RECORD_H
#define LOCALACTION_RECORD_H

#include "domain/model.h"
#include "util/buf.h"

enum record_style {
    RECORD_EXPORT,   /* the import format, with "type" */
    RECORD_API_FULL, /* the import format plus derived fields (government slugs, regions) */
    RECORD_API_CARD, /* the fields a result list shows */
};

/** Appends @a as one JSON object. Governments must carry names (and slugs for the API). */
void record_action_json(struct buf *out, const struct action *a, enum record_style style);

/** The API JSON of an action in two parts, so the store keeps its long texts once: the head
 * (an opening brace and the fields external_id to description, from the columns) and the rest
 * (from ",\"language\"" to the closing brace), which the store keeps ready-made.
 * record_action_api_head() + record_action_api_rest() == record_action_json(RECORD_API_FULL). */
void record_action_api_head(struct buf *out, const char *external_id, const char *kind,
                            const char *title, const char *summary, const char *description);
void record_action_api_rest(struct buf *out, const struct action *a);
void record_government_json(struct buf *out, const struct government *g, enum record_style style);

/** CSV: the header line and one line per record, each ending in "\r\n" (RFC 4180). */
void record_action_csv_header(struct buf *out);
void record_action_csv(struct buf *out, const struct action *a);
void record_government_csv_header(struct buf *out);
void record_government_csv(struct buf *out, const struct government *g);

/** A fingerprint of an action as 32 hex digits, from its texts and @rest, its API JSON after
 * the description written without times (record_action_api_rest() with created_at and
 * updated_at 0): importing the same content again changes nothing. */
void record_action_fingerprint(const struct action *a, const char *rest, size_t rest_len,
                               char out[65]);

/** Adds a's times to @rest, written by record_action_api_rest() without them: the same bytes
 * as writing it with them. */
void record_action_api_add_times(struct buf *rest, const struct action *a);

#endif
