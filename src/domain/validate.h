/* One set of rules for every way a record comes in (CSV, JSON, the API): turns a JSON object
 * into a checked struct action or struct government, collecting every problem found. CSV rows
 * arrive as objects of strings, so each field accepts its JSON type or its text form. */
#ifndef LOCALACTION_VALIDATE_H
#define LOCALACTION_VALIDATE_H

#include <jansson.h>
#include <stddef.h>

#include "domain/forum.h"
#include "domain/model.h"
#include "util/buf.h"
#include "util/err.h"

#define VALIDATE_MAX_ERRORS    20
#define FIELD_ERROR_VARS_BYTES 480 /* the values of a reason's placeholders, packed */
#define FIELD_ERROR_VARS_MAX   6   /* placeholders of one reason, with {item} {field} {reason} */

/* One problem of a record. Its reason is a catalog key with an English text holding {name}
 * placeholders and their values, so a page or the API can say it in the reader's language
 * (i18n_field_error(), src/web/i18n.h); @message is the English, which the importer prints. */
struct field_error {
    char field[48];
    char message[240]; /* in English, placeholders filled (cut when longer) */
    const char *key;   /* the reason's catalog key; NULL for a reason in English only */
    const char *text;  /* its English text, with {placeholders}; static */
    char vars[FIELD_ERROR_VARS_BYTES]; /* "name\0value\0" pairs, then "\0" */
    size_t item;       /* within a list of objects: the item's number from 1, else 0 */
    char subfield[48]; /* and the field of that item at fault ("" when none) */
};

struct field_errors {
    struct field_error items[VALIDATE_MAX_ERRORS];
    size_t count; /* stored, at most VALIDATE_MAX_ERRORS */
    size_t total; /* found */
};

/** Adds a problem whose reason is English only (the importer's own, which no page shows). */
void field_errors_add(struct field_errors *e, const char *field, const char *fmt, ...)
    ATTR_PRINTF(3, 4);

/** Adds a problem of @field: the reason @key (a catalog key of data/i18n/ui.pot, whose msgid
 * is @text), @text its English with {name} placeholders, and @vars the values for them, a
 * NULL-terminated list of name, value pairs (NULL when there are none). @key and @text must be
 * string literals (static); values are copied, at most FIELD_ERROR_VARS_MAX of them, a value
 * too long for the room left cut on a character boundary. */
void field_errors_say(struct field_errors *e, const char *field, const char *key, const char *text,
                      const char *const *vars);

/** Adds each problem of @sub to @e as a problem of @field: of its item @item (from 1; 0 when
 * @field is one object), naming the item's field at fault. */
void field_errors_nest(struct field_errors *e, const char *field, size_t item,
                       const struct field_errors *sub);

/** Appends the text of @fe to @out, each catalog text taken from @lookup(@ctx, key) and, when
 * it gives NULL (or @lookup is NULL), in English. A nested problem is said as "{field}
 * {reason}" or "item {item}: {field} {reason}" (keys valid_in_field and valid_in_item). */
void field_error_format(const struct field_error *fe,
                        const char *(*lookup)(void *ctx, const char *key), void *ctx,
                        struct buf *out);

/** Fills @out (initialised by the caller) from @obj. Returns ERR_OK, or ERR_INVALID with the
 * reasons in @errs. Governments are checked but not resolved (their ids stay 0). @out owns what
 * it holds either way; release it with action_release(). */
WARN_UNUSED enum err validate_action(json_t *obj, struct action *out, struct field_errors *errs);

/** Whether @s names an action kind, as its code or a word for it ("Good practice"). */
bool validate_is_action_kind(const char *s);

/** The same for a government record. */
WARN_UNUSED enum err validate_government(json_t *obj, struct government *out,
                                         struct field_errors *errs);

/** The same for a forum: its delegation's governments (checked, not resolved) and its
 * programme, each participant's government one of the forum's. */
WARN_UNUSED enum err validate_forum(json_t *obj, struct forum *out, struct field_errors *errs);

/** Parses one government as an action names it: "Kampala, UG", "Kampala (Uganda)". On
 * ERR_INVALID the reason is added to @errs (may be NULL) as a problem of "governments". */
WARN_UNUSED enum err validate_gov_ref_text(const char *s, size_t len, struct gov_ref *out,
                                           struct field_errors *errs);

#endif
