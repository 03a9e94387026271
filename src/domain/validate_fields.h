/* The checks validate.c applies to one field, for the validators of other kinds of record
 * (progress updates), so every record reads text, addresses, codes and times the same way and
 * words its errors alike. Each reports a problem as a field error on @field. */
#ifndef LOCALACTION_VALIDATE_FIELDS_H
#define LOCALACTION_VALIDATE_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/validate.h"

/** The text of @field of @obj (a string, or a number written as text), trimmed, valid UTF-8
 * and at most @max_chars code points, as a heap copy; NULL when absent, empty or refused. */
char *validate_text_field(json_t *obj, const char *field, size_t max_chars, bool required,
                          struct field_errors *errs);

/** An http:// or https:// address (at most LIMIT_URL characters) as a heap copy, or NULL. */
char *validate_url_field(json_t *obj, const char *field, struct field_errors *errs);

/** The index of @field's code in @codes (case ignored, spaces and hyphens for underscores),
 * @fallback when absent, -1 after reporting an error. */
int validate_code_field(json_t *obj, const char *field, const char *const *codes, int n,
                        int fallback, struct field_errors *errs);

/** A UTC time YYYY-MM-DDTHH:MM:SSZ into *out (0 when absent). */
void validate_time_field(json_t *obj, const char *field, int64_t *out, struct field_errors *errs);

/** A scalar's text: a JSON string (trimmed), or a number written into @numbuf. False when
 * absent, null or empty; other types are reported. */
bool validate_scalar_text(json_t *v, const char *field, struct field_errors *errs, char *numbuf,
                          size_t numbuf_len, const char **s, size_t *len);

/** Whether @s is a valid external id: letters, digits and . _ : - (the length is the caller's
 * to check). */
bool validate_is_external_id(const char *s);

#endif
