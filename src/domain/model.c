/* Constructors, destructors and code tables of the record types in model.h. */
#include "domain/model.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

const char *const gov_kind_codes[GOV_KIND_COUNT] = {"city", "municipality", "metropolitan_area",
                                                    "region", "association"};
const char *const gov_kind_labels[GOV_KIND_COUNT] = {"City", "Municipality", "Metropolitan area",
                                                     "Region", "Association or network"};
const char *const action_kind_codes[ACTION_KIND_COUNT] = {"pledge", "practice"};
const char *const action_kind_labels[ACTION_KIND_COUNT] = {"Pledge", "Practice"};
const char *const publication_state_codes[PUB_STATE_COUNT] = {"draft", "submitted", "published",
                                                              "declined", "withdrawn"};
const char *const impl_status_codes[IMPL_STATUS_COUNT] = {"planned", "in_progress", "completed",
                                                          "discontinued"};
const char *const impl_status_labels[IMPL_STATUS_COUNT] = {"Planned", "In progress", "Completed",
                                                           "Discontinued"};

int
model_code_find(const char *const *codes, int n, const char *s, size_t len)
{
    for (int i = 0; i < n; i++)
        if (text_ieq(s, len, codes[i]))
            return i;
    return -1;
}

void
string_list_add(struct string_list *l, const char *s, size_t len)
{
    l->items = xreallocarray(l->items, l->count + 1, sizeof(*l->items));
    l->items[l->count++] = xstrndup(s, len);
}

void
string_list_release(struct string_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

void
government_init(struct government *g)
{
    memset(g, 0, sizeof(*g));
    g->country = -1;
}

void
government_release(struct government *g)
{
    free(g->slug);
    free(g->name);
    free(g->subdivision);
    free(g->website);
    string_list_release(&g->networks);
    for (size_t i = 0; i < g->n_endorsements; i++) {
        free(g->endorsements[i].declaration);
        free(g->endorsements[i].signatory_name);
        free(g->endorsements[i].signatory_title);
    }
    free(g->endorsements);
    government_init(g);
}

void
action_init(struct action *a)
{
    memset(a, 0, sizeof(*a));
    a->publication = PUB_PUBLISHED;
    memcpy(a->language, "en", 3);
}

void
action_release(struct action *a)
{
    free(a->external_id);
    free(a->title);
    free(a->summary);
    free(a->description);
    for (size_t i = 0; i < a->n_governments; i++) {
        free(a->governments[i].name);
        free(a->governments[i].slug);
    }
    free(a->governments);
    string_list_release(&a->partners);
    string_list_release(&a->forums);
    free(a->source);
    free(a->source_url);
    for (size_t i = 0; i < a->n_indicators; i++) {
        free(a->indicators[i].name);
        free(a->indicators[i].unit);
    }
    free(a->indicators);
    action_init(a);
}
