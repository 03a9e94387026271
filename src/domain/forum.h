/* Review forums as the program holds them: a review moment (the IMRF 2022, the Global Refugee
 * Forum 2023, a regional review), the governments its delegation counted, and its programme of
 * sessions with who took part in each and in what role. The figures a report states about a
 * forum are computed from this data by forum_figures(), a pure function. Strings are owned by
 * the record and freed by forum_release(); a NULL string is an absent value. */
#ifndef LOCALACTION_FORUM_H
#define LOCALACTION_FORUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/buf.h"

enum forum_kind { FORUM_IMRF, FORUM_GRF, FORUM_REGIONAL_REVIEW, FORUM_OTHER, FORUM_KIND_COUNT };

enum session_kind {
    SESSION_OFFICIAL,      /* the hearing, the roundtables, the policy debate, the plenary */
    SESSION_SIDE_EVENT,    /* on the forum's side-event programme */
    SESSION_NETWORK_EVENT, /* organised by city networks around the forum */
    SESSION_KIND_COUNT
};

enum participant_role {
    PART_SPEAKER,
    PART_PANELLIST,
    PART_KEYNOTE,
    PART_MODERATOR,
    PART_DELEGATE,            /* in the room for a government, without a speaking role */
    PART_NATIONAL_DELEGATION, /* a member of the national government's delegation */
    PART_PARTICIPANT,         /* took part; the report says no more */
    PART_ROLE_COUNT
};

/* The codes of these enums in records and the API ("side_event", "panellist"). */
extern const char *const forum_kind_codes[FORUM_KIND_COUNT];
extern const char *const session_kind_codes[SESSION_KIND_COUNT];
extern const char *const participant_role_codes[PART_ROLE_COUNT];

/** Whether @role is a speaking role (speaker, panellist, keynote, moderator). */
bool participant_role_speaks(enum participant_role role);

struct forum_government {
    struct gov_ref ref;       /* name and country; id and slug once resolved or loaded */
    bool national_delegation; /* came in its national government's delegation */
};

struct forum_participant {
    bool has_government;
    struct gov_ref government; /* one of the forum's governments, when has_government */
    char *name, *title, *organisation;
    enum participant_role role;
};

struct forum_session {
    char *slug, *title;
    enum session_kind kind;
    char day[11];      /* "YYYY-MM-DD", "" when not known */
    char starts_at[6]; /* "HH:MM", "" when not known */
    char ends_at[6];
    char *room, *summary;
    struct forum_participant *participants;
    size_t n_participants;
};

struct forum {
    int64_t id; /* 0 until stored */
    char *slug, *name;
    enum forum_kind kind;
    char *place;
    char starts_on[11], ends_on[11]; /* "YYYY-MM-DD", "" when not known */
    char *description;
    struct forum_government *governments;
    size_t n_governments;
    struct forum_session *sessions;
    size_t n_sessions;
};

void forum_init(struct forum *f);
void forum_release(struct forum *f);

/* What a report says of a forum, computed from its data. */
struct forum_figures {
    size_t actions;              /* published actions submitted to it (given by the caller) */
    size_t governments;          /* its governments that are not associations */
    size_t countries;            /* distinct countries of those */
    size_t regions;              /* distinct world regions of those (forum_region_name()) */
    size_t national_delegations; /* of those, how many came in a national delegation */
    size_t associations;         /* its governments of kind association */
    size_t official_sessions;
    /* official sessions where someone speaks (speaker, panellist, keynote, moderator) for one
     * of its governments */
    size_t official_sessions_with_local_government;
    /* sessions of any kind in which one of its governments other than an association took part */
    size_t events;
};

/** Computes @f's figures; @actions is the number of published actions submitted to it. A
 * participant represents a forum government when their ids match (both stored) or their
 * countries and folded names do. Pure: reads only @f and the taxonomy. */
void forum_figures(const struct forum *f, size_t actions, struct forum_figures *out);

/** The world region a report counts for a country: its UN M49 region, except that the Americas
 * count as their two M49 sub-regions, Latin America and the Caribbean and Northern America (the
 * UN's six "major areas"). NULL for a country without a region (Antarctica). */
const char *forum_region_name(int country);

enum forum_style {
    FORUM_EXPORT, /* the import format, with "type": "forum" */
    FORUM_API,    /* GET /api/v1/forums/{slug}: slugs, regions, nulls for absent values */
};

/** Appends @f as one JSON object. With FORUM_API the object is left open (no closing brace),
 * so the caller can add "figures". */
void forum_json(struct buf *out, const struct forum *f, enum forum_style style);

#endif
