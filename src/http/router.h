/* Method + path -> handler. The route table is the list of every endpoint the server has. */
#ifndef LOCALACTION_ROUTER_H
#define LOCALACTION_ROUTER_H

#include "http/server.h"

/** Finds the handler for @req and runs it; answers 404 or 405 itself. After the handler, a
 * query parameter it did not read makes the answer a 400, so a typo never passes silently. */
void router_dispatch(struct request *req, struct response *res);

/** The part of @path after @prefix when it is one non-empty segment, else NULL. */
const char *router_tail(const char *path, const char *prefix);

/** Copies into @out (@cap bytes) the segment of @path that stands where "{}" is in @pattern
 * ("/governments/{}/endorsement"); false when @path does not match or the segment does not
 * fit. */
bool router_segment(const char *path, const char *pattern, char *out, size_t cap);
/** Copies segment @index (0 is the one after the first '/') of @path into @out, at most @cap
 * bytes with the NUL; false when there is no such segment, it is empty, or it is too long. */
bool router_segment_at(const char *path, size_t index, char *out, size_t cap);

#endif
