/* The interface's languages: message catalogs read from gettext files under data/i18n/
 * (English from the .pot templates, French and Spanish from fr/ and es/), compiled into the
 * binary and loaded once. A translator edits the .po files; no C changes. A key a language
 * lacks falls back to English, so a half-translated catalog still gives a whole page. */
#ifndef LOCALACTION_I18N_H
#define LOCALACTION_I18N_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct field_error;

enum lang { LANG_EN, LANG_FR, LANG_ES, LANG_COUNT };

/** "en", "fr" or "es". */
const char *lang_code(enum lang lang);
/** The language's name in itself: "English", "Français", "Español". */
const char *lang_name(enum lang lang);
/** The language called @code ("fr", "FR", "fr-CA"), if it is one we speak. */
bool lang_from_code(const char *code, size_t len, enum lang *out);
/** The language of a stored code ("fr"), English when it is none we speak. */
enum lang lang_stored(const char *code);
/** The best of our languages for an Accept-Language header value, or LANG_EN. */
enum lang lang_from_accept(const char *header);

/** Loads every catalog. On a malformed file, returns ERR_INVALID with "file:line: reason" in
 * @why. Safe to call more than once (later calls do nothing). */
WARN_UNUSED enum err i18n_load(char *why, size_t why_len);

/** The text of @key in @lang, else in English, else @key itself: never NULL. */
const char *i18n_get(enum lang lang, const char *key);
/** Like i18n_get but NULL when no catalog has @key. */
const char *i18n_find(enum lang lang, const char *key);

/** {"t": {key: text, ...}} with every interface key (those without a dot) in @lang, for the
 * templates' bottom frame. Owned by the catalog. */
const json_t *i18n_frame(enum lang lang);

/** How many keys the English catalog has, and how many of them @lang translates. */
void i18n_coverage(enum lang lang, size_t *keys, size_t *translated);

/** Appends the reason of validation problem @fe (src/domain/validate.h) in @lang to @out: the
 * catalog text of its key with its values, English where the catalog has no text. */
void i18n_field_error(enum lang lang, const struct field_error *fe, struct buf *out);

/** @n with the language's digit grouping (1,234 / 1 234 / 1.234) into @out. */
void i18n_format_count(enum lang lang, uint64_t n, char *out, size_t out_len);

#endif
