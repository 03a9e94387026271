/* The JSON API handlers (docs/api.md). Each reads only declared parameters and answers only
 * published data. */
#ifndef LOCALACTION_API_H
#define LOCALACTION_API_H

#include "http/server.h"

void api_index(struct request *req, struct response *res);
void api_taxonomy_get(struct request *req, struct response *res);
void api_actions_list(struct request *req, struct response *res);
void api_actions_get(struct request *req, struct response *res);
void api_governments_list(struct request *req, struct response *res);
void api_governments_get(struct request *req, struct response *res);
void api_stats_get(struct request *req, struct response *res);

#endif
