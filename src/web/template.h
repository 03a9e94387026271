/* Mustache templates over jansson values: the HTML of every page comes from files under
 * data/templates/, compiled into the binary and parsed once at start-up.
 *
 * Supported: {{name}} (HTML-escaped), {{{name}}} and {{&name}} (raw: only for markup our own
 * code built, such as charts), {{#name}}...{{/name}} sections (a list repeats, an object or
 * any other true value renders once with itself on top of the context), {{^name}} inverted
 * sections, {{>partial}}, {{! comments}}, dotted names (a.b.c) and {{.}}. Null, false, a
 * missing name, "", 0-length lists and the integer 0 are false. A tag alone on its line takes
 * the line with it, as the Mustache specification says, so templates can be indented freely. */
#ifndef LOCALACTION_TEMPLATE_H
#define LOCALACTION_TEMPLATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

struct tmpl_set;

struct tmpl_set *tmpl_set_new(void);
void tmpl_set_free(struct tmpl_set *set);

/** Parses template @name from @src (copied). On a syntax error, returns ERR_INVALID and writes
 * "name:line: reason" into @why. */
WARN_UNUSED enum err tmpl_set_add(struct tmpl_set *set, const char *name, const char *src,
                                  size_t len, char *why, size_t why_len);

/** Checks that every partial a template names exists. Call once after the last add. */
WARN_UNUSED enum err tmpl_set_link(struct tmpl_set *set, char *why, size_t why_len);

/** Whether the set holds a template called @name. */
bool tmpl_set_has(const struct tmpl_set *set, const char *name);

/** Renders template @name into @out. Names are looked up in @frames from the last to the
 * first (the last is the innermost), so shared values such as the message catalog can sit in
 * frame 0 without being copied into each page's context. The set and the frames are only
 * read: many threads may render at once. */
void tmpl_render(const struct tmpl_set *set, const char *name, const json_t *const *frames,
                 size_t n_frames, struct buf *out);

#endif
