/* What the forum pages and the action page share (forum_view.c). */
#ifndef LOCALACTION_FORUM_VIEW_H
#define LOCALACTION_FORUM_VIEW_H

#include <jansson.h>

#include "web/page.h"

/** The topic of Progress Declaration paragraph @index (taxonomy_paragraph()) in the page's
 * language, else in English. */
const char *forum_view_paragraph_topic(const struct page *p, int index);

/** Adds to @a, an action as the API writes it, "forum_list" [{name, href}] and
 * "paragraph_list" [{number, topic, href}] for its page. */
void forum_view_action_links(struct page *p, json_t *a);

#endif
