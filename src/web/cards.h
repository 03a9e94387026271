/* Action cards as the pages show them: the API's list card plus what a reader needs beside
 * it (links, translated labels, objective titles). */
#ifndef LOCALACTION_CARDS_H
#define LOCALACTION_CARDS_H

#include <jansson.h>

#include "web/page.h"

/** Adds to the API card @card (in place): "href", "kind_label", "status_label",
 * "objectives" [{number, short, title, href}], and "href" on each of its governments. */
void cards_enrich(const struct page *p, json_t *card);
/** cards_enrich() on every card of the array @cards. */
void cards_enrich_all(const struct page *p, json_t *cards);

/** The published actions answering the list query @q (facets as @q asks) as the API's JSON,
 * with cards enriched; NULL with an error page set on failure. */
json_t *cards_query(struct page *p, struct index_query *q, const char *text);

#endif
