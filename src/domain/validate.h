/* One set of rules for every way a record comes in (CSV, JSON, the API): turns a JSON object
 * into a checked struct action or struct government, collecting every problem found. CSV rows
 * arrive as objects of strings, so each field accepts its JSON type or its text form. */
#ifndef LOCALACTION_VALIDATE_H
#define LOCALACTION_VALIDATE_H

#include <jansson.h>
#include <stddef.h>

#include "domain/forum.h"
#include "domain/model.h"
#include "util/err.h"

#define VALIDATE_MAX_ERRORS 20

struct field_error {
    char field[48];
    char message[240];
};

struct field_errors {
    struct field_error items[VALIDATE_MAX_ERRORS];
    size_t count; /* stored, at most VALIDATE_MAX_ERRORS */
    size_t total; /* found */
};

void field_errors_add(struct field_errors *e, const char *field, const char *fmt, ...)
    ATTR_PRINTF(3, 4);

/** Fills @out (initialised by the caller) from @obj. Returns ERR_OK, or ERR_INVALID with the
 * reasons in @errs. Governments are checked but not resolved (their ids stay 0). @out owns what
 * it holds either way; release it with action_release(). */
WARN_UNUSED enum err validate_action(json_t *obj, struct action *out, struct field_errors *errs);

/** The same for a government record. */
WARN_UNUSED enum err validate_government(json_t *obj, struct government *out,
                                         struct field_errors *errs);

/** The same for a forum: its delegation's governments (checked, not resolved) and its
 * programme, each participant's government one of the forum's. */
WARN_UNUSED enum err validate_forum(json_t *obj, struct forum *out, struct field_errors *errs);

/** Parses one government as an action names it: "Kampala, UG", "Kampala (Uganda)". */
WARN_UNUSED enum err validate_gov_ref_text(const char *s, size_t len, struct gov_ref *out,
                                           char *why, size_t why_len);

#endif
