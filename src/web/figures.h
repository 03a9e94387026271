/* The figures and charts drawn from /api/v1/stats, shared by the home and statistics pages. */
#ifndef LOCALACTION_FIGURES_H
#define LOCALACTION_FIGURES_H

#include <jansson.h>

#include "web/page.h"

/** Adds "figures": [{value, label}] (published actions, governments, countries, regions,
 * endorsements) from the stats answer @stats. */
void figures_headline(struct page *p, const json_t *stats);

/** Adds "<name>": {"svg", "rows": [{label, href, count}]}: bars of actions by GCM objective. */
void figures_objective_chart(struct page *p, const json_t *stats, const char *name);

/** Adds "<name>": {"svg", "rows"} for a stats group @group ("by_region", "by_year", ...) of
 * dimension @d, drawn as bars, or as columns when @columns. Links go to the filtered list
 * through @param (NULL: no links). */
void figures_group_chart(struct page *p, const json_t *stats, const char *group, enum dim d,
                         const char *param, bool columns, const char *name, const char *title_key);

#endif
