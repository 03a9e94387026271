/* Forums: their codes, release, the figures computed from their data and their JSON writer.
 * The writer has a fixed field order, so an exported forum imports back to the same bytes.
 * Validation lives with the other records' rules in validate.c. */
#include "domain/forum.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

const char *const forum_kind_codes[FORUM_KIND_COUNT] = {"imrf", "grf", "regional_review", "other"};
const char *const session_kind_codes[SESSION_KIND_COUNT] = {"official", "side_event",
                                                            "network_event"};
const char *const participant_role_codes[PART_ROLE_COUNT] = {
    "speaker",  "panellist",           "keynote",    "moderator",
    "delegate", "national_delegation", "participant"};

bool
participant_role_speaks(enum participant_role role)
{
    return role == PART_SPEAKER || role == PART_PANELLIST || role == PART_KEYNOTE ||
           role == PART_MODERATOR;
}

void
forum_init(struct forum *f)
{
    memset(f, 0, sizeof(*f));
    f->kind = FORUM_OTHER;
}

static void
gov_ref_release(struct gov_ref *g)
{
    free(g->name);
    free(g->slug);
    g->name = g->slug = NULL;
}

void
forum_release(struct forum *f)
{
    free(f->slug);
    free(f->name);
    free(f->place);
    free(f->description);
    for (size_t i = 0; i < f->n_governments; i++)
        gov_ref_release(&f->governments[i].ref);
    free(f->governments);
    for (size_t s = 0; s < f->n_sessions; s++) {
        struct forum_session *se = &f->sessions[s];
        free(se->slug);
        free(se->title);
        free(se->room);
        free(se->summary);
        for (size_t p = 0; p < se->n_participants; p++) {
            struct forum_participant *pa = &se->participants[p];
            gov_ref_release(&pa->government);
            free(pa->name);
            free(pa->title);
            free(pa->organisation);
        }
        free(se->participants);
    }
    free(f->sessions);
    forum_init(f);
}

const char *
forum_region_name(int country)
{
    if (country < 0)
        return NULL;
    const struct country *c = taxonomy_country(country);
    if (c->region < 0)
        return NULL;
    const struct region *r = taxonomy_region(c->region);
    if (strcmp(r->code, "019") == 0 && c->subregion >= 0)
        return taxonomy_subregion(c->subregion)->name;
    return r->name;
}

static bool
same_government(const struct gov_ref *a, const struct gov_ref *b)
{
    if (a->id != 0 && b->id != 0)
        return a->id == b->id;
    if (a->country != b->country || a->name == NULL || b->name == NULL)
        return false;
    struct buf ka, kb;
    buf_init(&ka, 4096);
    buf_init(&kb, 4096);
    text_fold_key(&ka, a->name, strlen(a->name));
    text_fold_key(&kb, b->name, strlen(b->name));
    bool same = strcmp(ka.data, kb.data) == 0;
    buf_release(&ka);
    buf_release(&kb);
    return same;
}

/* The forum government @p speaks for, or NULL. */
static const struct forum_government *
represented(const struct forum *f, const struct forum_participant *p)
{
    if (!p->has_government)
        return NULL;
    for (size_t i = 0; i < f->n_governments; i++)
        if (same_government(&f->governments[i].ref, &p->government))
            return &f->governments[i];
    return NULL;
}

/* Adds @name to the distinct names in @seen (at most @cap); returns the new count. */
static size_t
add_distinct(const char **seen, size_t n, size_t cap, const char *name)
{
    if (name == NULL)
        return n;
    for (size_t i = 0; i < n; i++)
        if (strcmp(seen[i], name) == 0)
            return n;
    if (n < cap)
        seen[n++] = name;
    return n;
}

void
forum_figures(const struct forum *f, size_t actions, struct forum_figures *out)
{
    /* at most a few hundred countries and a handful of regions exist */
    const char *countries[300], *regions[32];
    size_t n_countries = 0, n_regions = 0;

    memset(out, 0, sizeof(*out));
    out->actions = actions;
    for (size_t i = 0; i < f->n_governments; i++) {
        const struct forum_government *g = &f->governments[i];
        if (g->ref.kind == GOV_ASSOCIATION) {
            out->associations++;
            continue;
        }
        out->governments++;
        if (g->national_delegation)
            out->national_delegations++;
        if (g->ref.country >= 0)
            n_countries = add_distinct(countries, n_countries, ARRAY_LEN(countries),
                                       taxonomy_country(g->ref.country)->alpha2);
        n_regions =
            add_distinct(regions, n_regions, ARRAY_LEN(regions), forum_region_name(g->ref.country));
    }
    out->countries = n_countries;
    out->regions = n_regions;
    for (size_t s = 0; s < f->n_sessions; s++) {
        const struct forum_session *se = &f->sessions[s];
        bool speaks = false, local = false;
        for (size_t p = 0; p < se->n_participants; p++) {
            const struct forum_government *g = represented(f, &se->participants[p]);
            if (g == NULL)
                continue;
            speaks = speaks || participant_role_speaks(se->participants[p].role);
            local = local || g->ref.kind != GOV_ASSOCIATION;
        }
        if (se->kind == SESSION_OFFICIAL) {
            out->official_sessions++;
            if (speaks)
                out->official_sessions_with_local_government++;
        }
        if (local)
            out->events++;
    }
}

/* ---- JSON ---- */

/* A text field: omitted when absent on export, null in the API. */
static void
text(struct buf *out, const char *name, const char *value, enum forum_style style, bool *first)
{
    bool absent = value == NULL || *value == '\0';
    if (absent && style == FORUM_EXPORT)
        return;
    buf_add_json_key(out, name, first);
    if (absent)
        buf_addstr(out, "null");
    else
        buf_add_json_strz(out, value);
}

static void
government_ref(struct buf *out, const struct gov_ref *g, enum forum_style style, bool *first)
{
    const struct country *c = g->country >= 0 ? taxonomy_country(g->country) : NULL;
    if (style == FORUM_API)
        text(out, "slug", g->slug, style, first);
    text(out, "name", g->name, style, first);
    text(out, "country", c != NULL ? c->alpha2 : NULL, style, first);
}

static void
governments(struct buf *out, const struct forum *f, enum forum_style style, bool *first)
{
    if (f->n_governments == 0 && style == FORUM_EXPORT)
        return;
    buf_add_json_key(out, "governments", first);
    buf_addch(out, '[');
    for (size_t i = 0; i < f->n_governments; i++) {
        const struct forum_government *g = &f->governments[i];
        bool f1 = true;
        buf_addstr(out, i ? ",{" : "{");
        government_ref(out, &g->ref, style, &f1);
        text(out, "kind", gov_kind_codes[g->ref.kind], style, &f1);
        if (style == FORUM_API)
            text(out, "region", forum_region_name(g->ref.country), style, &f1);
        if (g->national_delegation || style == FORUM_API) {
            buf_add_json_key(out, "national_delegation", &f1);
            buf_addstr(out, g->national_delegation ? "true" : "false");
        }
        buf_addch(out, '}');
    }
    buf_addch(out, ']');
}

static void
participant(struct buf *out, const struct forum_participant *p, enum forum_style style)
{
    bool first = true;
    buf_addch(out, '{');
    if (p->has_government) {
        buf_add_json_key(out, "government", &first);
        buf_addch(out, '{');
        bool f1 = true;
        government_ref(out, &p->government, style, &f1);
        buf_addch(out, '}');
    } else if (style == FORUM_API) {
        buf_add_json_key(out, "government", &first);
        buf_addstr(out, "null");
    }
    text(out, "name", p->name, style, &first);
    text(out, "title", p->title, style, &first);
    text(out, "organisation", p->organisation, style, &first);
    text(out, "role", participant_role_codes[p->role], style, &first);
    buf_addch(out, '}');
}

static void
sessions(struct buf *out, const struct forum *f, enum forum_style style, bool *first)
{
    if (f->n_sessions == 0 && style == FORUM_EXPORT)
        return;
    buf_add_json_key(out, "sessions", first);
    buf_addch(out, '[');
    for (size_t s = 0; s < f->n_sessions; s++) {
        const struct forum_session *se = &f->sessions[s];
        bool f1 = true;
        buf_addstr(out, s ? ",{" : "{");
        text(out, "slug", se->slug, style, &f1);
        text(out, "title", se->title, style, &f1);
        text(out, "kind", session_kind_codes[se->kind], style, &f1);
        text(out, "day", se->day, style, &f1);
        text(out, "starts_at", se->starts_at, style, &f1);
        text(out, "ends_at", se->ends_at, style, &f1);
        text(out, "room", se->room, style, &f1);
        text(out, "summary", se->summary, style, &f1);
        if (se->n_participants > 0 || style == FORUM_API) {
            buf_add_json_key(out, "participants", &f1);
            buf_addch(out, '[');
            for (size_t p = 0; p < se->n_participants; p++) {
                buf_addstr(out, p ? "," : "");
                participant(out, &se->participants[p], style);
            }
            buf_addch(out, ']');
        }
        buf_addch(out, '}');
    }
    buf_addch(out, ']');
}

void
forum_json(struct buf *out, const struct forum *f, enum forum_style style)
{
    bool first = true;
    buf_addch(out, '{');
    if (style == FORUM_EXPORT)
        text(out, "type", "forum", style, &first);
    text(out, "slug", f->slug, style, &first);
    text(out, "name", f->name, style, &first);
    text(out, "kind", forum_kind_codes[f->kind], style, &first);
    text(out, "place", f->place, style, &first);
    text(out, "starts_on", f->starts_on, style, &first);
    text(out, "ends_on", f->ends_on, style, &first);
    text(out, "description", f->description, style, &first);
    governments(out, f, style, &first);
    sessions(out, f, style, &first);
    if (style == FORUM_EXPORT)
        buf_addch(out, '}');
}
