/* A fast path for reading JSON records: well-formed text is parsed here, anything else by
 * jansson, so results and error messages are always jansson's. */
#ifndef LOCALACTION_JSON_FAST_H
#define LOCALACTION_JSON_FAST_H

#include <jansson.h>
#include <stddef.h>

/** Parses @len bytes at @s as json_loadb(s, len, JSON_REJECT_DUPLICATES, err) does, with the
 * same result: an object or array, or NULL with @err filled. Text the fast path does not take
 * (\u escapes, deep nesting, any error) goes to jansson. The caller owns the result and frees
 * it with json_decref(). */
json_t *json_fast_load(const char *s, size_t len, json_error_t *err);

#endif
