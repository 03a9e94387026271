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

/** A fingerprint of @len bytes of record text as 32 hex digits: the importer hashes an
 * action's JSON without its times, so importing the same content changes nothing. */
void record_hash(const char *text, size_t len, char out[65]);

#endif
