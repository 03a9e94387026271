/* The parts of the report documents (report_forum.c, report_government.c, report_parts.c):
 * each builds a piece of the JSON document from API answers already fetched. */
#ifndef LOCALACTION_REPORT_PARTS_H
#define LOCALACTION_REPORT_PARTS_H

#include <jansson.h>

#include "report/model_util.h"

/** The forum report's document for forum @slug, or NULL after recording a failure in @c. */
json_t *report_forum_document(struct model_ctx *c, const char *slug);
/** The government profile's document for government @slug, or NULL after a failure. */
json_t *report_government_document(struct model_ctx *c, const char *slug);

/** [{"code", "label", "count"}]: actions by implementation status from the "status" facet of
 * @facets. */
json_t *report_status_rows(struct model_ctx *c, const json_t *facets);

/** {"total", "tracked", "stale", "rows": [{"status", "label", "count"}]}: how many of the
 * actions @cards are on track, behind, overdue, achieved or without data, from their progress
 * blocks @progress (one per card). */
json_t *report_progress_summary(struct model_ctx *c, const json_t *cards, const json_t *progress);

/** [{"name", "slug", "dates", "actions", "progress": summary}]: the forums of the list answer
 * @forums that ended before @forum began (or, for a forum without dates yet, before today) and
 * received actions, most recent first, with the progress of their actions. */
json_t *report_earlier_forums(struct model_ctx *c, const json_t *forums, const json_t *forum);

/** Numbers the sections of document @doc ("1. Overview") after the parts it holds: adds
 * "sections" [{"id", "title"}], "titles" {id: title}, and a "heading" to each day and
 * objective group ("4.1 16 May 2022"). */
void report_add_sections(struct model_ctx *c, json_t *doc);

#endif
