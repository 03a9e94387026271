/* An action made readable for its page: shared by the public page, submissions, the submit
 * form's preview and the published versions (templates: action_body.html). */
#ifndef LOCALACTION_ACTION_VIEW_H
#define LOCALACTION_ACTION_VIEW_H

#include <jansson.h>

#include "web/page.h"

/** Adds to @a, an action as the API writes it, what its page shows: links, translated labels
 * and titles, dates and amounts as text. */
void action_view_enrich(struct page *p, json_t *a);

/** The action @record (in the import format; not changed) as action_view_enrich() leaves an
 * API action, its governments linked when they exist; NULL when the record is not valid. */
json_t *action_view_from_record(struct page *p, json_t *record);

/** @date ("2022", "2022-05", "2022-05-17" or "tbc"; may be NULL) written for people in the
 * page's language ("17 May 2022"), as a JSON string (null for NULL). */
json_t *action_view_date(const struct page *p, const char *date);

#endif
