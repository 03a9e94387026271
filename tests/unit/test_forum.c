/* Unit tests of domain/forum: the figures a report states about a forum, computed from its
 * delegation and programme, and the regions they count. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/forum.h"
#include "domain/taxonomy.h"
#include "util/err.h"
#include "util/xalloc.h"

static int
setup(void **state)
{
    (void)state;
    return taxonomy_init() == ERR_OK ? 0 : -1;
}

static void
add_government(struct forum *f, const char *name, const char *country, enum gov_kind kind,
               bool national)
{
    f->governments = xreallocarray(f->governments, f->n_governments + 1, sizeof(*f->governments));
    struct forum_government *g = &f->governments[f->n_governments++];
    memset(g, 0, sizeof(*g));
    g->ref.name = xstrdup(name);
    g->ref.country = taxonomy_country_find(country, strlen(country));
    g->ref.kind = kind;
    g->national_delegation = national;
}

static struct forum_session *
add_session(struct forum *f, enum session_kind kind)
{
    f->sessions = xreallocarray(f->sessions, f->n_sessions + 1, sizeof(*f->sessions));
    struct forum_session *s = &f->sessions[f->n_sessions++];
    memset(s, 0, sizeof(*s));
    s->kind = kind;
    s->title = xstrdup("a session");
    return s;
}

/* A participant speaking for the government named @name of @country (written as given, so
 * matching must ignore case and accents), or for no government when @name is NULL. */
static void
add_participant(struct forum_session *s, const char *name, const char *country,
                enum participant_role role)
{
    s->participants =
        xreallocarray(s->participants, s->n_participants + 1, sizeof(*s->participants));
    struct forum_participant *p = &s->participants[s->n_participants++];
    memset(p, 0, sizeof(*p));
    p->role = role;
    if (name == NULL) {
        p->organisation = xstrdup("University of Sussex");
        return;
    }
    p->has_government = true;
    p->government.name = xstrdup(name);
    p->government.country = taxonomy_country_find(country, strlen(country));
}

static void
test_counts_governments_regions_delegations(void **state)
{
    struct forum f;
    struct forum_figures fig;
    (void)state;
    forum_init(&f);
    add_government(&f, "Accra", "GH", GOV_CITY, true);
    add_government(&f, "Kampala", "UG", GOV_CITY, false);
    add_government(&f, "Entebbe", "UG", GOV_CITY, false);
    add_government(&f, "Montréal", "CA", GOV_CITY, true);
    add_government(&f, "São Paulo", "BR", GOV_CITY, false);
    add_government(&f, "United Cities and Local Governments", "ES", GOV_ASSOCIATION, false);
    forum_figures(&f, 12, &fig);
    assert_int_equal(fig.actions, 12);
    assert_int_equal(fig.governments, 5);
    assert_int_equal(fig.associations, 1);
    assert_int_equal(fig.countries, 4);
    /* Africa, Northern America, Latin America and the Caribbean: the association's Europe is
     * not counted */
    assert_int_equal(fig.regions, 3);
    assert_int_equal(fig.national_delegations, 2);
    assert_int_equal(fig.official_sessions, 0);
    assert_int_equal(fig.events, 0);
    forum_release(&f);
}

static void
test_sessions_with_local_government(void **state)
{
    struct forum f;
    struct forum_figures fig;
    (void)state;
    forum_init(&f);
    add_government(&f, "São Paulo", "BR", GOV_CITY, false);
    add_government(&f, "Accra", "GH", GOV_CITY, true);
    add_government(&f, "UCLG", "ES", GOV_ASSOCIATION, false);
    /* 1: a speaker named without accents and in capitals still speaks for São Paulo */
    add_participant(add_session(&f, SESSION_OFFICIAL), "SAO PAULO", "BR", PART_SPEAKER);
    /* 2: a local government present but not speaking */
    add_participant(add_session(&f, SESSION_OFFICIAL), "Accra", "GH", PART_DELEGATE);
    /* 3: only an academic speaks */
    add_participant(add_session(&f, SESSION_OFFICIAL), NULL, NULL, PART_PANELLIST);
    /* 4: an association gives the keynote: a speaking role for a forum government */
    add_participant(add_session(&f, SESSION_OFFICIAL), "UCLG", "ES", PART_KEYNOTE);
    /* 5: a government that is not the forum's does not count */
    add_participant(add_session(&f, SESSION_OFFICIAL), "Accra", "UG", PART_SPEAKER);
    /* a side event with a local government, and a network event with the association only */
    add_participant(add_session(&f, SESSION_SIDE_EVENT), "Accra", "GH", PART_PARTICIPANT);
    add_participant(add_session(&f, SESSION_NETWORK_EVENT), "UCLG", "ES", PART_MODERATOR);
    forum_figures(&f, 0, &fig);
    assert_int_equal(fig.official_sessions, 5);
    assert_int_equal(fig.official_sessions_with_local_government, 2);
    /* sessions 1 and 2 and the side event: a local government other than an association took
     * part */
    assert_int_equal(fig.events, 3);
    forum_release(&f);
}

static void
test_stored_ids_decide(void **state)
{
    struct forum f;
    struct forum_figures fig;
    (void)state;
    forum_init(&f);
    add_government(&f, "Accra", "GH", GOV_CITY, false);
    f.governments[0].ref.id = 7;
    struct forum_session *s = add_session(&f, SESSION_OFFICIAL);
    add_participant(s, "Accra", "GH", PART_SPEAKER);
    s->participants[0].government.id = 8; /* another stored government of the same name */
    forum_figures(&f, 0, &fig);
    assert_int_equal(fig.official_sessions_with_local_government, 0);
    s->participants[0].government.id = 7;
    forum_figures(&f, 0, &fig);
    assert_int_equal(fig.official_sessions_with_local_government, 1);
    forum_release(&f);
}

static void
test_region_names(void **state)
{
    (void)state;
    assert_string_equal(forum_region_name(taxonomy_country_find("US", 2)), "Northern America");
    assert_string_equal(forum_region_name(taxonomy_country_find("UY", 2)),
                        "Latin America and the Caribbean");
    assert_string_equal(forum_region_name(taxonomy_country_find("BD", 2)), "Asia");
    assert_string_equal(forum_region_name(taxonomy_country_find("GM", 2)), "Africa");
    assert_null(forum_region_name(taxonomy_country_find("AQ", 2)));
    assert_null(forum_region_name(-1));
}

static void
test_speaking_roles(void **state)
{
    (void)state;
    assert_true(participant_role_speaks(PART_SPEAKER));
    assert_true(participant_role_speaks(PART_PANELLIST));
    assert_true(participant_role_speaks(PART_KEYNOTE));
    assert_true(participant_role_speaks(PART_MODERATOR));
    assert_false(participant_role_speaks(PART_DELEGATE));
    assert_false(participant_role_speaks(PART_NATIONAL_DELEGATION));
    assert_false(participant_role_speaks(PART_PARTICIPANT));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_governments_regions_delegations),
        cmocka_unit_test(test_sessions_with_local_government),
        cmocka_unit_test(test_stored_ids_decide),
        cmocka_unit_test(test_region_names),
        cmocka_unit_test(test_speaking_roles),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
