/* Turns the query parameters of an action list into an index query (docs/api.md), and writes
 * facet counts. Shared by every handler that lists actions. */
#ifndef LOCALACTION_FILTERS_H
#define LOCALACTION_FILTERS_H

#include <stdbool.h>

#include "http/server.h"
#include "index/index.h"

/** Reads the filter, sort, paging and facet parameters into @q. On a bad value answers 400 in
 * @res and returns false. *text is the full-text query or NULL. With @paging false, sort,
 * limit, cursor and facets are not parameters. */
bool filters_parse(struct request *req, struct response *res, const struct index *ix,
                   struct index_query *q, bool paging, const char **text);

const char *filters_sort_name(enum index_sort sort);

/** Appends to @out a key naming what @q's facet counts depend on (the selected values, the
 * search text @text, the facet limit and the dimensions counted), the same however the
 * request spelled them. */
void filters_key(struct buf *out, const struct index_query *q, const char *text);

/** Appends `,"facets":{...}` for the dimensions @q asked to count (nothing when none). */
void filters_write_facets(struct buf *b, const struct index *ix, const struct index_query *q,
                          const struct index_result *r);

/** Value @v of dimension @d as the API writes it ("7", "002", "sao-paulo-br", "2022"), with its
 * English label in *label; years are written into @year. */
const char *filters_value_text(const struct index *ix, enum dim d, int v, char year[12],
                               const char **label);

/** Appends one facet list: [{"value","label","count"}, ...] for dimension @d. */
void filters_write_facet(struct buf *b, const struct index *ix, enum dim d,
                         const struct index_result *r);

#endif
